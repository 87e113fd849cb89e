// Compliance: the audit trail (filters, export, chain verification), the compliance report
// (with export), and any postmortem as of a version or a time.
import { useEffect } from "react";
import { NavLink, Route, Routes } from "react-router";

import { useMe } from "../../api/ApiProvider";
import { AuditTrail } from "./AuditTrail";
import { PointInTime } from "./PointInTime";
import { Report } from "./Report";

export default function CompliancePage() {
  const me = useMe();
  useEffect(() => {
    document.title = "Compliance · Postmortems";
  }, []);
  if (!me.can("READ_AUDIT")) {
    return (
      <p role="alert" className="error">
        The audit trail and compliance reports are for the compliance and admin roles.
      </p>
    );
  }
  return (
    <>
      <h1>Compliance</h1>
      <nav aria-label="Compliance" className="tabs">
        <NavLink to="/compliance" end>
          Audit trail
        </NavLink>
        <NavLink to="/compliance/report">Compliance report</NavLink>
        <NavLink to="/compliance/as-of">Point in time</NavLink>
      </nav>
      <Routes>
        <Route index element={<AuditTrail />} />
        <Route path="report" element={<Report />} />
        <Route path="as-of" element={<PointInTime />} />
      </Routes>
    </>
  );
}

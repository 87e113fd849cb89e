// The read view of a postmortem's content: the template's sections in order.
import type { ReactNode } from "react";

import type { Section } from "../gql/graphql";
import { formatDate, humanize } from "../lib/format";
import type { Content } from "../lib/sections";
import { SECTION_TITLES } from "../lib/sections";
import { SeverityBadge } from "./Badges";
import { useZone } from "./TimeZone";
import { HighlightedText, type Warning, warningsFor } from "./Warnings";

export interface DocumentProps {
  content: Content;
  warnings?: readonly Warning[];
  /** Rendered under each section (e.g. its review comments). */
  after?: (section: Section) => ReactNode;
  /** Replaces the action items table (e.g. with status controls). */
  actionItems?: ReactNode;
  headingLevel?: 2 | 3;
}

function Text({ field, text, warnings }: { field: string; text: string; warnings: readonly Warning[] }) {
  return <HighlightedText text={text} warnings={warningsFor(warnings, field)} />;
}

export function PostmortemDocument({
  content: c,
  warnings = [],
  after,
  actionItems,
  headingLevel = 2,
}: DocumentProps) {
  const H = headingLevel === 2 ? "h2" : "h3";
  const z = useZone();
  const w = c.incidentWindow;
  const i = c.impact;
  const section = (key: Section, body: ReactNode) => (
    <section key={key} className="doc-section" aria-labelledby={`doc-${key}`}>
      <H id={`doc-${key}`}>{SECTION_TITLES[key]}</H>
      {body}
      {after?.(key)}
    </section>
  );
  return (
    <div className="document">
      {section(
        "METADATA",
        <dl className="facts">
          <dt>Severity</dt>
          <dd>
            <SeverityBadge severity={c.severity} />
          </dd>
          <dt>Services</dt>
          <dd>{c.services.join(", ") || "—"}</dd>
          <dt>Team</dt>
          <dd>{c.team ?? "—"}</dd>
          {c.tags.length > 0 && (
            <>
              <dt>Tags</dt>
              <dd>{c.tags.join(", ")}</dd>
            </>
          )}
          {c.incidentRef && (
            <>
              <dt>Incident</dt>
              <dd>{c.incidentRef}</dd>
            </>
          )}
          <dt>Started</dt>
          <dd>{z.dateTime(w.startedAt)}</dd>
          <dt>Detected</dt>
          <dd>{z.dateTime(w.detectedAt) || "—"}</dd>
          <dt>Mitigated</dt>
          <dd>{z.dateTime(w.mitigatedAt) || "—"}</dd>
          <dt>Resolved</dt>
          <dd>{z.dateTime(w.resolvedAt) || "—"}</dd>
          <dt>Authors</dt>
          <dd>{c.authors.join(", ")}</dd>
        </dl>,
      )}
      {section(
        "SUMMARY",
        c.summary ? (
          <p className="prose">
            <Text field="summary" text={c.summary} warnings={warnings} />
          </p>
        ) : (
          <p className="hint">No summary yet.</p>
        ),
      )}
      {section(
        "TIMELINE",
        c.timeline.length ? (
          <table>
            <caption className="visually-hidden">Timeline of events</caption>
            <thead>
              <tr>
                <th scope="col">Time ({z.zone})</th>
                <th scope="col">Kind</th>
                <th scope="col">What happened</th>
                <th scope="col">Source</th>
              </tr>
            </thead>
            <tbody>
              {c.timeline.map((e, index) => (
                <tr key={e.id}>
                  <td>{z.dateTime(e.at)}</td>
                  <td>{humanize(e.kind)}</td>
                  <td>
                    <Text field={`timeline[${index}].description`} text={e.description} warnings={warnings} />
                  </td>
                  <td>{e.source ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="hint">No timeline entries yet.</p>
        ),
      )}
      {section(
        "ROOT_CAUSE",
        <>
          {c.rootCause.whys.length > 0 && (
            <ol className="whys">
              {c.rootCause.whys.map((why, index) => (
                <li key={index}>
                  <strong>
                    <Text field={`rootCause.whys[${index}].why`} text={why.why} warnings={warnings} />
                  </strong>{" "}
                  <Text field={`rootCause.whys[${index}].because`} text={why.because} warnings={warnings} />
                </li>
              ))}
            </ol>
          )}
          <p className="prose">
            <strong>Root cause: </strong>
            {c.rootCause.statement ? (
              <Text field="rootCause.statement" text={c.rootCause.statement} warnings={warnings} />
            ) : (
              "—"
            )}
          </p>
          <p>
            <strong>Category: </strong>
            {c.rootCause.category ? humanize(c.rootCause.category) : "—"}
          </p>
          {c.rootCause.contributingFactors.length > 0 && (
            <>
              <p>
                <strong>Contributing factors</strong>
              </p>
              <ul>
                {c.rootCause.contributingFactors.map((factor, index) => (
                  <li key={index}>
                    <Text field={`rootCause.contributingFactors[${index}]`} text={factor} warnings={warnings} />
                  </li>
                ))}
              </ul>
            </>
          )}
        </>,
      )}
      {section(
        "IMPACT",
        <dl className="facts">
          <dt>Users affected</dt>
          <dd>
            {i.usersAffectedCount ?? "—"}
            {i.usersAffectedPercent !== null && ` (${i.usersAffectedPercent}%)`}
          </dd>
          <dt>Downtime</dt>
          <dd>
            {i.downtimeMinutes === null ? "—" : `${i.downtimeMinutes} min`}
            {i.downtimeDerived && " (from the incident window)"}
          </dd>
          <dt>Support tickets</dt>
          <dd>{i.supportTickets ?? "—"}</dd>
          <dt>Revenue loss</dt>
          <dd>{i.revenueLoss ? `${i.revenueLoss.amount} ${i.revenueLoss.currency}` : "—"}</dd>
          <dt>Response effort</dt>
          <dd>
            {i.responders
              ? `${i.responders.engineers ?? "?"} engineers × ${i.responders.hours ?? "?"} h`
              : "—"}
          </dd>
          <dt>Customer-facing</dt>
          <dd>{i.customerFacing === null ? "—" : i.customerFacing ? "Yes" : "No"}</dd>
          <dt>SLA breached</dt>
          <dd>{i.slaBreached === null ? "—" : i.slaBreached ? "Yes" : "No"}</dd>
          {i.notes && (
            <>
              <dt>Notes</dt>
              <dd>
                <Text field="impact.notes" text={i.notes} warnings={warnings} />
              </dd>
            </>
          )}
        </dl>,
      )}
      {section(
        "LESSONS",
        <div className="columns">
          <div>
            <p>
              <strong>What went well</strong>
            </p>
            <ul>
              {c.wentWell.map((t, index) => (
                <li key={index}>
                  <Text field={`wentWell[${index}]`} text={t} warnings={warnings} />
                </li>
              ))}
            </ul>
          </div>
          <div>
            <p>
              <strong>What didn't go well</strong>
            </p>
            <ul>
              {c.wentBadly.map((t, index) => (
                <li key={index}>
                  <Text field={`wentBadly[${index}]`} text={t} warnings={warnings} />
                </li>
              ))}
            </ul>
          </div>
        </div>,
      )}
      {section(
        "ACTION_ITEMS",
        actionItems ?? <ActionItemsTable items={c.actionItems} />,
      )}
    </div>
  );
}

export function ActionItemsTable({ items }: { items: Content["actionItems"] }) {
  if (items.length === 0) return <p className="hint">No action items.</p>;
  return (
    <table>
      <caption className="visually-hidden">Action items</caption>
      <thead>
        <tr>
          <th scope="col">Priority</th>
          <th scope="col">Action item</th>
          <th scope="col">Owner</th>
          <th scope="col">Due</th>
          <th scope="col">Status</th>
          <th scope="col">Tracker</th>
        </tr>
      </thead>
      <tbody>
        {items.map((a) => (
          <tr key={a.id}>
            <td>{a.priority}</td>
            <td>
              {a.title}
              {a.description && <div className="hint">{a.description}</div>}
            </td>
            <td>{a.owner ?? "—"}</td>
            <td>{formatDate(a.dueDate) || "—"}</td>
            <td>{a.status ? humanize(a.status) : "—"}</td>
            <td>{a.tracker ?? ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

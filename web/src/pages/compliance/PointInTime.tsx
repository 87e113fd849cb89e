import type { FormEvent } from "react";
import { useSearchParams } from "react-router";
import { useQuery } from "urql";

import { PostmortemAsOfDoc } from "../../api/postmortems";
import { SeverityBadge, StateBadge } from "../../components/Badges";
import { Failure, Loading } from "../../components/Notes";
import { PostmortemDocument } from "../../components/PostmortemDocument";
import { useZone } from "../../components/TimeZone";

export function PointInTime() {
  const [params, setParams] = useSearchParams();
  const z = useZone();
  const id = params.get("id") ?? "";
  const version = params.get("version") ? Number(params.get("version")) : null;
  const at = z.fromInput(params.get("at") ?? "");
  const [{ data, fetching, error }] = useQuery({
    query: PostmortemAsOfDoc,
    variables: { id, asOfVersion: version, asOf: version ? null : at },
    pause: !id || (!version && !at),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [key, value] of new FormData(event.currentTarget).entries()) {
      if (typeof value === "string" && value.trim()) next.set(key, value.trim());
    }
    setParams(next);
  }
  const pm = data?.postmortem;
  return (
    <section aria-labelledby="pit-heading">
      <h2 id="pit-heading">A postmortem as it was</h2>
      <form className="filters" onSubmit={submit} key={params.toString()} aria-label="Which postmortem, at which version or time">
        <label className="grow">
          Postmortem id
          <input name="id" defaultValue={id} required />
        </label>
        <label>
          Version
          <input type="number" min={1} name="version" defaultValue={version ?? ""} />
        </label>
        <label>
          {`or at time (${z.zone})`}
          <input type="datetime-local" name="at" defaultValue={params.get("at") ?? ""} />
        </label>
        <div className="actions">
          <button type="submit" className="primary">
            Show
          </button>
        </div>
      </form>
      {error && <Failure message={error.message} />}
      {fetching && <Loading />}
      {data && !pm && <p role="status">Nothing to show: it did not exist yet then, or it was an unpublished draft you may not see.</p>}
      {pm && (
        <>
          <p role="status">
            <strong>{pm.title}</strong> at version {pm.version} ({z.dateTime(pm.updatedAt)}):{" "}
            <StateBadge state={pm.state} /> <SeverityBadge severity={pm.severity} />, content hash{" "}
            <code>{pm.contentHash.slice(0, 16)}…</code>
          </p>
          <PostmortemDocument content={pm} warnings={pm.blamelessWarnings} headingLevel={3} />
        </>
      )}
    </section>
  );
}

// Compare any two versions of a postmortem (or a published revision with the current text).
import { useId, useState } from "react";
import { useQuery } from "urql";

import { PostmortemAsOfDoc } from "../api/postmortems";
import { sectionTexts } from "../lib/sections";
import { DiffView } from "./DiffView";
import { useZone } from "./TimeZone";
import { Failure, Loading } from "./Notes";

export interface VersionDiffProps {
  id: string;
  current: number;
  revisions: readonly { revision: number; version: number }[];
  /** The version to compare from at first (default: the last published one, else 1). */
  initialFrom?: number;
}

export function VersionDiff({ id, current, revisions, initialFrom }: VersionDiffProps) {
  const z = useZone();
  const lastPublished = revisions[revisions.length - 1]?.version;
  const [from, setFrom] = useState(initialFrom ?? lastPublished ?? 1);
  const [to, setTo] = useState<number | null>(null);
  const target = to ?? current;
  const fromId = useId();
  const toId = useId();
  const [a] = useQuery({ query: PostmortemAsOfDoc, variables: { id, asOfVersion: from } });
  const [b] = useQuery({ query: PostmortemAsOfDoc, variables: { id, asOfVersion: target } });
  const versions = Array.from({ length: current }, (_, i) => current - i);
  const label = (v: number) => {
    const r = revisions.find((rev) => rev.version === v);
    return r ? `Version ${v} (published revision ${r.revision})` : v === current ? `Version ${v} (current)` : `Version ${v}`;
  };
  const error = a.error ?? b.error;
  return (
    <section className="card" aria-labelledby={`${fromId}-h`}>
      <h2 id={`${fromId}-h`}>Compare versions</h2>
      <div className="inline-form">
        <label htmlFor={fromId}>From</label>
        <select id={fromId} value={from} onChange={(e) => setFrom(Number(e.target.value))}>
          {versions.map((v) => (
            <option key={v} value={v}>
              {label(v)}
            </option>
          ))}
        </select>
        <label htmlFor={toId}>To</label>
        <select id={toId} value={target} onChange={(e) => setTo(Number(e.target.value))}>
          {versions.map((v) => (
            <option key={v} value={v}>
              {label(v)}
            </option>
          ))}
        </select>
      </div>
      {lastPublished === undefined && (
        <p className="hint">Not published yet: there is no published revision to compare with.</p>
      )}
      {error && <Failure message={error.message} />}
      {(a.fetching || b.fetching) && !error && <Loading />}
      {a.data?.postmortem && b.data?.postmortem && (
        <DiffView
          label={`Differences from version ${from} to version ${target}`}
          before={sectionTexts(a.data.postmortem, undefined, z)}
          after={sectionTexts(b.data.postmortem, undefined, z)}
        />
      )}
    </section>
  );
}

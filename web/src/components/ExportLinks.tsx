// A postmortem's exports (the API's `exports` links): Markdown, HTML, PDF and the timeline as
// CSV. They need the bearer token, which never goes in a URL, so each is fetched and saved.
import { useState } from "react";

import { download } from "../lib/download";

interface Links {
  markdown: string;
  html: string;
  pdf: string;
  timelineCsv: string;
}

const FORMATS: { key: "markdown" | "html" | "pdf" | "timelineCsv"; label: string; file: string }[] = [
  { key: "markdown", label: "Markdown (.md)", file: "postmortem.md" },
  { key: "html", label: "HTML (.html)", file: "postmortem.html" },
  { key: "pdf", label: "PDF (.pdf)", file: "postmortem.pdf" },
  { key: "timelineCsv", label: "Timeline (.csv)", file: "timeline.csv" },
];

/** Download buttons for the exports; `version` exports that version (`?version=N`). */
export function ExportLinks({ links, version }: { links: Links; version?: number | null }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  async function save(key: (typeof FORMATS)[number]["key"], file: string) {
    setError(null);
    setBusy(key);
    try {
      await download(version ? `${links[key]}?version=${version}` : links[key], file);
    } catch (e) {
      setError(`Export failed: ${(e as Error).message}`);
    } finally {
      setBusy(null);
    }
  }
  return (
    <div className="actions no-print" role="group" aria-label="Export">
      <span className="hint">Export:</span>
      {FORMATS.map((f) => (
        <button key={f.key} type="button" disabled={busy !== null} onClick={() => void save(f.key, f.file)}>
          {f.label}
        </button>
      ))}
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </div>
  );
}

// Co-authors and "recurrence of" links.
import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { useMutation } from "urql";

import { AddAuthorDoc, LinkRecurrenceDoc, UnlinkRecurrenceDoc } from "../../api/postmortems";
import { OutcomeNote } from "../../components/Notes";
import { outcomeOf, type Outcome } from "../../lib/outcome";
import { useEditor } from "./context";

export function PeopleSection() {
  const { pm, accept, own } = useEditor();
  const [, addAuthor] = useMutation(AddAuthorDoc);
  const [, link] = useMutation(LinkRecurrenceDoc);
  const [, unlink] = useMutation(UnlinkRecurrenceDoc);
  const [author, setAuthor] = useState("");
  const [earlier, setEarlier] = useState("");
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  function done(o: Outcome) {
    setOutcome(o);
    if (o.kind === "saved") {
      own.add(o.postmortem.version);
      accept(o.postmortem);
      return true;
    }
    return false;
  }

  async function onAddAuthor(event: FormEvent) {
    event.preventDefault();
    const r = await addAuthor({ id: pm.id, expectedVersion: pm.version, input: { userId: author.trim() } });
    if (done(outcomeOf(r.data?.addAuthor, r.error))) setAuthor("");
  }
  async function onLink(event: FormEvent) {
    event.preventDefault();
    const r = await link({ id: pm.id, expectedVersion: pm.version, input: { postmortemId: earlier.trim() } });
    if (done(outcomeOf(r.data?.linkRecurrence, r.error))) setEarlier("");
  }
  async function onUnlink(postmortemId: string) {
    const r = await unlink({ id: pm.id, expectedVersion: pm.version, input: { postmortemId } });
    done(outcomeOf(r.data?.unlinkRecurrence, r.error));
  }

  return (
    <section className="card" aria-labelledby="people-heading">
      <h2 id="people-heading">Authors and links</h2>
      <p>Authors: {pm.authors.join(", ")}</p>
      <form onSubmit={onAddAuthor} aria-label="Add a co-author" className="inline-form">
        <label>
          Co-author user id
          <input value={author} onChange={(e) => setAuthor(e.target.value)} required maxLength={200} />
        </label>
        <button type="submit">Add co-author</button>
      </form>
      <p className="hint">A co-author can never approve this postmortem.</p>
      <h3>Recurrence of</h3>
      {pm.recurrenceOf.length === 0 ? (
        <p className="hint">Not linked to an earlier incident.</p>
      ) : (
        <ul>
          {pm.recurrenceOf.map((other) => (
            <li key={other}>
              <Link to={`/postmortems/${other}`}>{other}</Link>{" "}
              <button type="button" onClick={() => onUnlink(other)} aria-label={`Unlink ${other}`}>
                Unlink
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={onLink} aria-label="Link an earlier postmortem" className="inline-form">
        <label>
          Earlier postmortem id
          <input value={earlier} onChange={(e) => setEarlier(e.target.value)} required />
        </label>
        <button type="submit">Link</button>
      </form>
      {outcome?.kind === "conflict" && (
        <p role="alert" className="error">
          Not saved: the postmortem changed meanwhile (now version {outcome.currentVersion}); try again.
        </p>
      )}
      <OutcomeNote outcome={outcome} />
    </section>
  );
}

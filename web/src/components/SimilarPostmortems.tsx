// Postmortems like this one (the API's hybrid score), with the score's two parts: the semantic
// part (sentence embeddings: same meaning, other words) and the lexical part (shared words).
import { Link } from "react-router";
import { useQuery } from "urql";

import { SimilarPostmortemsDoc } from "../api/recurring";

/** "0.82" for a score, "—" when the API has none (e.g. no embeddings for that side). */
function score(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : value.toFixed(2);
}

export function SimilarPostmortems({ id }: { id: string }) {
  const [{ data }] = useQuery({
    query: SimilarPostmortemsDoc,
    variables: { id, includeUnpublished: false },
  });
  const similar = data?.similarPostmortems ?? [];
  if (similar.length === 0) return null;
  return (
    <section className="doc-section no-print" aria-labelledby="similar-heading">
      <h2 id="similar-heading">Similar postmortems</h2>
      <table>
        <caption className="visually-hidden">Similar postmortems, most similar first</caption>
        <thead>
          <tr>
            <th scope="col">Postmortem</th>
            <th scope="col">Similarity</th>
            <th scope="col">Meaning (semantic)</th>
            <th scope="col">Shared words (lexical)</th>
          </tr>
        </thead>
        <tbody>
          {similar.map((s) => (
            <tr key={s.postmortem.id}>
              <td>
                <Link to={`/postmortems/${s.postmortem.id}`}>{s.postmortem.title}</Link>
                {s.linked && <span className="hint"> · linked as a recurrence</span>}
              </td>
              <td>{score(s.similarity)}</td>
              <td>{score(s.semanticSimilarity)}</td>
              <td>{score(s.lexicalSimilarity)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

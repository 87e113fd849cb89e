"""GraphQL for operating the read side: projection status, the review queue, live changes."""

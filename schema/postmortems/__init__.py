"""GraphQL for postmortems: types, queries and mutations."""

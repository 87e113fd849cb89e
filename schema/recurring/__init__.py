"""GraphQL queries of the recurring-incident views."""

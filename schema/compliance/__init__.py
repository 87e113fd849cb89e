"""GraphQL of compliance reports."""

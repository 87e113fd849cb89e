"""The GraphQL schema, organised by domain area and composed in `schema.schema`."""

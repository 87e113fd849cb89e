"""GraphQL of the audit trail: the trail itself and the verification of its hash chain."""

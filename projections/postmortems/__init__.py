"""The `postmortems` read model: the current state of every postmortem."""

"""The `action_items` read model: one document per action item, across postmortems."""

"""Read models in MongoDB, kept up to date from the event store's notification log."""

"""Demo data: a realistic, deterministic set of postmortems loaded through the application."""

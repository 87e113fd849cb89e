"""The application layer: the only write path, commands in, plain data out."""

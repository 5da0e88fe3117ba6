"""One module per head: run it once and return a plain result."""

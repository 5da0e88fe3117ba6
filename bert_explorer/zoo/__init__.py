"""The project's own trained checkpoints: built by `make zoo`, committed in zoo/, offline defaults per head."""

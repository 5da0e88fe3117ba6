"""Offline recipes: how `make zoo` builds the checkpoints in zoo/. Not imported by the app."""

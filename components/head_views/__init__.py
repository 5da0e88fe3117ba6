"""One view per head, named after it (<head name>_view.py), and the frame every head page shares."""

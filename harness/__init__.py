"""What the browser tests and `make bench` share: a Streamlit server on a free localhost port, and Chromium."""

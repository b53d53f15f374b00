"""The built site in a real browser (``make test-browser``)."""

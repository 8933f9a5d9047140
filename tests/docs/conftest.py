"""The documentation tests use the session's headless Chromium (tests/conftest.py)."""

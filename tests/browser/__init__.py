"""Helpers for the tests that drive JupyterLab in a real browser (Debian's headless Chromium)."""

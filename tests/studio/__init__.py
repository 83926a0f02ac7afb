"""Tests of cardgen/studio/: the editor's studio over HTTP, and in Chromium (test_browser.py)."""

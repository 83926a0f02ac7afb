"""The browser fixture's rule: without Chromium, skip on a developer's machine, fail in CI."""

from __future__ import annotations

import pytest

from support import browser


def test_a_missing_browser_skips_outside_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install -y chromium chromium-driver"):
        browser._missing("Chromium")


def test_a_missing_browser_fails_in_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="in CI a missing browser is a failure"):
        browser._missing("Chromium")

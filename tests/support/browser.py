"""A real browser for tests: headless Debian Chromium driven by Selenium, one per test session.

Use the `browser` fixture (registered in conftest.py). It gives a `Browser`:
open a file or a URL, run JavaScript, press keys, emulate a window size, zoom,
dark scheme, reduced motion or print, run axe-core, take a screenshot.

Chromium comes from Debian (`apt-get install chromium chromium-driver`);
Selenium is told where both are, so it never tries to download a browser.
Without them the browser tests skip with a message, except in CI (CI=true),
where a missing browser is a failure: .ci/run installs them.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.paths import AXE

WCAG_21_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--force-color-profile=srgb",
)
WINDOW = (1280, 800)  # CSS pixels: a laptop sharing its screen in a video call


def _missing(what: str) -> None:
    """Skip (on a developer's machine) or fail (in CI) for want of the browser."""
    message = (
        f"browser tests need {what}: apt-get install -y chromium chromium-driver "
        "(and pip install selenium, in the test extra)"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message}; in CI a missing browser is a failure", pytrace=False)
    pytest.skip(message)


class Browser:
    """One headless Chromium, with the few things the tests ask of it."""

    def __init__(self, driver):
        self.driver = driver

    def open(self, target: Path | str) -> None:
        """Open a file (Path) or a URL, with the default window and media."""
        self.reset()
        self.driver.get(target.resolve().as_uri() if isinstance(target, Path) else target)

    def run(self, script: str, *args):
        """Run JavaScript in the page (`return ...` gives a value back)."""
        return self.driver.execute_script(script, *args)

    def press(self, *keys: str) -> None:
        """Press keys on whatever has focus, as a keyboard user would."""
        from selenium.webdriver.common.action_chains import ActionChains

        actions = ActionChains(self.driver)
        for key in keys:
            actions.send_keys(key)
        actions.perform()

    def emulate(
        self,
        width: int = WINDOW[0],
        height: int = WINDOW[1],
        zoom: float = 1.0,
        dark: bool = False,
        reduced_motion: bool = False,
        media: str = "",
    ) -> None:
        """Set the window (in CSS pixels at 100 %), the zoom, colour scheme, motion and media.

        Zoom works as the browser's own: at 200 % a 1280 px window lays the page
        out in 640 CSS pixels, each two device pixels wide.
        """
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {
                "width": round(width / zoom),
                "height": round(height / zoom),
                "deviceScaleFactor": zoom,
                "mobile": False,
            },
        )
        self.driver.execute_cdp_cmd(
            "Emulation.setEmulatedMedia",
            {
                "media": media,
                "features": [
                    {"name": "prefers-color-scheme", "value": "dark" if dark else "light"},
                    {
                        "name": "prefers-reduced-motion",
                        "value": "reduce" if reduced_motion else "no-preference",
                    },
                ],
            },
        )

    def reset(self) -> None:
        self.emulate()

    def axe(self, tags: tuple[str, ...] = WCAG_21_AA) -> list[dict]:
        """axe-core's violations of the given rule tags, once running animations have ended.

        (A card still fading in would fail the contrast rule for the moment it is faint.)
        """
        if not self.run("return typeof window.axe === 'object'"):
            self.run(AXE.read_text(encoding="utf-8"))
        result = self.driver.execute_async_script(
            "const [tags, done] = arguments;"
            "const options = {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']};"
            "Promise.all(document.getAnimations().map(a => a.finished))"
            "  .then(() => axe.run(document, options))"
            "  .then(r => done(JSON.stringify(r.violations)),"
            "        e => done(JSON.stringify({error: String(e)})));",
            list(tags),
        )
        found = json.loads(result)
        if isinstance(found, dict):
            raise RuntimeError(f"axe-core failed: {found['error']}")
        return found

    def requests(self) -> list[str]:
        """Every address the page asked for since it opened (its performance entries)."""
        return self.run(
            "return performance.getEntriesByType('resource').map(e => e.name)"
            ".concat(performance.getEntriesByType('navigation').map(e => e.name))"
        )

    def screenshot(self, path: Path, full_page: bool = False) -> None:
        """Save a PNG of the window, or of the whole page."""
        shot = self.driver.execute_cdp_cmd(
            "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": full_page}
        )
        import base64

        Path(path).write_bytes(base64.b64decode(shot["data"]))


def find_chromium() -> tuple[str, str] | None:
    """Debian's Chromium and its driver, or None."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (binary, driver) if binary and driver else None


def start_browser(profile: Path):
    """A new headless Chromium with its own fresh profile folder."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary, driver = find_chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in (*FLAGS, f"--user-data-dir={profile}", f"--window-size={WINDOW[0]},{WINDOW[1]}"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(executable_path=driver), options=options)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole test session (browsers are slow to start)."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        _missing("selenium")
    if find_chromium() is None:
        _missing("Chromium and chromedriver")
    profile = Path(tempfile.mkdtemp(prefix="cardgen-chromium-"))
    driver = start_browser(profile)
    try:
        yield Browser(driver)
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)

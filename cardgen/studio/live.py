"""One deck kept live in the studio: looked at again whenever one of its files changes on
disk, with every page that follows it told at once.

The files are the deck, cardgen.yaml, the fonts it uses and those in fonts/. They
are checked ten times a second (as `cardgen build --watch` does, waiting for a
save made in several steps to hold still), so a save shows on the page well within a second.
Watching on the server is cheap; the page itself never polls: it is pushed each
new view over server-sent events.
"""

from __future__ import annotations

import sys
import threading
import traceback
from dataclasses import replace
from pathlib import Path

from cardgen.deck.theme import logo_named
from cardgen.errors import CardgenError
from cardgen.products.options import CONFIG_FILE, load_config
from cardgen.studio.saving import save
from cardgen.studio.view import Problem, View, Workshop, look
from cardgen.tools.project import FONT_SUFFIXES
from cardgen.tools.watch import changed, snapshot

INTERVAL = 0.1  # seconds between looks at the files' modification times


class Live:
    """A deck being shown: its latest View, and the thread that keeps it current."""

    def __init__(self, path: Path, shown: str, here: Path):
        self.path = path
        self.shown = shown
        self.here = here
        self.workshop = Workshop()
        self._view: View | None = None
        self._version = 0
        self._changed = threading.Condition()
        self._stop = threading.Event()
        self._saving = threading.Lock()
        self._fonts_named: tuple[int | None, tuple[Path, ...]] = (-1, ())
        self._logo_named: tuple[object, Path | None] = (-1, None)
        self._thread = threading.Thread(target=self._run, name=f"studio {shown}", daemon=True)
        self._thread.start()

    @property
    def view(self) -> View | None:
        return self._view

    def wait(self, after: int, timeout: float) -> View | None:
        """The first view newer than version `after`, or None after `timeout` seconds
        (or when the studio stops)."""
        with self._changed:
            self._changed.wait_for(
                lambda: (
                    self._stop.is_set() or (self._view is not None and self._view.version > after)
                ),
                timeout,
            )
            view = self._view
        return view if view is not None and view.version > after else None

    def save(self, text: str, base: str) -> str:
        """Save the page's text over the deck (see `saving.save`); the watch sees it."""
        with self._saving:
            saved = save(self.path, text, base, self.shown)
        return saved

    def stop(self) -> None:
        self._stop.set()
        with self._changed:
            self._changed.notify_all()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def inputs(self) -> list[Path]:
        """Every file a look reads, asked again each round (a font added to fonts/ counts, and
        the deck's logo)."""
        config = self.here / CONFIG_FILE
        logo = self._logo()
        return [self.path, config, *_font_files(self.here / "fonts"), *self._config_fonts(config),
                *([logo] if logo else [])]

    def _logo(self) -> Path | None:
        """The logo the deck names, read again only when the deck changes."""
        stamp = snapshot([self.path])[self.path]
        if self._logo_named[0] != stamp:
            self._logo_named = (stamp, logo_named(self.path))
        return self._logo_named[1]

    def _config_fonts(self, config: Path) -> tuple[Path, ...]:
        """The fonts cardgen.yaml names, read again only when it changes."""
        stamp = snapshot([config])[config]
        if self._fonts_named[0] != stamp:
            try:
                fonts = load_config(self.here).options.fonts
            except CardgenError:  # a broken cardgen.yaml is reported by the look; keep watching
                fonts = ()
            self._fonts_named = (stamp, fonts)
        return self._fonts_named[1]

    def _run(self) -> None:
        # As `cardgen.tools.watch.watch`, but the files are noted before the first look, so a
        # save made while it is being made is seen.
        last = snapshot(self.inputs())
        self._update()
        while not self._stop.wait(INTERVAL):
            now = snapshot(self.inputs())
            if not changed(last, now):
                continue
            while not self._stop.wait(INTERVAL):  # an editor may save in steps: wait for stillness
                settled = snapshot(self.inputs())
                if settled == now:
                    break
                now = settled
            last = now
            self._update()

    def _update(self) -> None:
        try:
            view = look(self.path, self.shown, self.here, self.workshop, self._view, self._publish)
        except Exception as error:  # noqa: BLE001 - a bug: say so on page and terminal, go on
            traceback.print_exc(file=sys.stderr)
            last = self._view or View(self.shown, "", None)
            view = replace(
                last,
                errors=(
                    Problem(
                        f"cardgen failed unexpectedly ({error!r}); "
                        "see the terminal, and please report it"
                    ),
                ),
                cards_stale=True,
                booklet_stale=True,
            )
        self._publish(view)

    def _publish(self, view: View) -> None:
        with self._changed:
            # A page may still be fetching the previous view's pictures: keep those too.
            keep = view.pictures() | (self._view.pictures() if self._view else set())
            self.workshop.pictures.keep_only(keep)
            self._version += 1
            self._view = replace(view, version=self._version)
            self._changed.notify_all()


def _font_files(folder: Path) -> list[Path]:
    """The font files in fonts/, by name only: `user_fonts` reads each one, which is for
    a look, not for ten times a second."""
    try:
        return sorted(p for p in folder.iterdir() if p.suffix.lower() in FONT_SUFFIXES)
    except OSError:
        return []

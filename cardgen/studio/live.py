"""One deck kept live in the studio: looked at again whenever one of its files changes on
disk, with every page that follows it told at once.

The files are the deck, cardgen.yaml, the fonts it uses and those in fonts/. They
are checked ten times a second (as `cardgen build --watch` does, waiting for a
save made in several steps to hold still), so a save shows on the page well within a second.
Watching on the server is cheap; the page itself never polls: it is pushed each
new view over server-sent events.

A sheet published to the web (`cardgen serve URL`) is no file to watch: it is read when
a page asks (on opening, or with its button), at most once every REREAD seconds, into a
file of its own that is then looked at like any deck. What stops it being read (offline,
a wrong address, too big) is shown as the view's first error, over the last cards read.
"""

from __future__ import annotations

import os
import sys
import threading
import time
import traceback
from dataclasses import replace
from pathlib import Path

from cardgen.deck.published import fetch_sheet
from cardgen.deck.spreadsheet import deck_parts
from cardgen.deck.theme import logo_named
from cardgen.errors import CardgenError
from cardgen.products.options import CONFIG_FILE, load_config
from cardgen.studio.saving import save
from cardgen.studio.view import Problem, View, Workshop, look
from cardgen.tools.project import FONT_SUFFIXES
from cardgen.tools.watch import changed, snapshot

INTERVAL = 0.1  # seconds between looks at the files' modification times
REREAD = 5.0  # seconds at least between two readings of a published sheet: a page opened
# or a button pressed more often waits its turn (one reading then answers them all)


class Live:
    """A deck being shown: its latest View, and the thread that keeps it current."""

    def __init__(self, path: Path, shown: str, here: Path, url: str | None = None):
        self.path = path
        self.shown = shown
        self.here = here
        self.url = url
        self._again = threading.Event()  # a page asked for the deck to be read again
        self._read_at: float | None = None  # when the published sheet was last asked for
        self._unread: str | None = None  # why it could not be read, the last time
        self._parts: tuple[object, list[Path]] = (-1, [path])
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

    def read_again(self) -> None:
        """Look at the deck again now (a published sheet: read it again, within REREAD)."""
        self._again.set()

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
        parts = self._deck_parts()
        # The file with the deck's settings: a CSV file's YAML beside it, else the deck.
        logo = self._logo(parts[1] if self.path.suffix.lower() == ".csv" else self.path)
        return [*parts, config, *_font_files(self.here / "fonts"), *self._config_fonts(config),
                *([logo] if logo else [])]

    def _deck_parts(self) -> list[Path]:
        """The deck's files (a CSV file's settings, a `cards_from:` sheet, a translation's
        source), read again only when the deck changes."""
        stamp = snapshot([self.path])[self.path]
        if self._parts[0] != stamp:
            self._parts = (stamp, deck_parts(self.path))
        return self._parts[1]

    def _logo(self, settings: Path) -> Path | None:
        """The logo the deck's settings name, read again only when they change."""
        stamp = snapshot([settings])[settings]
        if self._logo_named[0] != (settings, stamp):
            self._logo_named = ((settings, stamp), logo_named(settings))
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
        self._read_sheet()
        last = snapshot(self.inputs())
        self._update()
        while not self._stop.wait(INTERVAL):
            if self._again.is_set():
                self._again.clear()
                self._read_sheet()
                last = snapshot(self.inputs())
                self._update()
                continue
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

    def _read_sheet(self) -> None:
        """Read the published sheet into the deck's file, no sooner than REREAD seconds after
        the last reading; note what stopped it, if anything did."""
        if self.url is None:
            return
        if self._read_at is not None:
            wait = self._read_at + REREAD - time.monotonic()
            if wait > 0 and self._stop.wait(wait):
                return
        self._read_at = time.monotonic()
        try:
            data, _ = fetch_sheet(self.url)
        except CardgenError as error:
            self._unread = str(error)
            return
        self._unread = None
        if not self.path.is_file() or self.path.read_bytes() != data:
            partial = self.path.with_name(f".{self.path.name}.part")
            partial.write_bytes(data)
            os.replace(partial, self.path)  # a download or a look never sees half of it

    def _update(self) -> None:
        if self._unread is not None and not self.path.is_file():  # never read: nothing to show
            view = View(self.shown, "", None, errors=(Problem(self._unread),),
                        cards_stale=True, booklet_stale=True)
            return self._publish(view)
        try:
            early = self._publish if self._unread is None else None  # the error goes first
            view = look(self.path, self.shown, self.here, self.workshop, self._view, early)
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
        if self._unread is not None:  # the cards of the last reading, marked out of date
            view = replace(view, errors=(Problem(self._unread), *view.errors), cards_stale=True,
                           booklet_stale=True, lint=())
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

"""Rebuild on save: watch deck files and cardgen.yaml, and call back when one changes.

Polling the modification times twice a second is plenty for an editor saving
a file, works on every system and network drive, and needs no dependency.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

Snapshot = dict[Path, int | None]


def snapshot(paths: Iterable[Path]) -> Snapshot:
    """Each file's modification time in nanoseconds, or None where it is missing."""
    times: Snapshot = {}
    for path in paths:
        try:
            times[path] = path.stat().st_mtime_ns
        except OSError:
            times[path] = None
    return times


def changed(before: Snapshot, after: Snapshot) -> list[Path]:
    """The files that appeared, disappeared or were saved between two snapshots."""
    return sorted(path for path in before.keys() | after.keys()
                  if before.get(path) != after.get(path))


def watch(files: Callable[[], list[Path]], rebuild: Callable[[list[Path]], None],
          stop: threading.Event, interval: float = 0.5, since: Snapshot | None = None) -> None:
    """Call `rebuild(changed files)` after each save until `stop` is set.

    `files` is asked again on every round, so a deck added to decks/ is picked up.
    `since` is a snapshot taken before the caller's first build: a save made while
    that build ran is then a change, not the starting point.
    """
    last = since if since is not None else snapshot(files())
    while not stop.wait(interval):
        now = snapshot(files())
        saved = changed(last, now)
        if not saved:
            continue
        # An editor may write a file in several steps: wait until it holds still,
        # so a half-written save is not reported as a broken deck.
        while not stop.wait(interval):
            settled = snapshot(files())
            if settled == now:
                break
            saved, now = sorted(set(saved) | set(changed(now, settled))), settled
        last = now
        rebuild(saved)


def left_as_they_were(before: Snapshot, after: Snapshot, now: float | None = None) -> list[str]:
    """After a failed rebuild, a line for the outputs it did not replace, saying which
    build they still are, so no one prints an old PDF believing it has the fix. Files of
    one build share a line; nothing is deleted: the last good PDFs stay usable."""
    today = time.localtime(time.time() if now is None else now)[:3]
    builds: dict[str, list[Path]] = {}
    for path, made in sorted(before.items()):
        if made is not None and after.get(path) == made:
            when = time.localtime(made / 1e9)
            label = time.strftime("%H:%M" if when[:3] == today else "%Y-%m-%d %H:%M", when)
            builds.setdefault(label, []).append(path)
    lines = []
    for label, paths in builds.items():
        names = [path.as_posix() for path in paths]
        named = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        verb = "is" if len(names) == 1 else "are"
        lines.append(f"{named} {verb} still the build from {label}; "
                     "fix the mistake above and save to rebuild")
    return lines

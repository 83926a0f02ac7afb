"""Rebuilding on every save: which files changed since a snapshot, a broken save survived, and
a save made during the first build not missed. (Previews are in commands/test_seeing.py.)"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from cardgen.commands.building import build_all
from cardgen.tools.watch import changed, left_as_they_were, snapshot, watch

DECK = "title: T\nintro: Sit in a circle.\nprompts:\n  - How are you?\n  - What helps?\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "mine.yaml").write_text(DECK)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_snapshot_and_changed_see_saves_new_files_and_deletions(tmp_path):
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("1")
    before = snapshot([a, b])
    assert before[b] is None
    os.utime(a, ns=(before[a] + 10**9, before[a] + 10**9))
    b.write_text("new")
    assert changed(before, snapshot([a, b])) == [a, b]
    assert changed(before, before) == []


def test_watch_rebuilds_on_save_and_survives_a_broken_save(project):
    deck = project / "decks" / "mine.yaml"
    output = project / "output" / "mine-cards.pdf"
    request = ((), None, ("cards",), {})
    assert build_all(*request) == []
    good = output.read_bytes()
    results: list[list] = []
    done = threading.Semaphore(0)

    def rebuild(saved):
        results.append([str(e) for e in build_all(*request)])
        done.release()

    def rebuilt_with(errors: list[str]) -> bool:
        """Wait for a rebuild that ends with `errors` (a slow save may rebuild twice)."""
        deadline = time.monotonic() + 60  # a busy two-core machine; never a speed check
        while done.acquire(timeout=max(0.0, deadline - time.monotonic())):
            if results[-1] == errors:
                return True
        return False

    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(lambda: [deck], rebuild, stop, 0.05))
    thread.start()
    try:
        time.sleep(0.1)
        _save(deck, "title: T\nprompts:\n  - txet: broken\n")
        expected = ["decks/mine.yaml:3:5: `txet`: unknown key; did you mean `text`?"]
        assert rebuilt_with(expected), results
        assert output.read_bytes() == good  # the last good PDF stays
        _save(deck, DECK.replace("What helps?", "What helps now?"))
        assert rebuilt_with([]), results
        assert output.read_bytes() != good
    finally:
        stop.set()
        thread.join()


def _save(path: Path, text: str) -> None:
    """Write and make sure the modification time moves, as an editor's save does."""
    before = path.stat().st_mtime_ns
    path.write_text(text)
    if path.stat().st_mtime_ns == before:
        os.utime(path, ns=(before + 10**7, before + 10**7))


def test_a_save_made_during_the_first_build_is_not_missed(tmp_path):
    deck = tmp_path / "mine.yaml"
    deck.write_text(DECK)
    before = snapshot([deck])
    _save(deck, DECK.replace("What helps?", "What helps now?"))  # while the first build runs
    seen: list[list[Path]] = []
    stop = threading.Event()

    def rebuild(saved):
        seen.append(saved)
        stop.set()

    watch(lambda: [deck], rebuild, stop, 0.01, since=before)
    assert seen == [[deck]]


def test_a_failed_rebuild_says_which_build_the_old_files_are(project, cli_run, monkeypatch):
    deck = project / "decks" / "mine.yaml"
    made = time.mktime((2020, 3, 5, 16, 21, 0, 0, 0, -1))  # 16:21 local time, another day

    def watch(files, rebuild, stop, interval=0.5, since=None):
        for output in (project / "output").iterdir():
            os.utime(output, (made, made))
        _save(deck, "title: T\nprompts:\n  - txet: broken\n")
        rebuild([deck])

    monkeypatch.setattr("cardgen.tools.watch.watch", watch)
    result = cli_run("build", "--watch", cwd=project)
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "decks/mine.yaml:3:5: `txet`: unknown key; did you mean `text`?\n"
        "output/mine-booklet.pdf and output/mine-cards.pdf are still the build from "
        "2020-03-05 16:21; fix the mistake above and save to rebuild\n")
    assert (project / "output" / "mine-cards.pdf").stat().st_mtime == made  # kept, not deleted


def test_old_files_are_named_by_their_build_the_time_alone_if_it_was_today(tmp_path):
    old, new = tmp_path / "a-cards.pdf", tmp_path / "a-booklet.pdf"
    for path in (old, new):
        path.write_text("a build")
    made = time.mktime((2020, 3, 5, 9, 5, 0, 0, 0, -1))
    os.utime(old, (made, made))
    os.utime(new, (made, made))
    before = snapshot([old, new, tmp_path / "a.html"])  # a.html: never built, not mentioned
    os.utime(new, (made + 60, made + 60))  # rebuilt: not left behind
    after = snapshot(before)
    assert left_as_they_were(before, after, now=made + 3600) == [
        f"{old.as_posix()} is still the build from 09:05; fix the mistake above and save to "
        "rebuild"]
    assert left_as_they_were(before, after, now=made + 86400) == [
        f"{old.as_posix()} is still the build from 2020-03-05 09:05; fix the mistake above and "
        "save to rebuild"]

"""What the surroundings refuse (a read-only disk, a full output, a deleted folder, a
console that cannot show a character) is a one-line message and exit code 1, never a
traceback. Failures that need a real process (standard output, the current folder,
the console's encoding) run cardgen as one."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

DECK = "title: T\nprompts:\n  - What helps?\n"


def cardgen(*args, cwd: Path, env: dict | None = None, stdout=subprocess.PIPE):
    """`python -m cardgen ARGS` in `cwd`, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "cardgen", *map(str, args)], cwd=cwd,
                          env={**os.environ, **(env or {})}, stdout=stdout,
                          stderr=subprocess.PIPE, timeout=120)


def read_only(monkeypatch, folder: Path) -> None:
    """Make every file system change inside `folder` fail as on a read-only disk,
    cleaning up included."""
    def refuse(real):
        def call(path, *args, **kwargs):
            if str(path).startswith(str(folder)):
                raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
            return real(path, *args, **kwargs)
        return call

    for name in ("open", "mkdir", "unlink", "rmdir", "replace"):
        monkeypatch.setattr(os, name, refuse(getattr(os, name)))


def no_leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*")) if folder.exists() else []


@pytest.mark.parametrize("command, target", [
    (("build", "--format", "cards", "-o", "{out}", "deck.yaml"), "{out}/deck-cards.pdf"),
    (("calibrate", "-o", "{out}/calibration.pdf"), "{out}/calibration.pdf"),
    (("preview", "--format", "cards", "--dpi", "30", "-o", "{out}", "deck.yaml"),
     "{out}/deck-cards-01.png"),
])
def test_a_read_only_folder_is_a_message(tmp_path, cli_run, monkeypatch, command, target):
    (tmp_path / "deck.yaml").write_text(DECK, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    read_only(monkeypatch, out)
    result = cli_run(*(word.format(out=out) for word in command), cwd=tmp_path)
    assert (result.exit_code, result.output) == (
        1, f"cannot write {target.format(out=out)}: Read-only file system\n")
    assert no_leftovers(out) == []


def test_a_folder_that_cannot_be_made_on_a_read_only_disk(tmp_path, cli_run, monkeypatch):
    (tmp_path / "deck.yaml").write_text(DECK, encoding="utf-8")
    read_only(monkeypatch, tmp_path / "out")
    result = cli_run("build", "--format", "cards", "-o", tmp_path / "out" / "new", "deck.yaml",
                     cwd=tmp_path)
    assert (result.exit_code, result.output) == (
        1, f"cannot make the output folder {tmp_path}/out/new: Read-only file system\n")


def test_a_folder_under_proc_is_a_message(tmp_path, cli_run):
    # /proc refuses new files even to root, as a read-only disk does.
    (tmp_path / "deck.yaml").write_text(DECK, encoding="utf-8")
    result = cli_run("build", "--format", "cards", "-o", "/proc/cardgen", "deck.yaml", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.output.startswith("cannot make the output folder /proc/cardgen: ")
    assert result.output.count("\n") == 1


def test_an_output_folder_with_a_nul_is_refused_at_its_line(tmp_path, cli_run):
    (tmp_path / "deck.yaml").write_text(DECK, encoding="utf-8")
    (tmp_path / "cardgen.yaml").write_text('paper: a4\nout: "a\\0b"\n', encoding="utf-8")
    result = cli_run("build", "deck.yaml", cwd=tmp_path)
    assert (result.exit_code, result.output) == (
        1, "cardgen.yaml:2:6: `out`: a file or folder name cannot contain a NUL character (\\0)\n")


def test_schema_into_a_full_disk_is_a_message(tmp_path):
    with open("/dev/full", "wb") as full:
        result = cardgen("schema", cwd=tmp_path, stdout=full)
    assert result.returncode == 1
    assert result.stderr.decode() == "cannot write to standard output: No space left on device\n"


def test_validate_into_a_full_disk_is_a_message(tmp_path):
    (tmp_path / "deck.yaml").write_text(DECK, encoding="utf-8")
    with open("/dev/full", "wb") as full:
        result = cardgen("validate", "deck.yaml", cwd=tmp_path, stdout=full)
    assert result.returncode == 1
    assert result.stderr.decode() == "cannot write to standard output: No space left on device\n"


@pytest.mark.parametrize("command", [("validate",), ("build", "--format", "cards"), ("lint",)])
def test_a_deleted_current_folder_is_a_message(tmp_path, command):
    gone = tmp_path / "gone"
    gone.mkdir()
    # The child starts in the folder, which is deleted before cardgen looks at it.
    script = ("import os, sys, runpy; os.rmdir(os.getcwd()); "
              "sys.argv = ['cardgen', *sys.argv[1:]]; "
              "runpy.run_module('cardgen', run_name='__main__')")
    result = subprocess.run([sys.executable, "-c", script, *command], cwd=gone,
                            capture_output=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.decode() == ("the current folder no longer exists (it was deleted or "
                                      "moved); go to a folder that exists and run cardgen again\n")


# Vietnamese and Greek: letters the bundled fonts draw and neither cp1252 nor latin-1 has.
FOREIGN = "title: Tiếng Việt\nprompts:\n  - Ελληνικά? Are you an addict?\nextra: 1\n"


# (An "ascii" console is one Click itself writes UTF-8 to.)
@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_validate_on_a_console_that_cannot_show_the_text(tmp_path, encoding):
    (tmp_path / "d.yaml").write_text(FOREIGN, encoding="utf-8")
    (tmp_path / "ελ.yaml").write_text(FOREIGN.replace("extra: 1\n", ""), encoding="utf-8")
    result = cardgen("validate", "d.yaml", "ελ.yaml", "\u5bb6.yaml", cwd=tmp_path,
                     env={"PYTHONIOENCODING": encoding})
    assert result.returncode == 1
    assert result.stdout.decode(encoding).splitlines() == [
        "\\u03b5\\u03bb.yaml: ok (1 prompt, 0 reframes, 0 quotes, 0 practices, 0 helplines)"]
    assert result.stderr.decode(encoding).splitlines() == [
        "\\u5bb6.yaml: no such file",
        "d.yaml:4:1: `extra`: unknown key",
        "  hint: the keys here are `title`, `short_title`, `subtitle`, `language`, `region`, "
        "`author`, "
        "`license`, `version`, `intro`, `labels`, `theme`, `prompts`, `reframes`, `quotes`, "
        "`practices`, `resources`, `blank_cards`, `avoid`, `translation_of`, `translated`, "
        "`cards_from`",
    ]


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_lint_on_a_console_that_cannot_show_the_text(tmp_path, encoding):
    (tmp_path / "ελ.yaml").write_text(FOREIGN.replace("extra: 1\n", ""), encoding="utf-8")
    result = cardgen("lint", "ελ.yaml", cwd=tmp_path, env={"PYTHONIOENCODING": encoding})
    assert result.returncode == 1, result.stderr
    assert result.stdout.decode(encoding).splitlines() == [
        '\\u03b5\\u03bb.yaml:3:26: "addict" -> "person who uses drugs" / '
        '"person with a substance use disorder"',
    ]
    assert result.stderr.decode(encoding) == ""


@pytest.mark.parametrize("out", ["/dev/null", "{tmp}/deck.yaml/sub"])
def test_an_output_folder_that_is_a_file_is_a_message(tmp_path, cli_run, out):
    (tmp_path / "deck.yaml").write_text(DECK, encoding="utf-8")
    folder = out.format(tmp=tmp_path)
    result = cli_run("build", "--format", "cards", "-o", folder, "deck.yaml", cwd=tmp_path)
    assert (result.exit_code, result.output) == (
        1, f"cannot make the output folder {folder}: a file of that name is in the way; choose "
           "another folder with --out\n")


ORDERS = [("cards", "booklet", "html"), ("html", "booklet", "cards"),
          ("booklet", "html", "cards")]
NAMES = {"cards": "d-cards.pdf", "booklet": "d-booklet.pdf", "html": "d.html"}


def built_once(tmp_path: Path, cli_run, order) -> dict[str, bytes]:
    """Build d.yaml into out/, then change the deck, so the next build's files differ."""
    (tmp_path / "d.yaml").write_text(DECK, encoding="utf-8")
    formats = [word for name in order for word in ("--format", name)]
    assert cli_run("build", "d.yaml", *formats, "-o", "out", cwd=tmp_path).exit_code == 0
    (tmp_path / "d.yaml").write_text(DECK + "  - Who listens?\n", encoding="utf-8")
    return {name: (tmp_path / "out" / name).read_bytes() for name in NAMES.values()}


def as_left(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}


@pytest.mark.parametrize("order", ORDERS)
def test_a_folder_in_the_way_of_one_output_leaves_every_output_as_it_was(tmp_path, cli_run,
                                                                        order):
    old = built_once(tmp_path, cli_run, order)
    booklet = tmp_path / "out" / "d-booklet.pdf"
    booklet.unlink()
    booklet.mkdir()
    del old["d-booklet.pdf"]
    formats = [word for name in order for word in ("--format", name)]
    result = cli_run("build", "d.yaml", *formats, "-o", "out", cwd=tmp_path)
    assert (result.exit_code, result.output) == (
        1, "cannot write out/d-booklet.pdf: a folder of that name is in the way; move or "
           "rename it\n")
    assert as_left(tmp_path / "out") == old
    assert sorted(os.listdir(tmp_path / "out")) == sorted([*old, "d-booklet.pdf"])


@pytest.mark.parametrize("order", ORDERS)
def test_an_output_that_cannot_be_moved_in_puts_back_the_others(tmp_path, cli_run,
                                                                 monkeypatch, order):
    old = built_once(tmp_path, cli_run, order)
    real = os.replace

    def replace(source, destination, **kwargs):
        # As a file another program holds open on Windows, or a mount point, refuses.
        if str(destination).endswith("d-booklet.pdf") and ".partial-" in str(source):
            raise OSError(errno.EBUSY, os.strerror(errno.EBUSY))
        real(source, destination, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    formats = [word for name in order for word in ("--format", name)]
    result = cli_run("build", "d.yaml", *formats, "-o", "out", cwd=tmp_path)
    assert (result.exit_code, result.output) == (
        1, "cannot write out/d-booklet.pdf: Device or resource busy\n")
    assert as_left(tmp_path / "out") == old
    assert sorted(os.listdir(tmp_path / "out")) == sorted(old)


def test_the_next_build_puts_back_pictures_a_killed_build_had_moved_aside(tmp_path, cli_run):
    # A build killed outright between moving out/d-images aside and moving the new
    # pictures in leaves the old pictures under a hidden name, and no out/d-images.
    (tmp_path / "d.yaml").write_text(DECK, encoding="utf-8")
    dead = 2 ** 22 + 12345  # above Linux's default pid_max: no such process
    kept = tmp_path / "out" / f".d-images.old-{dead}"
    kept.mkdir(parents=True)
    (kept / "001-front.png").write_bytes(b"old front")
    (tmp_path / "out" / "d-booklet.pdf").mkdir()  # this build fails
    build = ("build", "d.yaml", "--format", "images", "--format", "booklet", "--dpi", "72",
             "-o", "out")
    result = cli_run(*build, cwd=tmp_path)
    assert (result.exit_code, result.output) == (
        1, "cannot write out/d-booklet.pdf: a folder of that name is in the way; move or "
           "rename it\n")
    assert os.listdir(tmp_path / "out" / "d-images") == ["001-front.png"]
    assert sorted(os.listdir(tmp_path / "out")) == ["d-booklet.pdf", "d-images"]
    (tmp_path / "out" / "d-booklet.pdf").rmdir()
    assert cli_run(*build, cwd=tmp_path).exit_code == 0
    assert sorted(os.listdir(tmp_path / "out" / "d-images")) == ["001-back.png", "001-front.png"]
    assert sorted(os.listdir(tmp_path / "out")) == ["d-booklet.pdf", "d-images"]

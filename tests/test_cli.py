"""The `cardgen` program: its commands under one name and one help, and how it ends: with the
exit status it meant and every word it said, without tearing the interpreter down."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from support.cli import run

DECK = "title: T\nprompts:\n  - What helps?\n"



def test_help_explains_with_examples():
    result = run("--help")
    assert result.exit_code == 0
    assert "Examples:" in result.output and "cardgen validate" in result.output
    for command in ("validate", "new", "schema"):
        sub = run(command, "--help")
        assert sub.exit_code == 0 and "Example:" in sub.output, command


def test_unknown_option_is_a_usage_error():
    result = run("validate", "--frobnicate")
    assert result.exit_code == 2
    assert result.output == ("Usage: cardgen validate [OPTIONS] [DECK]...\n"
                             "Try 'cardgen validate --help' for help.\n\n"
                             "Error: No such option '--frobnicate'.\n")


def cardgen(*args, cwd: Path, env: dict | None = None, stdout=subprocess.PIPE):
    """`python -m cardgen ARGS` in `cwd`, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "cardgen", *map(str, args)], cwd=cwd,
                          env={**os.environ, **(env or {})}, stdout=stdout,
                          stderr=subprocess.PIPE, timeout=120)


def test_the_program_exits_with_its_status_and_every_word_said(tmp_path):
    # cardgen leaves without tearing the interpreter down: what it printed and wrote
    # must all be there, and its exit status the one it meant.
    (tmp_path / "d.yaml").write_text(DECK, encoding="utf-8")
    done = cardgen("build", "d.yaml", "--format", "cards", "-o", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().startswith("wrote out/d-cards.pdf (2 pages, 1 card)")
    assert (tmp_path / "out" / "d-cards.pdf").read_bytes().rstrip().endswith(b"%%EOF")
    failed = cardgen("build", "missing.yaml", cwd=tmp_path)
    assert (failed.returncode, failed.stderr.decode()) == (1, "missing.yaml: no such file\n")
    usage = cardgen("build", "--paper", "zz", cwd=tmp_path)
    assert usage.returncode == 2 and b"Invalid value for '--paper'" in usage.stderr


def test_a_build_that_ends_the_program_runs_without_the_cycle_collector(tmp_path, monkeypatch):
    # cardgen's own process ends with its build, so the collector is off for it; a build
    # called by other Python code (the studio, tests) leaves the collector as it was.
    import gc

    import cardgen.cli
    from cardgen.commands.building import ENDS_WITH_COMMAND

    (tmp_path / "d.yaml").write_text(DECK, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = ["build", "d.yaml", "--format", "cards", "-o", "out"]
    try:
        result = CliRunner().invoke(cardgen.cli.cli, args, obj=ENDS_WITH_COMMAND)
        assert result.exit_code == 0, result.output
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert CliRunner().invoke(cardgen.cli.cli, args).exit_code == 0
    assert gc.isenabled()

    given = {}

    def program(**options):
        given.update(options)
        raise SystemExit(0)

    def leave(code):
        raise SystemExit(code)

    monkeypatch.setattr(cardgen.cli, "cli", program)
    monkeypatch.setattr(cardgen.cli.os, "_exit", leave)
    with pytest.raises(SystemExit):
        cardgen.cli.main()
    assert given["obj"] is ENDS_WITH_COMMAND


def test_ctrl_c_while_the_commands_load_ends_quietly_with_130():
    # The fuzzer's SIGINT 0.4 s in, on a loaded machine, landed while the commands were
    # still being imported and printed Python's traceback. The program's entry point
    # (cardgen.run, the console script's and `python -m cardgen`'s) catches it; the
    # commands are loaded in a child so that this test's own are untouched.
    code = ("import builtins, sys\n"
            "real = builtins.__import__\n"
            "def interrupted(name, *args, **kwargs):\n"
            "    if name == 'cardgen.cli':\n"
            "        raise KeyboardInterrupt\n"
            "    return real(name, *args, **kwargs)\n"
            "builtins.__import__ = interrupted\n"
            "import runpy\n"
            "runpy.run_module('cardgen', run_name='__main__')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert (done.returncode, done.stderr) == (130, "")

"""A few dozen inputs of the fuzzer (benchmarks/fuzz.py), the same ones every run, in-process.

The fuzzer proper runs thousands of inputs as separate processes with a memory cap and
a time limit; this keeps its findings from coming back: every input is answered with
a message or a result (exit code 0, 1 or 2), never a traceback, and nothing on the disk
is broken: no input changed, no partial file left, no PDF cut short. (Interruptions
need a process of their own: only the fuzzer sends them.)
"""

from __future__ import annotations

import traceback

import pytest

from benchmarks.fuzz import damage, make_case, write_case

SEED = 2026
COUNT = 36


@pytest.mark.parametrize("number", range(COUNT))
def test_a_fuzzed_input_is_answered(tmp_path, cli_run, number):
    case = make_case(SEED, number)
    write_case(case, tmp_path)
    result = cli_run(*case.args, cwd=tmp_path)
    trace = "".join(traceback.format_exception(*result.exc_info)) if result.exc_info else ""
    assert result.exception is None or isinstance(result.exception, SystemExit), (case.what, trace)
    assert result.exit_code in (0, 1, 2), (case.what, result.output)
    assert "Traceback" not in result.output, (case.what, result.output)
    if result.exit_code:
        assert result.output.strip(), case.what  # refused with a message, not in silence
    # No input changed (through a link where an output goes), no partial file left.
    assert damage(case, tmp_path, result.exit_code) is None, case.what


def test_the_inputs_cover_every_command_and_kind_of_file():
    cases = [make_case(SEED, number) for number in range(COUNT)]
    assert {case.args[0] for case in cases} == {"validate", "lint", "build", "preview"}
    assert any("cardgen.yaml" in case.files for case in cases)
    assert any(name.endswith(".ttf") for case in cases for name in case.files)
    assert any(name.startswith("out/") for case in cases for name in case.files)

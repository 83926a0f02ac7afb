"""A few dozen inputs of the fuzzer (benchmarks/fuzz.py), the same ones every run, in-process.

The fuzzer proper runs thousands of inputs as separate processes with a memory cap and
a time limit; this keeps its findings from coming back: every input is answered with
a message or a result (exit code 0, 1 or 2), never a traceback, and nothing on the disk
is broken: no input changed, no partial file left, no PDF cut short, no HTML page where
deck text became markup. (Interruptions need a process of their own: only the fuzzer
sends them.) The studio's requests go to one studio on a loopback port, as the fuzzer's do.
"""

from __future__ import annotations

import traceback

import pytest

from benchmarks.fuzz import damage, make_case, make_html_case, page_problem, write_case
from benchmarks.fuzz_studio import Target, make_probe

SEED = 2026
COUNT = 36
HTML_COUNT = 16
STUDIO_COUNT = 48
STUDIO_KINDS = ("path", "host", "header", "save", "partial")  # each answered in milliseconds
# Inputs the fuzzer finds a fault with today; each joins the test when it is fixed.
HTML_KNOWN = {
    2: "a --font whose glyph A contains itself: TTLibError in the page's fonts (issue 23, item 7)",
}
STUDIO_KNOWN = {
    6: "two Host headers, the first this studio's: answered 200 (RFC 9112 says 400)",
    19: "a save body of 50,000 nested {: RecursionError, no answer (issue 23, item 5)",
    23: "two Host headers",
    30: "two Host headers",
    40: "a save body of nested [: RecursionError, no answer (issue 23, item 5)",
}


def _answered(case, folder, cli_run) -> None:
    """`case` run in `folder`: answered, with a message if refused, and nothing broken."""
    write_case(case, folder)
    result = cli_run(*case.args, cwd=folder)
    trace = "".join(traceback.format_exception(*result.exc_info)) if result.exc_info else ""
    assert result.exception is None or isinstance(result.exception, SystemExit), (case.what, trace)
    assert result.exit_code in (0, 1, 2), (case.what, result.output)
    assert "Traceback" not in result.output, (case.what, result.output)
    if result.exit_code:
        assert result.output.strip(), case.what  # refused with a message, not in silence
    if result.exit_code == 1 and case.surface == "html":  # every file is the user's: say which
        lines = result.output.splitlines()
        assert any(line.startswith(tuple(case.files)) for line in lines), (case.what, lines)
    # No input changed (through a link where an output goes), no partial file left.
    assert damage(case, folder, result.exit_code) is None, case.what
    assert page_problem(folder) is None, case.what


@pytest.mark.parametrize("number", range(COUNT))
def test_a_fuzzed_input_is_answered(tmp_path, cli_run, number):
    _answered(make_case(SEED, number), tmp_path, cli_run)


@pytest.mark.parametrize("number", [n for n in range(HTML_COUNT) if n not in HTML_KNOWN])
def test_a_fuzzed_html_edition_is_answered(tmp_path, cli_run, number):
    _answered(make_html_case(SEED, number), tmp_path, cli_run)


@pytest.fixture(scope="module")
def studio():
    target = Target()
    yield target
    target.close()


@pytest.mark.parametrize("number", [n for n in range(STUDIO_COUNT) if n not in STUDIO_KNOWN])
def test_a_fuzzed_request_to_the_studio_is_answered(studio, number):
    probe = make_probe(SEED, number, STUDIO_KINDS)
    outcome = studio.run(probe)
    assert outcome.problem is None, (probe.what, outcome.problem, outcome.detail, outcome.stderr)


def test_the_inputs_cover_every_command_and_kind_of_file():
    cases = [make_case(SEED, number) for number in range(COUNT)]
    assert {case.args[0] for case in cases} == {"validate", "lint", "build", "preview"}
    assert any("cardgen.yaml" in case.files for case in cases)
    assert any(name.endswith(".ttf") for case in cases for name in case.files)
    assert any(name.startswith("out/") for case in cases for name in case.files)
    pages = [make_html_case(SEED, number) for number in range(HTML_COUNT)]
    assert any("logo" in name for case in pages for name in case.files)
    assert any(name.endswith(".ttf") for case in pages for name in case.files)
    assert any("data-fuzzmark" in case.what for case in pages)
    probes = [make_probe(SEED, number, STUDIO_KINDS) for number in range(STUDIO_COUNT)]
    assert {probe.kind for probe in probes} == set(STUDIO_KINDS)

"""Reading deck and settings files: only regular files, and never more than the limit.

A deck path can name anything: a device that never ends (/dev/zero, /dev/urandom),
a pipe nobody writes to, a link to either. Each is refused at once with a message,
before a byte is read.
"""

from __future__ import annotations

import os
import socket
import threading

import pytest

from cardgen.errors import DeckErrors
from cardgen.source import MAX_BYTES, read_text
from support.paths import DECKS

DECK = "title: T\nprompts: [Hello?]\n"


def refused(path, shown: str) -> str:
    with pytest.raises(DeckErrors) as error:
        read_text(path, shown)
    return str(error.value)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_is_refused_before_it_is_read(device):
    assert refused(device, device) == (f"{device}: is a device, not a deck file\n"
                                       "  hint: give the path of a .yaml file saved from an editor")


def test_a_pipe_with_no_writer_is_refused_without_waiting(tmp_path):
    pipe = tmp_path / "deck.yaml"
    os.mkfifo(pipe)
    answer: list[str] = []
    reader = threading.Thread(target=lambda: answer.append(refused(pipe, "deck.yaml")), daemon=True)
    reader.start()
    reader.join(timeout=30)  # not a timing assertion: a blocked open would never return
    if not answer:  # unblock the reader so the test run can end, then fail
        with open(pipe, "wb"):
            pass
    assert answer == ["deck.yaml: is a pipe, not a deck file\n"
                      "  hint: give the path of a .yaml file saved from an editor"]


def test_a_folder_is_refused(tmp_path):
    assert refused(tmp_path, "decks") == (
        "decks: is a folder, not a deck file\n"
        "  hint: give the path of a .yaml file saved from an editor")


def test_a_socket_is_refused(tmp_path):
    path = tmp_path / "s.yaml"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        message = refused(path, "s.yaml")
    assert message.startswith("s.yaml: ")
    assert "not a deck file" in message or "cannot read" in message


def test_a_file_that_grows_past_its_size_is_cut_at_the_limit(tmp_path, monkeypatch):
    # /proc files say they are empty and are not; read_text must stop at the limit anyway.
    path = tmp_path / "deck.yaml"
    path.write_text(DECK, encoding="utf-8")
    real_fstat = os.fstat
    monkeypatch.setattr(os, "fstat", lambda fd: _zero_size(real_fstat(fd)))
    path.write_bytes(b"# " + b"x" * (MAX_BYTES + 10) + b"\n")
    assert refused(path, "deck.yaml") == ("deck.yaml:1:1: the file is over 2 MB; decks are "
                                          "limited to 2 MB\n  hint: split it into several decks")


def _zero_size(info):
    fields = list(info)
    fields[6] = 0  # st_size
    return os.stat_result(fields)


def test_a_proc_file_is_read_as_text():
    # A regular file whose size says 0: read up to the limit like any other.
    assert "Name:" in read_text("/proc/self/status", "status")


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom"])
def test_build_refuses_a_deck_that_links_to_a_device(tmp_path, cli_run, target):
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "a.yaml").write_text(DECK, encoding="utf-8")
    (tmp_path / "decks" / "z.yaml").symlink_to(target)
    result = cli_run("build", "--format", "cards", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.output.endswith("decks/z.yaml: is a device, not a deck file\n"
                                  "  hint: give the path of a .yaml file saved from an editor\n")
    assert (tmp_path / "output" / "a-cards.pdf").is_file()  # the good deck is still built


@pytest.mark.parametrize("command", ["validate", "lint"])
def test_validate_and_lint_refuse_dev_zero(cli_run, command):
    result = cli_run(command, "/dev/zero")
    assert (result.exit_code, result.output) == (
        1, "/dev/zero: is a device, not a deck file\n"
           "  hint: give the path of a .yaml file saved from an editor\n")


def test_a_cardgen_yaml_that_links_to_a_device_is_refused(tmp_path, cli_run):
    (tmp_path / "deck.yaml").write_text(DECK, encoding="utf-8")
    (tmp_path / "cardgen.yaml").symlink_to("/dev/zero")
    result = cli_run("build", "--format", "cards", "deck.yaml", cwd=tmp_path)
    assert (result.exit_code, result.output) == (
        1, "cardgen.yaml: is a device, not a deck file\n"
           "  hint: give the path of a .yaml file saved from an editor\n")


# --- issue 25: YAML mistakes told at the line to change, in plain words ------------------
# Each is a mistake a volunteer made in the bundled deck, made again in a copy of it.

HARM = (DECKS / "harm-reduction.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
SAVE_AS = ("  hint: save it as UTF-8: in Notepad, File → Save As → Encoding: UTF-8; in TextEdit, "
           "File → Save As (hold Option) → Plain Text Encoding: Unicode (UTF-8); in VS Code, "
           "click the encoding at the bottom right → Save with Encoding → UTF-8\n")


def line_of(text: str, nth: int = 0) -> int:
    """The 1-based number of the `nth` line of the bundled deck that contains `text`."""
    return [n for n, line in enumerate(HARM, start=1) if text in line][nth]


def validated(tmp_path, cli_run, edits: dict[int, str | None] | None = None,
              data: bytes | None = None) -> str:
    """`cardgen validate deck.yaml` on the bundled deck with lines replaced (None: deleted,
    a text with a newline: lines inserted), or on `data`; what it says on stderr."""
    lines = list(HARM)
    for number, line in sorted((edits or {}).items(), reverse=True):
        lines[number - 1:number] = [] if line is None else [line + "\n"]
    (tmp_path / "deck.yaml").write_bytes(data if data is not None else "".join(lines).encode())
    result = cli_run("validate", "deck.yaml", cwd=tmp_path)
    assert result.exit_code == 1, result.output
    return result.stderr


def test_a_quotation_closed_with_a_curly_quote_is_told_where_it_opens(tmp_path, cli_run):
    # PyYAML read on to the next straight quote and gave up there, far below, with
    # "did not find expected key (while parsing a block mapping)".
    n = line_of("  - text: How can I be of help to you?")
    assert validated(tmp_path, cli_run, {n: '  - text: "I am not sure how to say this”'}) == (
        f'deck.yaml:{n}:11: this quotation opens with " and is never closed\n'
        '  hint: close it with ", or leave the quotation marks out\n')


def test_an_unclosed_quotation_among_quotations_says_cardgen_adds_the_marks(tmp_path, cli_run):
    n = line_of('"We cannot live a risk-free life.')
    quote = HARM[n - 1].rstrip("\n").replace('risk."', "risk.”")
    assert validated(tmp_path, cli_run, {n: quote}) == (
        f'deck.yaml:{n}:11: this quotation opens with " and is never closed\n'
        '  hint: close it with ", or leave the quotation marks out: cardgen adds them\n')


def test_an_unclosed_quotation_at_the_end_of_the_file_is_told_where_it_opens(tmp_path, cli_run):
    assert validated(tmp_path, cli_run, data=b"title: T\nprompts:\n  - 'How are you?\n") == (
        "deck.yaml:3:5: this quotation opens with ' and is never closed\n"
        "  hint: close it with ', or leave the quotation marks out\n")


def test_an_apostrophe_inside_single_quotes_says_how_to_write_it(tmp_path, cli_run):
    n = line_of("  - text: How can we stay in touch")
    assert validated(tmp_path, cli_run, {n: "  - 'I don't know what to say'"}) == (
        f"deck.yaml:{n}:11: the apostrophe in `don't` ends the quotation that ' opened\n"
        """  hint: write it as `- "I don't know what to say"`\n""")


def test_a_quotation_mark_inside_double_quotes_says_how_to_write_it(tmp_path, cli_run):
    assert validated(tmp_path, cli_run, data=b'title: T\nprompts:\n  - "He said "no" to me"\n') == (
        'deck.yaml:3:14: the " in `"no"` ends the quotation that " opened\n'
        """  hint: write it as `- 'He said "no" to me'`\n""")


def test_a_missing_colon_is_told_at_its_own_line(tmp_path, cli_run):
    n = line_of("    topic: Opening the door")
    assert validated(tmp_path, cli_run, {n: "    topic Opening the door"}) == (
        f"deck.yaml:{n}:5: `topic` needs a colon after it\n"
        "  hint: write `topic: Opening the door`\n")


def test_a_key_indented_too_far_is_told_so(tmp_path, cli_run):
    n = line_of("    topic: Opening the door")
    assert validated(tmp_path, cli_run, {n: "      topic: Opening the door"}) == (
        f"deck.yaml:{n}:7: `topic` is indented further than the line above\n"
        f"  hint: start `topic` 4 spaces in, as `text` on line {n - 1}\n")


def test_a_key_indented_too_little_is_told_so(tmp_path, cli_run):
    n = line_of("    topic: Opening the door")
    assert validated(tmp_path, cli_run, {n: "   topic: Opening the door"}) == (
        f"deck.yaml:{n}:4: `topic` is indented less than the line above\n"
        f"  hint: start `topic` 4 spaces in, as `text` on line {n - 1}\n")


def test_a_top_level_key_indented_is_told_so(tmp_path, cli_run):
    assert validated(tmp_path, cli_run, data=b"title: T\n  subtitle: S\nprompts: [a]\n") == (
        "deck.yaml:2:3: `subtitle` is indented further than the line above\n"
        "  hint: put `subtitle` at the start of the line, as `title` on line 1\n")


def test_a_dash_out_of_line_is_told_so(tmp_path, cli_run):
    assert validated(tmp_path, cli_run, data=b"title: T\nprompts:\n  - a\n - b\n") == (
        "deck.yaml:4:2: this `- ` is indented less than the `- ` on line 3\n"
        "  hint: start it 2 spaces in, as the `- ` on line 3\n")


def test_a_colon_inside_text_says_to_quote_it(tmp_path, cli_run):
    assert validated(tmp_path, cli_run,
                     data=b"title: T\nprompts:\n  - text: Note: this breaks: here\n") == (
        "deck.yaml:3:15: text with a colon and a space in it must be in quotes\n"
        """  hint: write `- text: "Note: this breaks: here"`\n""")


def test_a_list_never_closed_is_told_where_it_opens(tmp_path, cli_run):
    n = line_of("    tags: [opening]")
    assert validated(tmp_path, cli_run, {n: "    tags: [opening"}) == (
        f"deck.yaml:{n}:11: this [ is never closed\n"
        "  hint: close it with ] on the same line\n")


def test_a_key_given_twice_says_keep_one(tmp_path, cli_run):
    n = line_of("    topic: Opening the door")
    assert validated(tmp_path, cli_run, {n: HARM[n - 1] + "    topic: Second thoughts"}) == (
        f"deck.yaml:{n + 1}:5: `topic` is given twice (lines {n} and {n + 1}); keep one\n"
        f"  hint: delete line {n} or line {n + 1}\n")


def test_a_card_missing_its_dash_is_told_once(tmp_path, cli_run):
    # It was four messages: `text`, `topic`, `note` and `tags` "appear twice".
    n = line_of("  - text: Is now a good time to talk")
    card = HARM[n - 1].replace("  - text:", "    text:").rstrip("\n")
    previous = line_of("  - text: How can I be of help to you?")  # the card before it
    assert validated(tmp_path, cli_run, {n: card}) == (
        f"deck.yaml:{n}:5: a new card starts here: it needs a `- ` in front\n"
        f"  hint: write `- text:` with the `- ` under the one on line {previous}\n")


def test_a_utf16_file_is_named_with_how_to_save_it_as_utf8(tmp_path, cli_run):
    text = "".join(HARM)
    for data in (text.encode("utf-16"), text.encode("utf-16-be"), text.encode("utf-16-le")):
        assert validated(tmp_path, cli_run, data=data) == (
            'deck.yaml:1:1: the file is saved as UTF-16 (Notepad calls it "Unicode"), '
            "not UTF-8\n" + SAVE_AS)


def test_a_windows_1252_file_is_named_at_its_first_letter_that_is_not_utf8(tmp_path, cli_run):
    n = line_of("  - text: How can I be of help to you?")
    data = "".join(HARM[:n - 1] + ["  - text: ¿Qué más?\n"] + HARM[n:])
    assert validated(tmp_path, cli_run, data=data.encode("cp1252", "replace")) == (
        f"deck.yaml:{n}:11: the file is saved as Windows-1252 (Latin-1), not UTF-8: ¿ here is "
        "byte 0xbf\n" + SAVE_AS)


def test_bytes_of_no_known_encoding_are_not_named(tmp_path, cli_run):
    assert validated(tmp_path, cli_run, data=b"title: T\x81\xff\nprompts: [a]\n") == (
        "deck.yaml:1:9: the file is not UTF-8 (byte 0x81)\n" + SAVE_AS)


def test_a_utf8_byte_order_mark_is_accepted(tmp_path, cli_run):
    (tmp_path / "deck.yaml").write_bytes("".join(HARM).encode("utf-8-sig"))
    assert cli_run("validate", "deck.yaml", cwd=tmp_path).exit_code == 0


@pytest.mark.parametrize("message", ["mapping", "scalar", "block", "simple key", "document",
                                     "YAML syntax"])
def test_no_message_above_uses_yamls_own_words(message):
    import inspect
    import sys

    tests = inspect.getsource(sys.modules[__name__]).split("# --- issue 25")[1]
    said = [line for line in tests.splitlines() if "deck.yaml:" in line or "hint:" in line]
    assert said and not any(message in line for line in said)

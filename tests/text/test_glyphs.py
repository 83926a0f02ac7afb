"""The glyph check: a character no font can draw, a letter with a mark no font has with it, or
Chinese, Japanese or Korean without a font for them, stops the build at its line with what
to do, rather than printing a box."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cardgen.cli import cli
from cardgen.text.glyphs import CJK_HINT


def cli_build(tmp_path, text: str, *args):
    deck = tmp_path / "deck.yaml"
    deck.write_text(text, encoding="utf-8")
    return CliRunner().invoke(cli, ["build", str(deck), "-o", str(tmp_path / "out"),
                                    "--format", "cards", *args])


def test_a_character_no_font_has_fails_with_its_code_point(tmp_path):
    result = cli_build(tmp_path, "title: T\nprompts:\n  - Fine.\n  - How are you? 🙂\n")
    assert result.exit_code == 1
    assert result.stderr == (
        f"{tmp_path / 'deck.yaml'}:4:5: prompt 2: no font can draw '🙂' (U+1F642); tried Atkinson "
        "Hyperlegible, DejaVu Sans, Noto Sans Arabic, Noto Sans Hebrew, Noto Sans Devanagari, "
        "Noto Sans Bengali\n  hint: remove the character, or add a font that has it with "
        "--font FILE.ttf\n")
    assert not (tmp_path / "out").exists()


def build_project(tmp_path: Path, cli_run, text: str, *formats: str):
    (tmp_path / "decks").mkdir(exist_ok=True)
    (tmp_path / "decks" / "d.yaml").write_text(f'title: T\nprompts:\n  - "{text}"\n',
                                              encoding="utf-8")
    args = [arg for name in formats or ("cards",) for arg in ("--format", name)]
    return cli_run("build", *args, cwd=tmp_path)


def test_a_mark_no_font_has_is_refused_by_name_not_printed_as_a_box(tmp_path, cli_run):
    result = build_project(tmp_path, cli_run, "Cafe\\u0354 au lait")
    assert result.exit_code == 1
    assert result.stderr == (
        "decks/d.yaml:3:5: prompt 1: no font can draw 'e\u0354' (U+0065 U+0354); tried Atkinson "
        "Hyperlegible, DejaVu Sans, Noto Sans Arabic, Noto Sans Hebrew, Noto Sans Devanagari, "
        "Noto Sans Bengali\n  hint: no font has 'e' together with its mark (U+0354); "
        "write it without the mark, or add a font that has both with --font FILE.ttf\n")
    assert not (tmp_path / "output").exists()


DECK = ("title: T\nintro: Some *emphasis* here.\nprompts:\n"
        "  - text: Plain words and *a stressed one*.\n    note: A quiet note.\n")


def project(tmp_path: Path, deck: str = DECK) -> Path:
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "d.yaml").write_text(deck, encoding="utf-8")
    return tmp_path


# --- Chinese, Japanese and Korean --------------------------------------------------------


@pytest.mark.parametrize("text", ["你好", "こんにちは", "カタカナ", "안녕하세요"])
def test_a_missing_cjk_glyph_says_which_font_to_install_and_how(tmp_path, cli_run, text,
                                                                no_cjk_installed):
    project(tmp_path, f"title: T\nprompts:\n  - {text}\n")
    result = cli_run("build", cwd=tmp_path)
    assert result.exit_code == 1
    first = text[0]
    assert result.stderr == (
        f"decks/d.yaml:3:5: prompt 1: no font can draw {first!r} (U+{ord(first):04X}); tried "
        "Atkinson Hyperlegible, DejaVu Sans, Noto Sans Arabic, Noto Sans Hebrew, Noto Sans "
        f"Devanagari, Noto Sans Bengali\n  hint: {CJK_HINT}\n")
    assert "sudo apt install fonts-wqy-zenhei" in CJK_HINT
    assert "--font FILE" in CJK_HINT

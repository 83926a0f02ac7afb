"""Combining marks: set in the font of their letter, chosen so both exist, or refused by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from cardgen.text.fonts import load_fonts
from support.fontmaker import boxes, drawn

# Marks DejaVu Sans has and Atkinson Hyperlegible lacks, on letters with no composed form.
DEJAVU_MARKS = ["f\u0309", "q\u0323", "x\u0330", "k\u0324"]


@pytest.fixture(scope="module")
def fonts():
    return load_fonts()


def build(tmp_path: Path, cli_run, text: str, *formats: str):
    (tmp_path / "decks").mkdir(exist_ok=True)
    (tmp_path / "decks" / "d.yaml").write_text(f'title: T\nprompts:\n  - "{text}"\n',
                                              encoding="utf-8")
    args = [arg for name in formats or ("cards",) for arg in ("--format", name)]
    return cli_run("build", *args, cwd=tmp_path)


def test_a_mark_no_font_has_is_refused_by_name_not_printed_as_a_box(tmp_path, cli_run):
    result = build(tmp_path, cli_run, "Cafe\\u0354 au lait")
    assert result.exit_code == 1
    assert result.stderr == (
        "decks/d.yaml:3:5: prompt 1: no font can draw 'e\u0354' (U+0065 U+0354); tried Atkinson "
        "Hyperlegible, DejaVu Sans, Noto Sans Arabic, Noto Sans Hebrew, Noto Sans Devanagari, "
        "Noto Sans Bengali\n  hint: no font has 'e' together with its mark (U+0354); "
        "write it without the mark, or add a font that has both with --font FILE.ttf\n")
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize("cluster", DEJAVU_MARKS)
def test_a_mark_is_drawn_in_the_font_of_its_letter(tmp_path, cli_run, cluster):
    result = build(tmp_path, cli_run, f"Atkinson sets this, and {cluster}ab too.", "cards",
                   "booklet")
    assert result.exit_code == 0, result.output
    for name in ("d-cards.pdf", "d-booklet.pdf"):
        data = (tmp_path / "output" / name).read_bytes()
        assert boxes(data) == []
        glyphs = drawn(data)
        mark = next(i for i, (_, char) in enumerate(glyphs) if char == cluster[1])
        assert glyphs[mark - 1] == ("DejaVuSans", cluster[0])  # the letter, in the mark's font
        assert glyphs[mark][0] == "DejaVuSans"
        assert ("AtkinsonHyperlegible-Regular", "A") in glyphs  # the rest stays in Atkinson


def test_missing_names_the_letter_with_its_mark(fonts):
    assert fonts.missing("Cafe\u0354") == "e\u0354"
    assert fonts.missing("Cafe\u0301 f\u0309") is None  # é composes; DejaVu has f and U+0309
    assert fonts.missing("\u0354") == "\u0354"  # a mark on its own


@pytest.mark.parametrize("cluster", DEJAVU_MARKS)
def test_the_runs_put_a_letter_and_its_mark_in_one_face_that_has_both(fonts, cluster):
    runs = fonts.runs(f"ab {cluster}c", "regular")
    assert runs == (("Atkinson-Regular", "ab "), ("DejaVu-Regular", f"{cluster}c"))
    assert fonts.font_for(cluster, "regular") == "DejaVu-Regular"
    assert fonts.font_for(cluster, "italic") == "DejaVu-Italic"


def test_runs_hold_the_text_composed_as_it_is_drawn(fonts):
    decomposed = "Tie\u0302\u0301ng"  # Tiếng with the accents apart
    runs = fonts.runs(decomposed, "regular")
    assert "".join(part for _, part in runs) == "Tiếng"
    assert fonts.missing(decomposed) is None

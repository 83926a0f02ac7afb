"""Font registration and per-character fallback: the bundled faces, a user's font first,
combining marks set with their letter, one font set per fonts for the life of the process,
and the CJK font where it is installed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from cardgen.cli import cli
from cardgen.errors import CardgenError
from cardgen.products.build import make
from cardgen.products.options import BuildOptions
from cardgen.text.fontfamily import STYLES
from cardgen.text.fonts import load_fonts
from cardgen.text.registry import EMBOLDENED, FONT_DIR
from support.fontmaker import boxes, drawn, renamed, text_by_font
from support.paths import FONTS
from support.pdfread import reader

BUNDLED = [
    "AtkinsonHyperlegible-Regular.ttf",
    "AtkinsonHyperlegible-Bold.ttf",
    "AtkinsonHyperlegible-Italic.ttf",
    "AtkinsonHyperlegible-BoldItalic.ttf",
    "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique.ttf",
    "DejaVuSans-BoldOblique.ttf",
]


# The bundled faces for the scripts Atkinson and DejaVu leave out, in the order tried.
NOTO = ("Noto Sans Arabic", "Noto Sans Hebrew", "Noto Sans Devanagari", "Noto Sans Bengali")


@pytest.fixture(scope="module")
def fonts():
    return load_fonts()


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_font_is_embeddable_truetype(name):
    font = TTFont("probe", str(FONT_DIR / name))
    assert ord("A") in font.face.charToGlyph


def test_licences_are_bundled():
    assert "SIL OPEN FONT LICENSE" in (FONT_DIR / "OFL-AtkinsonHyperlegible.txt").read_text()
    assert "Bitstream" in (FONT_DIR / "LICENSE-DejaVu.txt").read_text()


def test_registered_names(fonts):
    assert fonts.chain("regular")[:2] == ("Atkinson-Regular", "DejaVu-Regular")
    assert fonts.chain("bold")[:2] == ("Atkinson-Bold", "DejaVu-Bold")
    assert fonts.chain("italic")[:2] == ("Atkinson-Italic", "DejaVu-Italic")
    assert fonts.chain("bolditalic")[:2] == ("Atkinson-BoldItalic", "DejaVu-BoldItalic")
    for style in STYLES:
        for name in fonts.chain(style):
            assert name in pdfmetrics.getRegisteredFontNames()
    assert fonts.tried == ("Atkinson Hyperlegible", "DejaVu Sans", *NOTO)


def test_loading_twice_gives_the_same_names():
    assert load_fonts().chain("regular") == load_fonts().chain("regular")


def test_latin_goes_to_atkinson(fonts):
    words = "¿Qué tal, señor?"
    assert list(fonts.runs(words, "regular")) == [("Atkinson-Regular", words)]
    assert fonts.font_for("ñ", "bold") == "Atkinson-Bold"


@pytest.mark.parametrize("char", ["ế", "ệ", "Ψ", "λ", "Ж", "я"])
def test_other_scripts_go_to_dejavu(fonts, char):
    assert fonts.font_for(char, "regular") == "DejaVu-Regular"
    assert fonts.font_for(char, "italic") == "DejaVu-Italic"


def test_mixed_text_gives_runs_and_keeps_words_whole(fonts):
    runs = list(fonts.runs("Hi Tiếng Việt and Ελληνικά, Привет!", "regular"))
    assert runs == [
        ("Atkinson-Regular", "Hi "),
        ("DejaVu-Regular", "Tiếng Việt "),
        ("Atkinson-Regular", "and "),
        ("DejaVu-Regular", "Ελληνικά, Привет!"),
    ]
    assert "".join(text for _, text in runs) == "Hi Tiếng Việt and Ελληνικά, Привет!"


def test_a_greek_word_is_not_split_between_designs(fonts):
    # Atkinson has Ω and μ as maths symbols, but not the rest of the word.
    assert fonts.font_for("Ω", "regular") == "Atkinson-Regular"
    assert list(fonts.runs("Ωμέγα", "regular")) == [("DejaVu-Regular", "Ωμέγα")]


def test_decomposed_accents_stay_with_their_letter(fonts):
    decomposed = "e\u0302\u0301"  # ế as e + circumflex + acute: drawn composed
    assert list(fonts.runs("x" + decomposed, "regular")) == [("DejaVu-Regular", "xế")]
    assert list(fonts.runs("x " + decomposed, "regular")) == [("Atkinson-Regular", "x "),
                                                              ("DejaVu-Regular", "ế")]


def test_missing(fonts):
    assert fonts.missing("Feeling 🙂 today") == "🙂"
    assert fonts.missing("Tiếng Việt\nΕλληνικά\tрусский") is None
    assert fonts.font_for("🙂", "regular") is None


def test_width_sums_runs(fonts):
    text = "ab Ж"
    expected = pdfmetrics.stringWidth("ab ", "Atkinson-Regular", 12) + pdfmetrics.stringWidth(
        "Ж", "DejaVu-Regular", 12
    )
    assert fonts.width(text, "regular", 12) == pytest.approx(expected)
    assert fonts.width(text, "regular", 24) == pytest.approx(2 * expected)


def test_user_font_comes_first(tmp_path):
    fonts = load_fonts([renamed(tmp_path / "MyFont.ttf", "My Font", source="DejaVuSans.ttf")])
    name = fonts.font_for("a", "regular")
    assert name.startswith("User-MyFont-Regular-")
    assert fonts.font_for("a", "italic") == name  # one face: every style
    assert list(fonts.runs("Hello Ж", "regular")) == [(name, "Hello Ж")]
    assert fonts.tried == ("My Font", "Atkinson Hyperlegible", "DejaVu Sans", *NOTO)


def test_a_copy_of_a_bundled_font_named_with_font_is_that_face(tmp_path):
    user = tmp_path / "Mine.ttf"
    user.write_bytes((FONT_DIR / "DejaVuSans-Bold.ttf").read_bytes())
    fonts = load_fonts([user])
    assert fonts.chain("regular")[:2] == ("DejaVu-Bold", "Atkinson-Regular")
    assert fonts.tried == ("DejaVu Sans", "Atkinson Hyperlegible", *NOTO)


def test_missing_user_font(tmp_path):
    path = tmp_path / "nope.ttf"
    with pytest.raises(CardgenError, match=r"^font not found: .*nope\.ttf$"):
        load_fonts([path])


def test_user_font_that_is_not_truetype(tmp_path):
    path = tmp_path / "fake.ttf"
    path.write_text("this is not a font, only some words")
    with pytest.raises(CardgenError) as error:
        load_fonts([path])
    assert str(error.value) == (f"{path}: not a font cardgen can use (it is not a TrueType or "
                                "OpenType font)")


def test_unknown_style_is_a_bug(fonts):
    with pytest.raises(ValueError):
        fonts.font_for("a", "heavy")


def test_bundled_folder_is_the_repository_fonts_folder():
    assert FONT_DIR.resolve() == FONTS


def test_a_vietnamese_text_is_set_in_one_design(fonts):
    assert list(fonts.runs("thế nào", "regular")) == [
        ("DejaVu-Regular", "thế "),
        ("Atkinson-Regular", "nào"),
    ]
    vietnamese = fonts.for_language("vi-VN")
    assert list(vietnamese.runs("thế nào", "regular")) == [("DejaVu-Regular", "thế nào")]
    assert vietnamese.chain("bold")[:2] == ("DejaVu-Bold", "Atkinson-Bold")
    assert fonts.for_language("es-MX") is fonts
    assert fonts.for_language("vi") is vietnamese


def test_a_user_font_covering_the_language_stays_first(tmp_path):
    user = renamed(tmp_path / "Wide.ttf", "Wide Sans", source="DejaVuSans.ttf")
    fonts = load_fonts([user]).for_language("ru")
    assert fonts.chain("regular")[0].startswith("User-WideSans-Regular-")
    assert fonts.chain("regular")[1] == "DejaVu-Regular"


# --- one font set per fonts, for the life of the process ----------------------------------


def test_the_same_fonts_give_the_same_font_set():
    assert load_fonts() is load_fonts()
    assert load_fonts().for_language("vi") is load_fonts().for_language("vi")


def test_a_user_font_saved_again_gives_a_new_font_set_and_unchanged_the_same(tmp_path):
    path = renamed(tmp_path / "Mine.ttf", "Mine Sans")
    first = load_fonts([path])
    assert load_fonts([path]) is first
    assert load_fonts([str(path)]) is first  # however the path is written
    renamed(path, "Mine Sans", source="DejaVuSans.ttf")  # the same name, new contents
    second = load_fonts([path])
    assert second is not first
    assert "Ж" in second.first("regular").chars and "Ж" not in first.first("regular").chars
    # ReportLab keeps one font per PostScript name: the new one must not draw as the old.
    assert pdfmetrics.getFont(second.first("regular").name).face.charToGlyph.get(ord("Ж"))


def test_rebuilds_in_one_process_share_one_font_set(tmp_path, cli_run, monkeypatch):
    from cardgen.products import context

    seen = []
    real = context.load_fonts
    monkeypatch.setattr(context, "load_fonts",
                        lambda extra=(): seen.append(real(extra)) or seen[-1])
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "d.yaml").write_text("title: T\nprompts:\n  - Hi.\n")
    renamed(tmp_path / "fonts" / "Mine.ttf", "Mine Sans")
    for _ in range(3):
        assert cli_run("build", "--format", "cards", cwd=tmp_path).exit_code == 0
    assert len(seen) >= 3 and all(fonts is seen[0] for fonts in seen)
    renamed(tmp_path / "fonts" / "Mine.ttf", "Mine Sans", "bold")
    assert cli_run("build", "--format", "cards", cwd=tmp_path).exit_code == 0
    assert seen[-1] is not seen[0]


def test_loading_fonts_registers_nothing_twice():
    before = set(pdfmetrics.getRegisteredFontNames())
    load_fonts()
    load_fonts()
    assert set(pdfmetrics.getRegisteredFontNames()) == before | set(load_fonts().chain("regular"))


def test_every_style_can_draw_what_the_glyph_check_allows(tmp_path):
    """A user's bold face that lacks a character its regular face has still draws it (in the
    regular face), so checking the text once, in any style, is enough."""
    regular = renamed(tmp_path / "r.ttf", "Gap Sans", extra="\ue000")  # no other font has it
    bold = renamed(tmp_path / "b.ttf", "Gap Sans", "bold")
    fonts = load_fonts([regular, bold])
    covered = {style: set().union(*(pdfmetrics.getFont(name).face.charToGlyph
                                    for name in fonts.chain(style))) for style in STYLES}
    assert covered["regular"] == covered["bold"] == covered["italic"] == covered["bolditalic"]
    assert fonts.missing("\ue000") is None
    # in the regular face, emboldened: it stands in for the bold face's missing glyph
    assert fonts.font_for("\ue000", "bold") == fonts.chain("regular")[0] + "-Emboldened"


def test_a_user_font_with_a_bundled_faces_postscript_name_leaves_it_that_name(tmp_path):
    """ReportLab keeps one font per PostScript name. The bundled Noto Sans Hebrew keeps its
    own even when the user's font of that name is registered before it is first used."""
    user = renamed(tmp_path / "Hebrew.ttf", "Noto Sans Hebrew", source="DejaVuSans.ttf")
    fonts = load_fonts([user])
    assert pdfmetrics.getFont(fonts.chain("regular")[0]).face.name != b"NotoSansHebrew-Regular"
    assert fonts.font_for("\u05d0\u0591", "regular") == "NotoHebrew-Regular"  # a mark DejaVu lacks
    assert pdfmetrics.getFont("NotoHebrew-Regular").face.name == b"NotoSansHebrew-Regular"


# --- a user's font in a build -------------------------------------------------------------


def build(tmp_path, text: str, name: str = "deck.yaml", **options):
    deck = tmp_path / name
    deck.write_text(text, encoding="utf-8")
    options.setdefault("formats", ("cards",))
    [output] = make(deck, BuildOptions(**options), name).products
    return reader(output.data), output


def cli_build(tmp_path, text: str, *args):
    deck = tmp_path / "deck.yaml"
    deck.write_text(text, encoding="utf-8")
    return CliRunner().invoke(cli, ["build", str(deck), "-o", str(tmp_path / "out"),
                                    "--format", "cards", *args])


def deck_of(*prompts: str, extra: str = "") -> str:
    return "title: T\nprompts:\n" + "".join(f"  - {p!r}\n".replace("'", '"') if '"' not in p
                                             else f"  - '{p}'\n" for p in prompts) + extra


def fonts_used(pdf) -> set[str]:
    names = set()
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


def test_a_users_font_comes_first(tmp_path):
    font = tmp_path / "MyFont.ttf"
    shutil.copy(FONT_DIR / "DejaVuSans.ttf", font)
    plain, _ = build(tmp_path, deck_of("Plain words."), name="plain.yaml")
    assert not any(name.startswith("DejaVu") for name in fonts_used(plain))
    pdf, _ = build(tmp_path, deck_of("Plain words."), fonts=(font,))
    used = fonts_used(pdf)
    assert "DejaVuSans" in used and not any(name.startswith("Atkinson") for name in used), used


def test_a_missing_user_font_is_a_clear_error(tmp_path):
    result = cli_build(tmp_path, deck_of("Hi."), "--font", str(tmp_path / "nope.ttf"))
    assert result.exit_code == 1
    assert result.stderr == f"font not found: {tmp_path / 'nope.ttf'}\n"


# --- combining marks: in the font of their letter, chosen so both exist -------------------

# Marks DejaVu Sans has and Atkinson Hyperlegible lacks, on letters with no composed form.
DEJAVU_MARKS = ["f\u0309", "q\u0323", "x\u0330", "k\u0324"]


def build_project(tmp_path: Path, cli_run, text: str, *formats: str):
    (tmp_path / "decks").mkdir(exist_ok=True)
    (tmp_path / "decks" / "d.yaml").write_text(f'title: T\nprompts:\n  - "{text}"\n',
                                              encoding="utf-8")
    args = [arg for name in formats or ("cards",) for arg in ("--format", name)]
    return cli_run("build", *args, cwd=tmp_path)


@pytest.mark.parametrize("cluster", DEJAVU_MARKS)
def test_a_mark_is_drawn_in_the_font_of_its_letter(tmp_path, cli_run, cluster):
    result = build_project(tmp_path, cli_run, f"Atkinson sets this, and {cluster}ab too.", "cards",
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


# --- Chinese, Japanese and Korean ---------------------------------------------------------


DECK = ("title: T\nintro: Some *emphasis* here.\nprompts:\n"
        "  - text: Plain words and *a stressed one*.\n    note: A quiet note.\n")


def project(tmp_path: Path, deck: str = DECK) -> Path:
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "d.yaml").write_text(deck, encoding="utf-8")
    return tmp_path


def fronts(path: Path) -> dict[str, str]:
    """The first page's text by font, each line break read as a space."""
    return {font: " ".join(text.split())
            for font, text in text_by_font(path.read_bytes(), range(1)).items()}


WQY = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


@pytest.mark.skipif(not WQY.exists(), reason="fonts-wqy-zenhei is not installed")
def test_the_advised_font_prints_chinese_japanese_and_korean(tmp_path, cli_run):
    project(tmp_path, "title: T\nprompts:\n  - 你好 こんにちは 안녕하세요\n")
    result = cli_run("build", "--format", "cards", "--font", WQY, cwd=tmp_path)
    assert result.exit_code == 0, result.output
    used = fronts(tmp_path / "output" / "d-cards.pdf")
    assert "你好" in used["WenQuanYiZenHei-0"] and "안녕하세요" in used["WenQuanYiZenHei-0"]


def test_an_installed_cjk_font_is_found_and_sets_only_what_no_other_font_has(tmp_path,
                                                                             cli_run):
    """With fonts-wqy-zenhei installed, a Chinese deck builds with no --font: WenQuanYi
    Zen Hei sets its Chinese, Atkinson Hyperlegible its Latin words, as in any deck."""
    from support.cjk import cjk_font

    cjk_font()  # skipped where it is not installed (it is, in CI)
    project(tmp_path, "title: T\nlanguage: zh\nprompts:\n  - 你好, Andrew 今天怎么样?\n")
    result = cli_run("build", "--format", "cards", "--verify", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    used = fronts(tmp_path / "output" / "d-cards.pdf")
    chinese = used["WenQuanYiZenHei-0"].replace(" ", "")  # a line may break between characters
    assert "你好" in chinese and "今天怎么样" in chinese
    assert "Andrew" in used["AtkinsonHyperlegible-Regular"]
    assert "Andrew" not in used["WenQuanYiZenHei-0"]


def test_wenquanyi_is_found_where_each_system_installs_it(tmp_path, cli_run, monkeypatch):
    """Debian's, Fedora's and Arch's packages, and the font file installed by hand on macOS
    (for the user or everyone) and Windows (for everyone or, since Windows 10, the user)."""
    import cardgen.text.fonts
    from support.cjk import cjk_font

    home, local = Path("/Users/ana"), "C:\\Users\\ana\\AppData\\Local"
    found = {str(path) for path in cardgen.text.fonts._installed(
        home, {"WINDIR": "C:\\WINDOWS", "LOCALAPPDATA": local})}
    assert {"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
            "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",
            "/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc",
            str(home / "Library" / "Fonts" / "wqy-zenhei.ttc"), "/Library/Fonts/wqy-zenhei.ttc",
            str(Path("C:\\WINDOWS") / "Fonts" / "wqy-zenhei.ttc"),
            str(Path(local) / "Microsoft" / "Windows" / "Fonts" / "wqy-zenhei.ttc")} <= found
    # one of them, a Mac's own font folder, in use: the same file as Debian's
    (tmp_path / "Library" / "Fonts").mkdir(parents=True)
    (tmp_path / "Library" / "Fonts" / "wqy-zenhei.ttc").symlink_to(cjk_font())
    monkeypatch.setattr(cardgen.text.fonts, "INSTALLED", tuple(
        path for path in cardgen.text.fonts._installed(tmp_path, {}) if tmp_path in path.parents))
    project(tmp_path, "title: T\nlanguage: zh\nprompts:\n  - 你好\n")
    result = cli_run("build", "--format", "cards", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "你好" in fronts(tmp_path / "output" / "d-cards.pdf")["WenQuanYiZenHei-0"]


# --- bold where a face has none ------------------------------------------------------------


def test_bold_in_a_face_without_one_is_that_face_emboldened(tmp_path):
    solo = load_fonts([renamed(tmp_path / "solo.ttf", "Solo Sans")])
    regular, bold = solo.first("regular"), solo.first("bold")
    assert bold.name == regular.name + "-Emboldened" and bold.name in EMBOLDENED
    assert bold.cmap == regular.cmap and bold.source == regular.source
    # One font in the PDF, whichever name it is set under.
    assert pdfmetrics.getFont(bold.ready()) is pdfmetrics.getFont(regular.ready())
    assert solo.first("bolditalic").name == bold.name  # no slant made, but the weight
    assert solo.first("italic").name == regular.name
    # A family's own bold is never emboldened, nor is the italic.
    fonts = load_fonts()
    assert fonts.chain("bold")[:2] == ("Atkinson-Bold", "DejaVu-Bold")
    assert not EMBOLDENED & {*fonts.chain("regular"), *fonts.chain("italic")}


def test_chinese_bold_is_emboldened_beside_latin_bold(tmp_path, cli_run):
    """WenQuanYi Zen Hei has one weight: installed, as the deck's --font or found, a label,
    a topic and "与其说" keep their weight, and a helpline's name is bold throughout."""
    from support.cjk import cjk_font

    for fonts in (load_fonts(), load_fonts([cjk_font()])):
        runs = fonts.runs("SAMHSA 全国求助热线", "bold")
        chinese = next(name for name, text in runs if "全国" in text)
        assert chinese in EMBOLDENED and chinese.startswith("User-WenQuanYiZenHei")
        assert {name for name, _ in fonts.runs("与其说", "regular")}.isdisjoint(EMBOLDENED)
    assert load_fonts().runs("SAMHSA 全国求助热线", "bold")[0] == ("Atkinson-Bold", "SAMHSA ")
    project(tmp_path, "title: T\nlanguage: zh\nreframes:\n  - instead: 你又在骗我。\n"
                      "    try: 你可以跟我说实话。\n    topic: 信任\n")
    result = cli_run("build", "--format", "shop", "--verify", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    page = reader((tmp_path / "output" / "d-shop.pdf").read_bytes()).pages[0]
    assert b"2 Tr" in page.get_contents().get_data()

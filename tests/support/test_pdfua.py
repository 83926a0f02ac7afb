"""The PDF/UA checker finds what it says it finds: each condition broken on purpose."""

import io

import pikepdf
from reportlab.pdfgen.canvas import Canvas

from cardgen.render.tagging import Tags
from cardgen.text.registry import bundled_font
from support.pdfua import problems


def _pdf(*, unmarked: bool = False, alt: bool = True, link_text: bool = True,
         nested: bool = False) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1, initialFontName=bundled_font("regular"))
    tags = Tags(canvas, "en", "A deck")
    section = tags.add("Sect")
    heading = tags.add("H", section)
    with tags.marked(heading):
        canvas.drawString(72, 700, "Ask")
        if nested:
            with tags.decoration():
                canvas.rect(72, 690, 10, 1, fill=1)
    with tags.decoration():
        canvas.line(0, 0, 10, 10)
    if unmarked:
        canvas.rect(0, 0, 5, 5, fill=1)
    figure = tags.add("Figure", section, alt="QR code: https://example.org" if alt else None)
    with tags.marked(figure):
        canvas.rect(100, 100, 20, 20, fill=1)
    link = tags.add("Link", section)
    tags.link(link, "https://example.org", (72, 650, 200, 670),
              "Web address: https://example.org" if link_text else "")
    canvas.showPage()
    tags.finish()
    canvas.save()
    return buffer.getvalue()


def test_a_tagged_page_passes():
    assert problems(_pdf()) == []


def test_content_neither_tagged_nor_an_artifact_fails():
    assert problems(_pdf(unmarked=True)) == [
        "01-005: B* neither tagged nor an artifact, page 1"]


def test_an_artifact_inside_tagged_content_fails():
    assert problems(_pdf(nested=True)) == ["01-007: an artifact inside tagged content, page 1"]


def test_a_figure_without_alternative_text_fails():
    assert problems(_pdf(alt=False)) == ["13-004: a Figure without /Alt"]


def test_a_link_without_contents_fails():
    assert problems(_pdf(link_text=False)) == ["28-004: a link without /Contents on page 1"]


def test_the_document_entries_are_required():
    data = _pdf()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        del pdf.Root.ViewerPreferences
        del pdf.Root.MarkInfo
        pdf.Root.Lang = pikepdf.String("not a language")
        out = io.BytesIO()
        pdf.save(out)
    assert problems(out.getvalue()) == [
        "01-002: /MarkInfo /Marked is not true",
        "11-001: the document's /Lang is pikepdf.String(\"not a language\"), not a language tag",
        "07-001: /ViewerPreferences /DisplayDocTitle is not true",
    ]


def test_an_mcid_no_element_claims_fails():
    data = _pdf()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        section = pdf.Root.StructTreeRoot.K.K
        section.K = pikepdf.Array([section.K[1], section.K[2]])  # the heading dropped
        out = io.BytesIO()
        pdf.save(out)
    assert "09-004: MCID 0 of page" in problems(out.getvalue())[0]

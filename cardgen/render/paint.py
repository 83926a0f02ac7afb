"""Drawing fitted card fronts and card backs onto a ReportLab canvas.

(x, y) is always the card's lower-left trim corner on the page, in points.
Backgrounds and colour bands run `bleed` points past the trim; text never does.

In a tagged PDF (render.tagging) each front is a section of the structure, in the
order the fronts are drawn (deck order): the kind's word as its heading, a paragraph
for each of its words by role (render.face's `Part.role`), a quotation as a block
quote with its attribution, a helpline's web address as a link and its QR code as a
figure. Everything else is decoration, an artifact: the band and its icon (the word
beside it is read), rules and bars, level dots, backs (a back says the kind's word its
front's heading already said), and the card number (page furniture).
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.colors import white
from reportlab.lib.rl_accel import fp_str

from cardgen.render.face import QR_CODE, Face, Part
from cardgen.render.fitting import SAFE
from cardgen.render.icons import draw_icon
from cardgen.render.labels import LEVEL_DOT, Back, level_mark
from cardgen.render.logo import draw_logo
from cardgen.render.qr import draw_qr, qr_side
from cardgen.render.tagging import Element, Tags
from cardgen.render.theme import Theme
from cardgen.text import blocks as textlib
from cardgen.text.fonts import FontSet


class Stamps:
    """Drawings that repeat on many cards (a kind's label band, a kind's back), drawn
    once per PDF as forms and placed wherever they are needed.

    Big decks build faster and their PDFs are smaller; the page looks the same.
    """

    def __init__(self, canvas) -> None:
        self.canvas = canvas
        self.names: dict[tuple, str] = {}
        self.tags: Tags | None = getattr(canvas, "tags", None)
        # Links of fronts drawn in a form, made once the form is placed: ReportLab drops
        # annotations made inside a form (see `links_placed`).
        self.links: list[tuple[Element, str, tuple[float, float, float, float], str]] = []

    def links_placed(self) -> None:
        """Make the links of the fronts in the form just placed on the page."""
        if self.tags is not None:
            for link in self.links:
                self.tags.link(*link)
        self.links.clear()

    def place(self, key: tuple, x: float, y: float, box: tuple[float, float, float, float],
              draw: Callable[[], None]) -> None:
        """Place the drawing `key` with its origin at (x, y); `draw` makes it at the origin
        the first time, within `box` (x0, y0, x1, y1)."""
        canvas = self.canvas
        name = self.names.get(key)
        if name is None:
            name = self.names[key] = f"stamp{len(self.names)}"
            canvas.beginForm(name, *box)
            draw()
            canvas.endForm()
        # Moved there inside a saved graphics state, written as Canvas.doForm writes a
        # form's use: ReportLab's translate keeps track of a matrix nothing here reads,
        # at a cost each card would pay twice.
        # A stamp repeats: decoration, never marked content (render.tagging).
        use = f"q 1 0 0 1 {fp_str(x, y)} cm /{canvas._doc.getXObjectName(name)} Do Q"
        canvas._code.append(use if self.tags is None else f"/Artifact BMC {use} EMC")
        canvas._formsinuse.append(name)


def draw_front(canvas, face: Face, x: float, y: float, width: float, height: float,
               bleed: float, theme: Theme, fonts: FontSet, stamps: Stamps) -> None:
    kind = face.card.kind.name
    colour = theme.colour(kind)
    label = face.band
    assert label is not None, "a face is drawn once FaceMaker.face has fitted its label"
    box = (-bleed, height - SAFE - theme.label * 1.5 - 1, width + bleed, height + bleed)
    # The band's form holds the colour and the icon; the label is drawn with the card's
    # words, so each card's heading has words of its own (a form placed on many cards
    # holds no marked content), and PDFium, which compares the place of text in a form
    # with the text after it without the form's move, reads it apart from them.
    rtl = label.rtl
    stamps.place(("band", kind, face.label if rtl else "", width, height, bleed), x, y, box,
                 lambda: _band(canvas, kind, label, width, height, bleed, theme))
    if face.level:
        stamps.place(("level", kind, face.level, rtl, width, height), x, y, (0, 0, width, height),
                     lambda: _level(canvas, face.level, level_mark(width, height, theme, rtl),
                                    colour))
    tags = stamps.tags
    heading, elements, figure = _structure(tags, face) if tags else (None, [], None)
    canvas.saveState()
    parts = (*face.parts, face.footer) if face.footer else face.parts
    colours = {"ink": theme.ink, "muted": theme.muted, "kind": colour}
    owners: list[Element | str | None] = [*elements] if tags else [None] * len(parts)
    placed = [(p.block, x + p.x, y + p.top, colours[p.colour], element)
              for p, element in zip(parts, owners, strict=True)]
    label_x, label_top = _label_place(label, SAFE, height - SAFE - theme.label * 1.5, theme)[1:]
    placed.insert(0, (label, x + label_x, y + label_top, theme.ink if theme.mono else white,
                      heading))
    bars = [part for part in parts if part.bar]
    if bars and tags:
        tags.artifact()
    for part in bars:
        canvas.setFillColor(theme.rule if part.bar == "muted" else colour)
        # Beside the text where its lines start: on the right of right-to-left text.
        bar = (part.x + part.block.width + 4.0 if part.block.rtl and part.block.width
               else part.x - 6.0)
        canvas.rect(x + bar, y + part.top - part.block.height, 2.0, part.block.height,
                    stroke=0, fill=1)
    if bars and tags:
        tags.end()
    textlib.draw_blocks(canvas, placed)
    if tags:
        heard = face.qr_heard
        for part, element in zip(parts, elements, strict=True):
            if part.role == "address" and face.qr and heard and isinstance(element, Element):
                link = (element, face.qr[0], _box(part, x, y), heard[0])
                (stamps.links.append(link) if canvas._formData is not None
                 else tags.link(*link))
    if face.rules:
        if tags:
            tags.artifact()
        canvas.setStrokeColor(theme.rule)
        canvas.setLineWidth(0.5)
        for rule in face.rules:
            canvas.line(x + SAFE, y + rule, x + width - SAFE, y + rule)
        if tags:
            tags.end()
    if face.qr:
        address, qx, qy, size = face.qr
        margin = (size - qr_side(address, QR_CODE)) / 2  # a bigger code fills more of its room
        if tags:
            tags.begin(figure) if figure else tags.artifact()
        draw_qr(canvas, address, x + qx + margin, y + qy + margin, QR_CODE)
        if tags:
            tags.end()
    canvas.restoreState()


# The roles whose words a reader meets as one paragraph with the words after them.
_LEADS = ("said-label", "try-label")
_ATTRIBUTION = ("by", "source")  # a quotation's: in its block quote


def _structure(tags: Tags, face: Face) -> tuple[Element, list[Element | str], Element | None]:
    """The card's section in the structure, added after the cards before it: its heading,
    the element each of its parts (and its footer) is the content of (a string: an
    artifact of that kind), and its QR code's figure."""
    section = tags.add("Sect")
    heading = tags.add("H", section)
    elements: list[Element | str] = []
    quotes: dict[str | None, Element] = {}  # a quotation in each language, bilingual
    leads: dict[str | None, Element] = {}  # a small label's paragraph, by language
    figure = None
    for part in face.parts:
        role, lang = part.role, part.lang
        if role == "heading":  # the kind's word in the source's language
            elements.append(tags.add("Span", heading, lang=lang))
            continue
        if lang in leads and role not in _LEADS:  # "Instead of" and the words it heads
            elements.append(leads.pop(lang))
            continue
        parent = section
        if face.card.kind.name == "quote" and (role == "main" or role in _ATTRIBUTION):
            if role == "main" or lang not in quotes:
                quotes[lang] = tags.add("BlockQuote", section, lang=lang)
            parent = quotes[lang]
        paragraph = tags.add("P", parent, lang=lang)
        if role in _LEADS:
            leads[lang] = paragraph
        if role == "address":
            elements.append(tags.add("Link", paragraph))
            if face.qr_heard:
                figure = tags.add("Figure", section, alt=face.qr_heard[1])
            continue
        elements.append(paragraph)
    _in_reading_order(heading, [face.band] if face.band else [])
    if any(line.text is not None or line.hyphenated
           for part in face.parts for line in part.block.lines):
        blocks: dict[int, tuple[Element, list[textlib.Block]]] = {}
        for part, mine in zip(face.parts, elements):
            if isinstance(mine, Element):
                blocks.setdefault(id(mine), (mine, []))[1].append(part.block)
        for element, said in blocks.values():
            _in_reading_order(element, said)
    if face.footer:
        elements.append("Pagination")
    if face.qr_heard and figure is None:
        figure = tags.add("Figure", section, alt=face.qr_heard[1])
    return heading, elements, figure


def _in_reading_order(element: Element, blocks: list[textlib.Block]) -> None:
    """Give `element` its words in reading order to say (`/ActualText`) when some of its
    lines were laid out for the eye (right to left, shaped: their glyphs are drawn in
    visual order) or end in a hyphen the breaking put in a word (read whole). PDFium's
    page text ignores it: --verify reads the glyphs as before."""
    said = textlib.spoken(blocks)
    if said is not None:
        element.actual = said


def _box(part: Part, x: float, y: float) -> tuple[float, float, float, float]:
    """The box a part's lines take on the page: (x0, y0, x1, y1)."""
    block = part.block
    left = x + part.x + min(block.offset(line) for line in block.lines)
    right = x + part.x + max(block.offset(line) + line.width for line in block.lines)
    return (left, y + part.top - block.height, right, y + part.top)


def place_back(canvas, stamps: Stamps, back: Back, x: float, y: float, width: float,
               height: float, bleed: float, theme: Theme) -> None:
    """A kind's back at (x, y): the same for every card of the kind, so drawn once."""
    stamps.place(("back", back.kind, theme.backs, width, height, bleed), x, y,
                 (-bleed, -bleed, width + bleed, height + bleed),
                 lambda: draw_back(canvas, back, 0.0, 0.0, width, height, bleed, theme))


def _band(canvas, kind: str, label: textlib.Block, width: float, height: float, bleed: float,
          theme: Theme) -> None:
    """The kind's band with its icon across the top of a card at the origin; at the
    card's right edge when the label reads right to left (draw_front draws the label)."""
    band = SAFE + theme.label * 1.5
    canvas.saveState()
    if theme.mono:
        # Ink saving: no filled band, a rule under the label instead.
        canvas.setStrokeColor(theme.ink)
        canvas.setLineWidth(0.75)
        canvas.line(SAFE, height - band, width - SAFE, height - band)
        label_colour = theme.ink
    else:
        canvas.setFillColor(theme.colour(kind))
        canvas.rect(-bleed, height - band, width + 2 * bleed, band + bleed, stroke=0, fill=1)
        label_colour = white
    _icon(canvas, kind, label, SAFE, height - band, theme, label_colour)
    canvas.restoreState()


def _level(canvas, level: int, dots: tuple[tuple[float, float], ...], colour) -> None:
    """The level mark: a dot for each level, filled up to the card's, the rest rings, all in
    the kind's colour; by shape alone it reads in mono and to the colour-blind."""
    canvas.saveState()
    canvas.setFillColor(colour)
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(0.8)
    for index, (cx, cy) in enumerate(dots):
        if index < level:
            canvas.circle(cx, cy, LEVEL_DOT, stroke=0, fill=1)
        else:  # a ring drawn inside the dot's outline: filled and hollow are the same size
            canvas.circle(cx, cy, LEVEL_DOT - 0.4, stroke=1, fill=0)
    canvas.restoreState()


def draw_back(canvas, back: Back, x: float, y: float, width: float, height: float,
              bleed: float, theme: Theme) -> None:
    """The back: the kind's mark (its icon on a disc) and word, the deck's logo and title, so a
    face-down deck sorts by kind and shows whose it is. Laid out by render.labels.

    Light backs (the default, and always in mono) are white with the kind's colour only
    in the mark and word: a fraction of a front's ink, and nothing near the trim to show
    a back printed a little off. Full backs flood the card and its bleed with the
    kind's colour, for print shops, and carry the logo on a white plate.
    """
    kind = back.kind
    full = theme.backs == "full" and not theme.mono
    colour = theme.colour(kind)
    canvas.saveState()
    canvas.translate(x, y)
    if full:
        canvas.setFillColor(colour)
        canvas.rect(-bleed, -bleed, width + 2 * bleed, height + 2 * bleed, stroke=0, fill=1)
        disc, mark, words, title = theme.shade(kind), white, white, white
    else:
        disc, mark, words, title = theme.tint(kind), colour, colour, theme.muted
    cx, cy, radius = back.disc
    canvas.setFillColor(disc)
    canvas.circle(cx, cy, radius, stroke=0, fill=1)
    canvas.setFillColor(mark)
    canvas.setStrokeColor(mark)
    draw_icon(canvas, kind, *back.icon)
    _centred(canvas, back.word, back.centre, back.word_top, words)
    _centred(canvas, back.title, back.centre, back.title_top, title)
    if back.logo and theme.logo:
        lx, ly, lw, lh = back.logo
        if full:  # a logo's own colours may not show on the kind's: it sits on white
            pad = 3.0
            canvas.setFillColor(white)
            canvas.roundRect(lx - pad, ly - pad, lw + 2 * pad, lh + 2 * pad, pad, stroke=0, fill=1)
        draw_logo(canvas, theme.logo, lx, ly, lw, lh, theme.mono)
    canvas.restoreState()


def _icon(canvas, kind: str, block: textlib.Block, x: float, band_bottom: float, theme: Theme,
          colour) -> None:
    size = theme.label
    icon_x = _label_place(block, x, band_bottom, theme)[0]
    canvas.setFillColor(colour)
    canvas.setStrokeColor(colour)
    # The icon runs from 0.15 to 1.5 label sizes over the band's foot: its top meets the
    # safe line (the band is SAFE + 1.5 sizes tall), so a card cut a little off keeps it.
    draw_icon(canvas, kind, icon_x, band_bottom + size * 0.15, size * 1.35)


def _label_place(block: textlib.Block, x: float, band_bottom: float,
                 theme: Theme) -> tuple[float, float, float]:
    """Where the band's icon and word go, from `x` on a band whose bottom is `band_bottom`:
    (icon's left, word's left, word's top). Right to left, the icon is at the right edge
    and the word is set flush right against it. A label shrunk to fit keeps its
    baseline: it lines up with the icon as before."""
    size = theme.label
    icon = size * 1.35
    top = band_bottom + size * 0.35 + block.size
    if block.rtl:
        measure = block.width if block.width is not None else block.lines[0].width
        return x + measure + size * 0.5, x, top
    return x, x + icon + size * 0.5, top


def _centred(canvas, block: textlib.Block, centre: float, top: float, colour) -> None:
    for index, line in enumerate(block.lines):
        single = textlib.Block((line,), block.size, block.leading)
        textlib.draw(canvas, single, centre - line.width / 2, top - index * block.leading, colour)

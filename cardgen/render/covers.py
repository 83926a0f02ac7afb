"""The booklet's own pages around the entries: the cover, the contents and the back cover.

Each is laid out as placed items (cardgen.render.pages) by a `Setter` that knows the
page size; lengths in PDF points, y up.

In the structure tree each is a section: the cover's logo a figure, its title a heading;
the contents a table of contents; the back cover's helplines a section of their own, then
the colophon's paragraphs. A notes page is paper to write on: decoration, as the kinds'
icons are.
"""


from __future__ import annotations

from collections.abc import Sequence

from cardgen.deck.cards import Card
from cardgen.deck.kinds import ENTRY_KINDS
from cardgen.errors import DeckError, Position
from cardgen.render.pages import Icon, Picture, Placed, Rule, Tag, Text
from cardgen.render.setter import Part, Setter, Unit, link_tag, stack
from cardgen.text import blocks as textlib
from cardgen.text.typography import Span, parse_markup, smarten, styled
from cardgen.text.urls import address_lines
from cardgen.units import MM

COVER = Tag((("Sect", "cover"),))
CONTENTS = Tag((("Sect", "contents"),))
BACK = Tag((("Sect", "back"),))


def cover(setter: Setter, left: float, logo: Sequence[Placed] = ()) -> list[Placed]:
    """The front: the kinds' icons (or the deck's logo), the title, the subtitle, and
    the group's name (`author`) at the foot, as a deck's box reads. The version and
    licence are on the back cover.

    `logo` is the deck's own logo (`theme: logo:`, as `cover_logo` places it) or any
    placed items that fit the box `logo_box` gives, drawn instead of the kinds' icons.
    """
    deck, spots, body, theme = setter.deck, setter.deck.spots, setter.sizes.body, setter.theme
    subtitle = group = None
    if deck.subtitle:
        subtitle = setter.block(deck.subtitle, spots.get("subtitle"), "the subtitle", body * 1.25)
        subtitle_tag = setter.tagged(subtitle, COVER.under("P", "subtitle"))
    if deck.author:
        group = setter.block(deck.author, spots.get("author"), "the author", body, "bold")
        group_tag = setter.tagged(group, COVER.under("P", "author"))
    x, y, _, icon = logo_box(setter, left)
    title_top = y - body * 2.5
    below = body * 1.5 + (subtitle.height + body * 0.9 if subtitle else 0.0)
    foot = setter.margin + (group.height + body if group else 0.0)
    setter.check(deck.title, spots.get("title"), "the title")
    title = _fit_title(setter, deck.title, title_top - below - foot)
    if title is None:
        raise _crowded_title(setter, title_top - body * 1.5 - setter.margin,
                             {"subtitle": subtitle, "author": group})
    items: list[Placed] = list(logo)
    if not logo:
        kinds = [k.name for k in ENTRY_KINDS if deck.entries.get(k.name)]
        items += [Icon(kind, x + i * icon * 1.5, y, icon, theme.colour(kind))
                  for i, kind in enumerate(kinds)]
    items.append(Text(title, left, title_top, theme.ink,
                      tag=setter.tagged(title, COVER.under("H", "title"))))
    top = title_top - title.height - body * 0.6
    items.append(Rule(left, top, left + setter.text_width * 0.4, top,
                      theme.colour("instructions"), 2.0))
    if subtitle:
        items.append(Text(subtitle, left, top - body * 0.9, theme.muted, tag=subtitle_tag))
    if group:
        items.append(Text(group, left, setter.margin + group.height, theme.ink, tag=group_tag))
    return items


def logo_box(setter: Setter, left: float) -> tuple[float, float, float, float]:
    """Where a deck's logo goes on the cover: (x, y, width, height) in points, the
    lower-left corner and size of the band the kinds' icons take without one (a
    deck with a logo gives it a band twice as tall, from the same top)."""
    icon = setter.sizes.body * (4.5 if setter.theme.logo else 2.0)
    bottom = setter.height - setter.margin - setter.height * 0.12 - icon
    return (left, bottom, setter.text_width, icon)


def cover_logo(setter: Setter, left: float) -> list[Placed]:
    """The deck's logo (`theme: logo:`) in the cover's logo box, at the box's left as the
    cover's words are, as large as the box allows; nothing without one."""
    logo = setter.theme.logo
    if logo is None:
        return []
    x, y, width, height = logo_box(setter, left)
    return [_picture(setter, x, y, width, height, COVER)]


def _picture(setter: Setter, x: float, y: float, width: float, height: float,
             section: Tag) -> Picture:
    """The deck's logo at its own proportions in the box, from its lower-left corner: a
    figure in `section`, described as the deck's title and "logo" (a deck names no other
    description for it)."""
    logo = setter.theme.logo
    assert logo is not None
    scale = min(width / logo.width, height / logo.height)
    figure = Tag((*section.path, ("Figure", "logo")), alt=f"{setter.deck.title} logo")
    return Picture(logo, x, y, logo.width * scale, logo.height * scale, setter.theme.mono,
                   figure)


def _fit_title(setter: Setter, title: str, height: float) -> textlib.Block | None:
    """The title at the largest size that sets every word whole (a hyphen in the
    cover's title reads as a mistake), or None when it does not fit in `height`."""
    spans = styled(parse_markup(smarten(title, setter.deck.language)), "bold")
    body = setter.sizes.body
    widest = max(setter.fonts.width(word, "bold", 1.0, setter.deck.language)
                 for word in title.split())
    sizes = [size for size in (round(body * f) for f in (2.4, 2.1, 1.8, 1.5, 1.3))
             if widest * size <= setter.text_width] or [round(body * 1.3)]
    return textlib.fit(spans, setter.fonts, sizes, setter.text_width, height,
                       setter.deck.language, leading=1.15)


def _crowded_title(setter: Setter, alone: float,
                   others: dict[str, textlib.Block | None]) -> DeckError:
    """Why the title has no room on the cover: its own length, or, when it would fit
    in `alone` points by itself, the tallest of the `others` that crowd it out."""
    deck, name = setter.deck, setter.name
    crowding = [(block.height, key) for key, block in others.items() if block is not None]
    if crowding and _fit_title(setter, deck.title, alone) is not None:
        key = max(crowding)[1]
        return DeckError(deck.spots.get(key), f"the {key} is too long for the cover of a {name} "
                                               "booklet: it leaves no room for the title",
                         f"shorten the {key}")
    return DeckError(deck.spots.get("title"), f"the title is too long for the cover of a {name} "
                                              "booklet", "shorten the title, and move the rest to "
                                                         "`subtitle:`")


def back_cover(setter: Setter, left: float, helplines: Sequence[Card] = (),
               help_page: int | None = None) -> list[Placed]:
    """The helplines at the top of the back cover, where a harm-reduction pamphlet puts
    them; the deck's logo, who made it and under what licence at its foot.

    The outside back cover is seen without opening the booklet (lying face down on a
    table, pinned to a fridge) and needs no contents page to find. Each helpline shows
    its name and number (its address when it has no number); their notes and QR codes
    stay in their section. Helplines that do not fit above the colophon are left to
    that section, on `help_page`, which the last line points to.
    """
    lines = _colophon(setter)
    colophon = [block for block, _, _ in lines]
    small = setter.sizes.small
    foot = setter.margin + sum(b.height for b in colophon) + small * 0.4 * (len(colophon) - 1)
    items: list[Placed] = []
    logo = None
    if setter.theme.logo is not None:  # over the colophon, as a publisher's mark
        height = setter.sizes.body * 2.5
        logo = _picture(setter, left, foot + small, setter.text_width * 0.6, height, BACK)
    top_of_foot = logo.y + logo.height if logo else foot
    room = setter.top - top_of_foot - (setter.sizes.body * 1.5 if helplines else 0.0)
    units = _help_units(setter, helplines, help_page, room) if helplines else []
    if _height(units) > room:  # the colophon leaves no room, or runs past the page's top
        block, key, _ = max(lines, key=lambda line: line[0].height)
        raise DeckError(setter.deck.spots.get(key), f"the {key} is too long for the back cover "
                                                    f"of a {setter.name} booklet",
                        f"shorten the {key}")
    items += stack(units, left, setter.top)
    if logo is not None:  # read after the helplines, before the words under it
        items.append(logo)
    top = foot
    for index, (block, _, tag) in enumerate(lines):
        colour = setter.theme.ink if index == 0 else setter.theme.muted
        items.append(Text(block, left, top, colour, tag=tag))
        top -= block.height + small * 0.4
    return items


def _colophon(setter: Setter) -> list[tuple[textlib.Block, str, Tag | None]]:
    """The back cover's foot, line by line, each with the deck key it comes from and its
    paragraph in the tree."""
    deck, spots, small = setter.deck, setter.deck.spots, setter.sizes.small
    raw = [(deck.title, "title", setter.sizes.body, "bold")]
    raw += [(value, key, small, "regular")
            for key, value in (("author", deck.author), ("license", deck.license)) if value]
    if deck.version:
        raw.append((f"{setter.words['version']} {deck.version}", "version", small, "regular"))
    raw.append((setter.words["made"], "colophon", small, "regular"))
    lines = []
    for text, key, size, style in raw:
        spot = spots.get("labels.made" if key == "colophon" else key)
        what = "the colophon" if key == "colophon" else f"the {key}"
        block = setter.block(text, spot, what, size, style)
        lines.append((block, key, setter.tagged(block, BACK.under("P", key))))
    return lines


def _height(units: Sequence[Unit]) -> float:
    """How far `stack` takes the units down the page."""
    return sum((unit.gap if index else 0.0) + sum(part.height + (part.gap if j else 0.0)
                                                  for j, part in enumerate(unit.parts))
               for index, unit in enumerate(units))


def _help_units(setter: Setter, helplines: Sequence[Card], help_page: int | None,
                room: float) -> list[Unit]:
    """The heading and each helpline's name and number; when they do not all fit in
    `room`, as many as fit and a line pointing to `help_page`."""
    kind = helplines[0].kind
    section = BACK.under("Sect", "help")
    head = setter.heading(kind.name, *setter.label(kind.name), setter.sizes.heading,
                          tag=section.under("H", "heading"))
    entries = [_help_unit(setter, card, section.under("Sect", str(index)))
               for index, card in enumerate(helplines)]
    if head.height + sum(u.gap + u.height for u in entries) <= room or help_page is None:
        return [Unit((head,), 0.0), *entries]
    more = setter.text(setter.words["more_help"].format(page=help_page), None,
                       "a pointer to the helplines", setter.sizes.small, "bold",
                       setter.theme.muted, tag=section.under("P", "more"))
    pointer = Unit((more,), setter.sizes.body * 0.8)
    used = head.height + pointer.gap + pointer.height
    units = [Unit((head,), 0.0)]
    for unit in entries:
        if used + unit.gap + unit.height > room:
            break
        units.append(unit)
        used += unit.gap + unit.height
    return [*units, pointer]


def _help_unit(setter: Setter, card: Card, tag: Tag) -> Unit:
    """A helpline's name and number (the line to text, or its address, when it has no
    number to call), and when the number was last checked: paragraphs of `tag`."""
    assert card.item is not None
    kind, body, what = card.kind, setter.sizes.body, card.describe()
    pieces = kind.printed(card.item, setter.deck.labels, setter.deck.language)
    printed = {piece.role: piece for piece in pieces}
    spots = card.item.spots
    name = printed["name"]
    parts = [setter.text(name.text, spots.get(name.key, card.where), what, body, "bold",
                         owner=what, tag=tag.under("P", "name"))]
    phone, address = printed.get("phone"), printed.get("address")
    texting, checked = printed.get("sms"), printed.get("checked")
    colour = setter.theme.colour(kind.name)
    if phone is not None:
        parts.append(setter.text(phone.text, spots.get(phone.key, card.where), what,
                                 setter.sizes.phone, "bold", colour, body * 0.1, owner=what,
                                 tag=tag.under("P", "phone")))
    elif texting is not None:  # a line people text: "Text HOME to 741741"
        parts.append(setter.text(texting.text, spots.get(texting.key, card.where), what,
                                 body, "bold", colour, body * 0.1, owner=what,
                                 tag=tag.under("P", "sms")))
    elif address is not None:
        parts.append(_address(setter, address.text, spots.get(address.key, card.where), what,
                              colour, body * 0.1,
                              link_tag(tag.under("P", "address"), address.text,
                                       address.link or address.text, setter.words)))
    if checked is not None:  # how fresh the number is: "checked Nov 2026"
        parts.append(setter.text(checked.text, spots.get(checked.key, card.where), what,
                                 setter.sizes.small, "regular", setter.theme.muted,
                                 body * 0.05, owner=what, tag=tag.under("P", "checked")))
    return Unit(tuple(parts), body * 0.8)


def _address(setter: Setter, url: str, where: Position | None, what: str, colour,
             gap: float, tag: Tag) -> Part:
    """A helpline's address, printed as typed and broken as an address (text.urls): a
    link (`tag`)."""
    setter.check(url, where, what)
    small = setter.sizes.small
    lines = address_lines(url, setter.fonts, small, setter.text_width, "bold")
    block = textlib.wrap([Span("\n".join(lines), "bold")], setter.fonts, small,
                         setter.text_width, "zxx")
    if block is None:
        raise DeckError(where, f"{what}: the address is too long for a {setter.name} "
                               "booklet page")
    return Part(block.height, (Text(block, 0.0, 0.0, colour, what, tag=tag),), gap)


def contents_units(setter: Setter, starts: Sequence[tuple[str, int]]) -> list[Unit]:
    """The contents: each section's heading and the number of the page it starts on."""
    size, ink = setter.sizes.body, setter.theme.ink
    title = setter.text(setter.words["contents"], None, "the contents heading",
                        setter.sizes.heading, "bold", tag=CONTENTS.under("H", "heading"))
    units = []
    for index, (kind, page) in enumerate(starts):
        label, where = setter.label(kind)
        # A section's word and its page number: one item of the table of contents.
        item = Tag((*CONTENTS.path, ("TOC", "toc"), ("TOCI", kind)))
        entry = setter.heading(kind, label, where, size, colour=ink, gap=size * 1.2,
                               tag=item.under("P", "label"))
        number = textlib.one_line(str(page), "regular", setter.fonts, size,
                                  language=setter.deck.language)
        right = Text(number, setter.text_width - number.lines[0].width, 0.0, ink,
                     tag=item.under("P", "page"))
        part = Part(max(entry.height, number.height), (*entry.items, right), entry.gap)
        units.append(Unit((title, part) if index == 0 else (part,), size * 0.5))
    return units


# Handwriting needs about 8 mm a line; a line is drawn this far from the last.
NOTE_LINE = 8 * MM


def notes_page(setter: Setter, number: int) -> list[Placed]:
    """A page to write on: a heading in the deck's language, ruled lines, its number.
    Pages that pad the booklet to a multiple of four are these, never blank."""
    left = setter.left(number)
    head = setter.text(setter.words["notes"], None, "the notes heading", setter.sizes.heading,
                       "bold", setter.theme.muted)
    items = [item.moved(left, setter.top) for item in head.items]
    y = setter.top - head.height - NOTE_LINE
    while y >= setter.bottom:
        items.append(Rule(left, y, left + setter.text_width, y, setter.theme.rule, 0.5))
        y -= NOTE_LINE
    items.append(setter.page_number(number))
    return items

"""A small deck, and booklets read back as words: for the booklet's tests in render/
(test_booklet, test_covers, test_impose), which check the same booklets from different sides."""

from __future__ import annotations

import io
import re
import textwrap
import unicodedata
from pathlib import Path

from pypdf import PdfReader

from cardgen.choices import BOOKLET_SIZES
from cardgen.deck.cards import deck_cards
from cardgen.products.booklet import booklet_pdf
from cardgen.render.theme import Theme
from cardgen.text.fonts import load_fonts

FONTS = load_fonts()
BUNDLED = ("harm-reduction.yaml", "harm-reduction.es.yaml", "self-care.yaml")
QUARTER = BOOKLET_SIZES["quarter-letter"]

SMALL = """\
title: Small Talk
subtitle: A tiny test deck
author: Test Author
license: CC0
version: "2.3"
intro: |
  Read one card at a time.

  Anyone may pass.
prompts:
  - text: What helps you rest?
    topic: Rest
    note: Listen first.
  - text: Who do you call on a hard day?
    topic: People
reframes:
  - instead: You never listen.
    try: I'd like to be heard. Is now a good time?
    why: Asking invites an answer.
quotes:
  - text: "How long it takes is how long it takes."
    by: Andrew Tatarsky
    source: A talk
"""
RESOURCE = """\
region: US
resources:
  - name: Night Line
    phone: "988"
    url: https://988lifeline.org
"""


def write(tmp_path: Path, text: str, name: str = "deck.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def build(deck, size=QUARTER, theme=Theme(), **options) -> tuple[bytes, int]:
    return booklet_pdf(deck, deck_cards(deck), FONTS, theme, size, **options)


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def words(text: str) -> list[str]:
    """Text as comparable words: typographic quotes, markup stars and hyphens dropped,
    so "don't" matches "don’t" and a word the hyphenation engine split ("-\\n") joins up."""
    text = unicodedata.normalize("NFC", text).replace("-\n", "")
    text = text.replace("\u2026", "...").replace("-", "")
    text = re.sub("[\"'*\u2018\u2019\u201a\u201c\u201d\u201e\u00ab\u00bb]", "", text)
    return text.split()


def find(needle: list[str], haystack: list[str], start: int = 0) -> int:
    """Index of `needle` as a run of words in `haystack`, or -1."""
    for i in range(start, len(haystack) - len(needle) + 1):
        if haystack[i:i + len(needle)] == needle:
            return i
    return -1

"""The text engine: fonts, scripts, measuring, line breaking and setting text in blocks.

`fontfile`, `fontfamily` and `fonts` find and register faces and fall back per character;
`glyphs` checks every character has a glyph; `scripts`, `shaping` and `typography` know
writing systems (direction, HarfBuzz shaping, quotation marks, markup); `linebreaks` and
`hyphenation` say where a line may end; `words` measures words once, `breaking` chooses
line ends, `blocks` fits a text to a box and `textout` writes its pieces for the canvas.
Sizes and widths are PDF points. Nothing here draws a page.
"""

"""The text engine: fonts, scripts, measuring, line breaking and setting text in blocks.

`fontfile` and `fontfamily` read font files and group their faces, `registry` registers
faces with ReportLab once a process, `fonts` loads a build's fonts and falls back per
character; `glyphs` checks every character has a glyph; `scripts`, `shaping` and
`typography` know writing systems (direction, HarfBuzz shaping, quotation marks, markup);
`linebreaks` and `hyphenation` say where a line may end; `words` measures words once,
`breaking` chooses line ends, `blocks` fits a text to a box and `textout` writes its
pieces for the canvas.
Sizes and widths are PDF points. Nothing here draws a page.
"""

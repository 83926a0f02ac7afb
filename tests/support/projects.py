"""Small projects the command-line tests build: a deck and a stock's template."""

from __future__ import annotations

DECK = "title: T\nprompts:\n  - How are you?\n  - What helps?\n"

# An A4 stock with two columns of cards set to the left: not symmetric about the centre.
LEFT = """\
<Glabels-templates>
  <Template brand="Test" part="Left" size="A4" description="Cards to the left">
    <Label-rectangle id="0" width="60mm" height="40mm">
      <Layout nx="2" ny="3" x0="10mm" y0="20mm" dx="65mm" dy="45mm"/>
    </Label-rectangle>
  </Template>
</Glabels-templates>
"""

"""Colours as #RRGGBB: the readable colour suggested for one too light keeps its hue."""

from __future__ import annotations

import pytest

from cardgen.deck.colours import contrast, readable_on_white


@pytest.mark.parametrize("colour", ["#7FD1B9", "#FFD700", "#FF0000", "#888888", "#FFFFFF",
                                    "#00FFFF", "#123456"])
def test_the_colour_suggested_reads_and_keeps_its_hue(colour):
    near = readable_on_white(colour)
    assert contrast(near, "#FFFFFF") >= 4.5
    if contrast(colour, "#FFFFFF") >= 4.5:
        assert near == colour
    else:  # no lighter colour of the hue would pass: it is the nearest
        assert contrast(near, "#FFFFFF") < 4.65
        channels = [int(near[i:i + 2], 16) for i in (1, 3, 5)]
        original = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
        assert [c == max(channels) for c in channels][:1] == [c == max(original)
                                                               for c in original][:1]

"""The output formats' table: every format one record, and everything that lists formats
reads it (the command line, cardgen.yaml, preview, the studio's downloads)."""

from __future__ import annotations

import re

import click
import pytest

from cardgen.cli import cli
from cardgen.products.formats import DEFAULT_FORMATS, DOWNLOADS, FORMATS, PICTURED
from cardgen.products.options import BuildOptions, load_config
from cardgen.studio.pages import download_links


def _choices(command: str) -> tuple[str, ...]:
    [option] = [p for p in cli.commands[command].params if p.name == "formats"]
    assert isinstance(option.type, click.Choice)
    return tuple(option.type.choices)


def test_the_command_line_offers_every_format_and_preview_the_pictured_ones():
    assert _choices("build") == tuple(FORMATS) == (
        "cards", "booklet", "shop", "images", "box", "html")
    assert _choices("preview") == PICTURED == ("cards", "booklet")
    assert BuildOptions().formats == DEFAULT_FORMATS == ("cards", "booklet")


@pytest.mark.parametrize("name", list(FORMATS))
def test_each_format_has_a_maker_module_and_its_own_file(name):
    record = FORMATS[name]
    maker = record.maker()
    assert maker.__name__ == f"cardgen.products.{name}"
    assert callable(maker.make)
    assert record.file_name("grief").startswith("grief")
    others = [FORMATS[other].file_name("grief") for other in FORMATS if other != name]
    assert record.file_name("grief") not in others


def test_cardgen_yaml_takes_the_formats_by_name_in_any_case(tmp_path):
    (tmp_path / "cardgen.yaml").write_text("format: [HTML, box]\n", encoding="utf-8")
    assert load_config(tmp_path).options.formats == ("html", "box")
    (tmp_path / "cardgen.yaml").write_text("format: poster\n", encoding="utf-8")
    with pytest.raises(Exception, match="is not one of cards, booklet, shop, images, box, html"):
        load_config(tmp_path)


def test_the_studio_offers_a_download_for_each_format_whose_record_says_so():
    assert DOWNLOADS == ("cards", "booklet", "shop")
    links = download_links("/d/grief.yaml/")
    found = re.findall(r'<a id="download-(\w+)" data-format="\1" href="/d/grief.yaml/download/\1" '
                       r'download>([^<]+)</a>', links)
    assert found == [("cards", "Cards PDF"), ("booklet", "Booklet PDF"),
                     ("shop", "Print-shop PDF")]

"""A resource's address, what a phone opens from its QR code: web, phone or e-mail, written
in full, with no hidden characters; anything else refused at its line."""

from __future__ import annotations

import textwrap

import pytest

from cardgen.deck.model import load_deck
from cardgen.errors import DeckErrors


def write(tmp_path, text: str, name: str = "deck.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def errors_of(tmp_path, text: str | bytes) -> list[str]:
    path = tmp_path / "bad.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(DeckErrors) as caught:
        load_deck(path, "bad.yaml")
    return [str(error) for error in caught.value.errors]


ADDRESS_HINT = ("use a web address (https://...), a phone number (tel:...) or an e-mail "
                "address (mailto:...)")
HIDDEN_HINT = ("write the address without spaces or hidden characters; copy it from the "
               "browser's address bar")


@pytest.mark.parametrize("url, message, hint", [
    ("javascript:alert(1)", "`javascript:` addresses cannot be printed on a card", ADDRESS_HINT),
    ("file:///etc/passwd", "`file:` addresses cannot be printed on a card", ADDRESS_HINT),
    ("'data:text/html,<b>hi</b>'", "`data:` addresses cannot be printed on a card", ADDRESS_HINT),
    ("ftp://example.org", "`ftp:` addresses cannot be printed on a card", ADDRESS_HINT),
    ("https://example.org/get help", "the address contains a space (character 24)", HIDDEN_HINT),
    ('"https://example.org/\\u202Eevil"',
     "the address contains the invisible character U+202E (character 21)", HIDDEN_HINT),
    ('"https://example.org/\\tx"', "the address contains the invisible character U+0009 "
                                   "(character 21)", HIDDEN_HINT),
    ('"https://exa\\u200Bmple.org"', "the address contains the invisible character U+200B "
                                     "(character 12)", HIDDEN_HINT),
    ("988lifeline.org", "the address has no https://", "write it in full, e.g. https://988lifeline.org"),
    ("https://", "the address has no host", "write it in full, e.g. https://988lifeline.org"),
    ("https://example.org/" + "a" * 140, "the address is 160 characters long; its QR code would "
                                         "be too fine to scan (at most 150)",
     "use a shorter link to the same page"),
])
def test_a_resource_address_that_is_not_web_phone_or_mail_is_refused_at_its_line(
        tmp_path, url, message, hint):
    text = f"title: T\nprompts: [Hello?]\nresources:\n  - name: Line\n    url: {url}\n"
    assert errors_of(tmp_path, text) == [f"bad.yaml:5:10: `url`: {message}\n  hint: {hint}"]


@pytest.mark.parametrize("url", ["https://988lifeline.org", "HTTP://Example.org/a?b=c#d",
                                 "tel:+1-800-662-4357", "mailto:help@example.org",
                                 "https://例子.测试/页"])
def test_web_phone_and_mail_addresses_are_kept_as_written(tmp_path, url):
    path = write(tmp_path,
                 f"title: T\nprompts: [Hello?]\nresources:\n  - name: Line\n    url: {url}\n")
    assert load_deck(path).entries["resource"][0].url == url


def test_a_javascript_address_is_never_drawn_as_a_qr_code(tmp_path, cli_run):
    write(tmp_path, "title: T\nprompts: [Hello?]\nresources:\n  - name: Line\n"
                    "    url: javascript:alert(1)\n")
    result = cli_run("build", "--format", "cards", "deck.yaml", cwd=tmp_path)
    assert (result.exit_code, result.output) == (
        1, f"deck.yaml:5:10: `url`: `javascript:` addresses cannot be printed on a card\n"
           f"  hint: {ADDRESS_HINT}\n")
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize("language,printed,opens,link,code", [
    ("en", "https://988lifeline.org", "https://988lifeline.org",
     "Web address: https://988lifeline.org", "QR code: https://988lifeline.org"),
    ("es", "https://988lifeline.org", "https://988lifeline.org",
     "Dirección web: https://988lifeline.org", "Código QR: https://988lifeline.org"),
    ("en", "1-800-662-4357", "tel:+18006624357", "1-800-662-4357", "QR code: tel:+18006624357"),
    ("fr", "aide@example.org", "mailto:aide@example.org", "aide@example.org",
     "Code QR\u00a0: mailto:aide@example.org"),
])
def test_an_address_is_heard_in_the_deck_s_language(language, printed, opens, link, code):
    """A web page is announced as one; a number or an e-mail address reads as printed."""
    from cardgen.deck.addresses import heard
    from cardgen.deck.language import table

    assert heard(printed, opens, table(language)) == (link, code)

"""Phone numbers as people read and dial them: checked for the deck's country, printed as
written (bare digits grouped by their length), dialled as parsed."""

from __future__ import annotations

import datetime

import pytest

from cardgen.deck.kinds import RESOURCE, default_labels
from cardgen.deck.model import load_deck
from cardgen.deck.phones import readable
from cardgen.errors import DeckErrors


@pytest.mark.parametrize("written,printed", [
    ("988", "988"),  # a short code is said as one
    ("112", "112"),
    ("116123", "116123"),
    ("8006624357", "800-662-4357"),  # North American: dashes, as there
    ("18006624357", "1-800-662-4357"),
    ("5550199", "555 0199"),
    ("23456789", "2345 6789"),
    ("900123456", "900 123 456"),  # Spain
    ("1800123456", "1800 123 456"),  # Australia: not a North American area code (180)
    ("0800123456", "0800 123 456"),
    ("08001234567", "0800 123 4567"),  # United Kingdom
    ("441234567890", "441234567890"),  # an international number without its +: as written
    ("1-800-662-4357", "1-800-662-4357"),  # the editor's dashes stay
    ("1 800 662 4357", "1 800 662 4357"),
    ("(800) 662-4357", "(800) 662-4357"),
    ("+44 20 7946 0958", "+44 20 7946 0958"),
    ("1-800-662-HELP", "1-800-662-HELP"),
    ("\u0661\u0662\u0663", "\u0661\u0662\u0663"),  # digits of another script: as written
])
def test_a_number_of_bare_digits_is_grouped_for_reading(written, printed):
    assert readable(written) == printed


# --- checked for the deck's region (libphonenumber's metadata) ----------------------

def load(tmp_path, resource: str, region: str | None = "US", language: str = "en"):
    """A deck with one helpline of `resource`'s fields; its DeckErrors' messages, or the
    helpline."""
    top = f"region: {region}\n" if region else ""
    path = tmp_path / "deck.yaml"
    path.write_text(f"title: T\nlanguage: {language}\n{top}prompts: [Hi?]\nresources:\n"
                    f"  - name: Line\n    {resource}\n", encoding="utf-8")
    try:
        deck = load_deck(path, "deck.yaml")
    except DeckErrors as errors:
        return [str(error) for error in errors.errors]
    return deck.entries["resource"][0]


PHONE_AT = "deck.yaml:7:12: `phone`: "
CHECK = "check the number on the service's own website"
ABROAD = "; a number in another country is written with + and its country code"
REAL = "write the service's real number, checked on its own website"


@pytest.mark.parametrize("phone, message, hint", [
    ("98", "`98` is not a phone number in the United States", CHECK + ABROAD),
    ("1-800-273-825", "`1-800-273-825` has 10 digits; a toll-free number in the United States "
                      "has 11", CHECK + ABROAD),
    ("1-8OO-273-8255", "`8OO` in `1-8OO-273-8255` has the letter O where the digit 0 (zero) "
                       "belongs", "type the digit 0 instead"),
    ("1-800-662-435l", "`435l` in `1-800-662-435l` has the letter I where the digit 1 (one) "
                       "belongs", "type the digit 1 instead"),
    ("98.8", "`98.8` looks like a decimal number, not a phone number",
     "write the number as it is dialled, with spaces or dashes between groups of digits"),
    ("000-000-0000", "`000-000-0000` is a placeholder, not a helpline's number",
     REAL + ", or remove the line"),
    ("123-456-7890", "`123-456-7890` is a placeholder, not a helpline's number",
     REAL + ", or remove the line"),
    ("XXX", "`XXX` is a placeholder, not a helpline's number", REAL + ", or remove the line"),
    ("TBD", "`TBD` is a placeholder, not a helpline's number", REAL + ", or remove the line"),
    ("'###'", "`###` is a placeholder, not a helpline's number", REAL + ", or remove the line"),
    ("1-800-###-####", "`1-800-###-####` is a placeholder, not a helpline's number",
     REAL + ", or remove the line"),
    ("(xxx) xxx-xxxx", "`(xxx) xxx-xxxx` is a placeholder, not a helpline's number",
     REAL + ", or remove the line"),
    ("202-555-0143", "`202-555-0143` is in a range set aside for films and examples; no one "
                     "answers it", REAL),
    ("Text HOME to 741741", "`Text HOME to 741741` holds words, not only a number",
     "put only the number in `phone:`; for a line people text, write `sms: 741741` with "
     "`sms_body: HOME`; other words (hours, what to press) go in `note:`"),
    ("+20 ١٢٣ 4567", "`+20 ١٢٣ 4567` has 9 digits; a mobile number in Egypt has 12", CHECK),
])
def test_a_number_that_is_not_one_stops_the_build_at_its_line(tmp_path, phone, message, hint):
    assert load(tmp_path, f"phone: {phone}") == [f"{PHONE_AT}{message}\n  hint: {hint}"]


@pytest.mark.parametrize("phone, region, printed, dialled", [
    ("988", "US", "988", "tel:988"),
    ("'911'", "US", "911", "tel:911"),
    ("741741", "US", "741741", "tel:741741"),
    ("1-800-662-4357", "US", "1-800-662-4357", "tel:+18006624357"),
    ("18006624357", "US", "1-800-662-4357", "tel:+18006624357"),
    ("1-800-FLOWERS", "US", "1-800-FLOWERS", "tel:+18003569377"),
    ("1-800-273-TALK (8255)", "US", "1-800-273-TALK (8255)", "tel:+18002738255"),
    ("1-800-BOX4YOU", "US", "1-800-BOX4YOU", "tel:+18002694968"),
    ("1-800-662-4357 ext. 12", "US", "1-800-662-4357 ext. 12", "tel:+18006624357;ext=12"),
    ("'112'", "DE", "112", "tel:112"),
    ("0800 111 0 111", "DE", "0800 111 0 111", "tel:+498001110111"),
    ("116 123", "DE", "116 123", "tel:116123"),
    ("'000'", "AU", "000", "tel:000"),  # Australia's emergency number is no placeholder
    ("'999'", "GB", "999", "tel:999"),
    ("+44 300 123 6600", "DE", "+44 300 123 6600", "tel:+443001236600"),  # valid anywhere
    ("١-٨٠٠-٦٦٢-٤٣٥٧", "US", "١-٨٠٠-٦٦٢-٤٣٥٧", "tel:+18006624357"),  # Arabic-Indic digits
])
def test_a_real_number_prints_as_written_and_dials_as_parsed(tmp_path, phone, region, printed,
                                                              dialled):
    item = load(tmp_path, f"phone: {phone}", region)
    [piece] = [p for p in RESOURCE.printed(item, default_labels("en"), "en") if p.role == "phone"]
    assert (piece.text, piece.link) == (printed, dialled)


def test_a_number_needs_the_deck_to_say_its_country(tmp_path):
    assert load(tmp_path, "phone: '988'", region=None) == [
        "deck.yaml:6:12: `phone`: cardgen cannot check `988` without knowing the country the "
        "deck is for\n"
        "  hint: add `region: US` (the two-letter code of the deck's country) at the top of the "
        "deck or in cardgen.yaml, or write the number with + and its country code"]
    assert load(tmp_path, "phone: +1 800 662 4357", region=None).phone.dial == "+18006624357"


def test_cardgen_yaml_gives_the_region_a_deck_does_not(tmp_path):
    path = tmp_path / "deck.yaml"
    path.write_text("title: T\nprompts: [Hi?]\nresources:\n  - {name: L, phone: '112'}\n",
                    encoding="utf-8")
    assert load_deck(path, region="DE").entries["resource"][0].phone.dial == "112"
    path.write_text("title: T\nregion: us\nprompts: [Hi?]\nresources:\n"
                    "  - {name: L, phone: '988'}\n",
                    encoding="utf-8")
    deck = load_deck(path, region="DE")  # the deck's own region wins
    assert deck.region == "US" and deck.entries["resource"][0].phone.dial == "988"


def test_a_region_that_is_no_country_is_refused(tmp_path):
    assert load(tmp_path, "phone: '988'", region="XY")[0] == (
        "deck.yaml:3:9: `XY` is not a country code\n  hint: use the two-letter code of the country "
        "the deck is used in, such as US, GB, DE, MX or AU")


def test_a_text_line_prints_its_words_and_links_to_the_message(tmp_path):
    item = load(tmp_path, "sms: 741741\n    sms_body: HOME")
    pieces = {p.role: p for p in RESOURCE.printed(item, default_labels("en"), "en")}
    assert (pieces["sms"].text, pieces["sms"].link) == ("Text HOME to 741741",
                                                        "sms:741741?&body=HOME")
    # With no web address, the QR code is the text message, ready to send.
    assert pieces["address"].link == "sms:741741?&body=HOME"
    spanish = {p.role: p for p in RESOURCE.printed(item, default_labels("es"), "es")}
    assert spanish["sms"].text == "Envía HOME al 741741"


def test_a_word_to_text_needs_a_number_to_text_it_to(tmp_path):
    assert load(tmp_path, "phone: '988'\n    sms_body: HOME") == [
        "deck.yaml:8:15: `sms_body` needs `sms`\n  hint: add `sms:` with the number to text"]


def test_a_tel_address_dials_the_number_it_names(tmp_path):
    item = load(tmp_path, "url: tel:18005551212")
    [piece] = [p for p in RESOURCE.printed(item, default_labels("en"), "en")
               if p.role == "address"]
    assert (piece.text, piece.link) == ("tel:18005551212", "tel:+18005551212")
    assert load(tmp_path, "url: tel:98")[0].startswith(
        "deck.yaml:7:10: `url`: `98` is not a phone number in the United States")


@pytest.mark.parametrize("language, printed", [
    ("en", "checked Nov 2026"), ("es", "verificado en nov 2026"), ("de", "geprüft Nov. 2026"),
    ("ar", "آخر تحقق: نوفمبر 2026"), ("zh", "核实于 2026年11月"),
])
def test_the_date_a_number_was_checked_prints_in_the_decks_language(tmp_path, language,
                                                                    printed):
    item = load(tmp_path, "phone: '988'\n    checked: 2026-11-01", language=language)
    assert item.checked == datetime.date(2026, 11, 1)
    pieces = {p.role: p.text for p in RESOURCE.printed(item, default_labels(language), language)}
    assert pieces["checked"] == printed


def test_a_checked_date_must_be_a_date(tmp_path):
    assert load(tmp_path, "phone: '988'\n    checked: last spring") == [
        "deck.yaml:8:14: `checked`: `last spring` is not a date\n"
        "  hint: write it as year-month-day, such as 2026-11-01"]


def test_helplines_is_another_name_for_resources(tmp_path):
    path = tmp_path / "deck.yaml"
    path.write_text("title: T\nregion: US\nprompts: [Hi?]\nhelplines:\n"
                    "  - {name: L, phone: '988'}\n",
                    encoding="utf-8")
    assert [item.name for item in load_deck(path).entries["resource"]] == ["L"]
    path.write_text("title: T\nregion: US\nprompts: [Hi?]\nresources: []\nhelplines: []\n",
                    encoding="utf-8")
    with pytest.raises(DeckErrors) as raised:
        load_deck(path, "deck.yaml")
    assert str(raised.value.errors[0]) == (
        "deck.yaml:5:1: `helplines` and `resources` are the same list, given twice (`resources` "
        "at line 4)\n  hint: put every helpline under one of them")


def test_a_decks_own_words_for_a_text_line_must_keep_its_blanks(tmp_path):
    path = tmp_path / "deck.yaml"
    path.write_text("title: T\nregion: US\nlabels:\n  sms_word: Text {word}\n"
                    "prompts: [Hi?]\nhelplines:\n  - {name: L, sms: '741741', sms_body: HOME}\n",
                    encoding="utf-8")
    with pytest.raises(DeckErrors) as raised:
        load_deck(path, "deck.yaml")
    assert [str(error) for error in raised.value.errors] == [
        "deck.yaml:4:13: `labels.sms_word` has no {number}\n"
        "  hint: write {number} where it goes, as in `sms_word: Text {word} to {number}`"]
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Text {word}", "'Send {word} to {number}'"), encoding="utf-8")
    item = load_deck(path).entries["resource"][0]
    deck = load_deck(path)
    [line] = [p.text for p in RESOURCE.printed(item, deck.labels, "en") if p.role == "sms"]
    assert line == "Send HOME to 741741"

"""Phone numbers as people read and dial them: checked for the deck's country, printed
as written, dialled in E.164.

A helpline's number is read off a card in a hurry, often by someone upset, and a
wrong one can cost a life. So every number is checked against libphonenumber's
metadata (the `phonenumbers` package) for the country the deck is used in, its short
codes included (988, 911, 112, 116 123, 741741), and a number that is not one stops
the build at its line, saying what is wrong in plain words. Placeholders (000-000-0000,
XXX, TBD), the ranges set aside for fiction (555-0100 to 555-0199) and a letter O or I
typed among the digits are refused the same way.

What is printed is what the editor wrote: they chose how the number reads, and a
vanity number (1-800-FLOWERS) stays as it is. Only a number of bare digits is grouped
for reading (`readable`). What is dialled, linked (`tel:`, `sms:`) and put in QR
codes is the parsed number: E.164 (+18002738255), or a short code as it is dialled
(988), never the digits of the whole field.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

_NORTH_AMERICAN = re.compile(r"1?[2-9]\d\d[2-9]\d{6}")
# Group lengths by the count of digits, for numbers that are not North American.
_GROUPS = {7: (3, 4), 8: (4, 4), 9: (3, 3, 3), 10: (4, 3, 3), 11: (4, 3, 4)}


def readable(number: str) -> str:
    """`number` as it is printed: bare digits grouped for reading, anything else as written.

    Up to 6 digits stay whole (short codes are said as one: 988, 116123); North American
    numbers take dashes (1-800-662-4357); other lengths take spaces between groups, the
    trunk prefix with its area code first (0800 123 4567); 12 digits or more are left as
    written: an international number without its + cannot be grouped.
    """
    digits = number.strip()
    if not digits.isascii() or not digits.isdigit():
        return number
    if len(digits) in (10, 11) and _NORTH_AMERICAN.fullmatch(digits):
        local = digits[-10:]
        groups = [local[:3], local[3:6], local[6:]]
        return "-".join(["1", *groups] if len(digits) == 11 else groups)
    sizes = _GROUPS.get(len(digits))
    if sizes is None:
        return digits
    groups, start = [], 0
    for size in sizes:
        groups.append(digits[start:start + size])
        start += size
    return " ".join(groups)


class PhoneProblem(ValueError):
    """What is wrong with a number, and what to do; the deck reader says where."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message, self.hint = message, hint


class Number(str):
    """A checked number: the text as written (it is a str, printed as is) and what a
    phone dials."""

    dial: str  # E.164 (+18006624357), or a short code as dialled (988)
    extension: str | None

    def __new__(cls, written: str, dial: str, extension: str | None = None) -> Number:
        number = super().__new__(cls, written)
        number.dial, number.extension = dial, extension
        return number

    def __reduce__(self):  # copies and pickles keep what is dialled
        return (Number, (str(self), self.dial, self.extension))

    @property
    def tel(self) -> str:
        """The `tel:` address that calls it (RFC 3966)."""
        return f"tel:{self.dial}" + (f";ext={self.extension}" if self.extension else "")

    def sms(self, body: str | None = None) -> str:
        """The `sms:` address that texts it, with `body` typed in: `sms:741741?&body=HOME`.
        The "?&" form is the one both Android and iOS read, in a link and in a QR code."""
        return f"sms:{self.dial}" + (f"?&body={quote(body, safe='')}" if body else "")


# Written where a number should be, before anyone looked one up.
_PLACEHOLDER_WORDS = re.compile(
    r"^\W*(x+|tbd|tba|tbc|n/?a|none|to ?do|fixme|number|phone|\?+|#+)\W*$", re.IGNORECASE)
_UNFILLED = re.compile(r"[Xx#?]{3}|N{3}")  # XXX-XXX-XXXX, ###-####, NNN NNN NNNN
_SEPARATORS = re.compile(r"[\s\-.()/\u2010-\u2015]+")
_DECIMAL = re.compile(r"^\d+[.,]\d+$")
_TALK_THEN_DIGITS = re.compile(r"([A-Za-z]+)\s*\((\d+)\)")  # 1-800-273-TALK (8255)
_KEYPAD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "22233344455566677778889999")
_EXTENSION = re.compile(r"\s*(?:ext\.?|extension|x|#)\s*\d+\s*$", re.IGNORECASE)
_KINDS = {  # libphonenumber's number types, as a reader would name them
    0: "landline number", 1: "mobile number", 2: "phone number", 3: "toll-free number",
    4: "premium-rate number", 5: "shared-cost number", 6: "internet phone number",
    7: "personal number", 8: "pager number", 9: "phone number", 10: "voicemail number",
}
_WORDS_HINT = ("put only the number in `phone:`; for a line people text, write `sms: 741741` "
               "with `sms_body: HOME`; other words (hours, what to press) go in `note:`")


def country_name(region: str) -> str:
    """A region code's English name: US -> "the United States", DE -> "Germany"."""
    from babel import Locale

    name = Locale("en").territories.get(region, region)
    return f"the {name}" if name.startswith(("United", "Netherlands", "Philippines")) else name


def is_region(code: str) -> bool:
    """Whether `code` is a country libphonenumber knows (ISO 3166 alpha-2, upper case)."""
    import phonenumbers

    return code in phonenumbers.SUPPORTED_REGIONS


def check_number(written: str, region: str | None) -> Number:
    """`written` checked as a number people call or text in `region` (None: a deck that
    has not said where it is used, so only international numbers can be checked).
    Raises PhoneProblem saying what is wrong and what to do."""
    import phonenumbers
    from phonenumbers import shortnumberinfo

    text = unicodedata.normalize("NFKC", written).strip()
    _refuse_placeholders(text, region)
    _refuse_lookalikes(text)
    if text[:1].isalpha() or re.search(r"[\s(][a-z]{2,}", _EXTENSION.sub("", text)):
        raise PhoneProblem(f"`{written}` holds words, not only a number", _WORDS_HINT)
    if _DECIMAL.match(text):
        raise PhoneProblem(f"`{written}` looks like a decimal number, not a phone number",
                           "write the number as it is dialled, with spaces or dashes "
                           "between groups of digits")
    # "TALK (8255)": the letters and the digits they stand for; dial the digits once.
    text = _TALK_THEN_DIGITS.sub(
        lambda m: m[2] if m[1].upper().translate(_KEYPAD) == m[2] else m[0], text)
    if region is None and not text.startswith("+"):
        raise PhoneProblem(
            f"cardgen cannot check `{written}` without knowing the country the deck is for",
            "add `region: US` (the two-letter code of the deck's country) at the top of the "
            "deck or in cardgen.yaml, or write the number with + and its country code")
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise PhoneProblem(f"`{written}` is not a phone number",
                           "write the number as it is dialled, digits with spaces or dashes "
                           "between groups") from None
    if region and shortnumberinfo.is_valid_short_number_for_region(number, region) \
            and not text.startswith("+"):
        return Number(written, phonenumbers.normalize_digits_only(text))
    if phonenumbers.is_valid_number(number) and (
            text.startswith("+") or phonenumbers.is_valid_number_for_region(number, region or "")):
        if _fictional(number):
            raise _fiction(written)
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        return Number(written, e164, number.extension or None)
    raise _explain(written, text, region)


def _refuse_placeholders(text: str, region: str | None) -> None:
    digits = "".join(char for char in text if char.isdigit())
    # Short numbers of one digit are real (000, 111, 999): only long ones are filler.
    placeholder = _PLACEHOLDER_WORDS.match(text) or _UNFILLED.search(text) or (
        len(digits) >= 7 and (len(set(digits)) == 1 or digits in "01234567890"
                              or digits in "9876543210"))
    if placeholder:
        raise PhoneProblem(f"`{text}` is a placeholder, not a helpline's number",
                           "write the service's real number, checked on its own website, "
                           "or remove the line")
    if not digits:
        raise PhoneProblem(f"`{text}` has no digits", _WORDS_HINT)


def _refuse_lookalikes(text: str) -> None:
    """A letter O or I typed among digits (1-8OO-...): a typo, not a vanity number."""
    for group in _SEPARATORS.split(text):
        letters = {char for char in group if char.isalpha()}
        if letters and any(char.isdigit() for char in group) and letters <= set("OoIl"):
            which = "O" if letters & set("Oo") else "I"
            digit = "0 (zero)" if which == "O" else "1 (one)"
            raise PhoneProblem(f"`{group}` in `{text}` has the letter {which} where the digit "
                               f"{digit} belongs", f"type the digit {digit[0]} instead")


def _fictional(number) -> bool:
    """Numbers set aside for films and examples: North America's 555-0100 to 555-0199,
    and the United Kingdom's drama ranges."""
    national = str(number.national_number)
    if number.country_code == 1:
        return national[3:6] == "555" and national[6:8] == "01"
    if number.country_code == 44:
        return national.startswith(("7700900", "1632960", "2079460", "1134960", "1144960",
                                    "1174960", "1214960", "1314960", "1414960", "1514960",
                                    "1614960", "2890180", "2920180", "8081570", "9098790",
                                    "3069990"))
    return False


def _fiction(written: str) -> PhoneProblem:
    return PhoneProblem(f"`{written}` is in a range set aside for films and examples; "
                        "no one answers it",
                        "write the service's real number, checked on its own website")


def _explain(written: str, text: str, region: str | None) -> PhoneProblem:
    """Why a parsed number is not one: too few or too many digits for the kind of number
    it starts like, or not a number in the country at all."""
    import phonenumbers

    digits = "".join(char for char in text.upper().translate(_KEYPAD) if char.isdigit())
    plus = "+" if text.startswith("+") else ""
    where = country_name(region) if region and not plus else "any country"
    hint = ("check the number on the service's own website" +
            ("; a number in another country is written with + and its country code"
             if not plus else ""))
    for size in (1, 2, 3):
        for candidate in ([digits + fill * size for fill in "015"] + [digits[:-size]]):
            try:
                number = phonenumbers.parse(plus + candidate, region)
            except phonenumbers.NumberParseException:
                continue
            valid = phonenumbers.is_valid_number(number) and (
                plus or phonenumbers.is_valid_number_for_region(number, region or ""))
            if valid and len(candidate) > 3:
                kind = _KINDS.get(phonenumbers.number_type(number), "phone number")
                if plus:  # +20 ...: the country its code is for
                    where = country_name(phonenumbers.region_code_for_number(number) or "")
                return PhoneProblem(
                    f"`{written}` has {len(digits)} digits; a {kind} in {where} has "
                    f"{len(candidate)}", hint)
    return PhoneProblem(f"`{written}` is not a phone number in {where}", hint)

"""Guard for free text that must stay anonymous: refuse what looks like a fødselsnummer, a phone
number, an e-mail address or the candidate's own name (domain.md §7, issue 10 item 3).

The text is normalised first (Unicode NFKC, so full-width "＠" and digits become ASCII and
no-break spaces become spaces; zero-width characters removed; runs of whitespace collapsed), so
"310199 56715" typed with a no-break or zero-width space is the same text as without.

- Fødselsnummer: any run of exactly eleven digits, separated or not by spaces, dots, dashes or
  slashes ("310199-56715", "31.01.99 567 15"), valid check digits or not: a mistyped number still
  identifies a person. Longer runs (a date range "01.02.2025 - 03.04.2025") are not flagged.
- Phone numbers: Google's libphonenumber (`phonenumbers`, region NO) finds them in any common
  grouping; what reads as a date ("23.03.2025") is not a phone number.
- E-mail: also the usual obfuscations: "(at)", "[at]", " at ", "(dot)", spaces around "@".
- Names: the caller passes the candidate's first and last name (CandidateProfile.clean).
"""

import re
import unicodedata

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .validators import parse_fodselsnummer

_INVISIBLE = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\ufeff\u00ad\u180e")
)
_SEPARATOR = r"[ .\-/]{0,3}"
# A run of digits joined by separators; flagged when it holds exactly eleven digits.
_DIGIT_RUN = re.compile(rf"(?<!\d)\d(?:{_SEPARATOR}\d)*(?!\d)")
_DATE = re.compile(r"^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$")
_AT = re.compile(
    r"\s*(?:[\(\[\{<]\s*(?:at|alfakrøll|krøll)\s*[\)\]\}>]|(?<=\w)\s+(?:at|alfakrøll)\s+(?=\w))\s*|\s*@\s*",
    re.IGNORECASE,
)
_DOT = re.compile(r"\s*[\(\[\{<]\s*(?:dot|punktum|prikk)\s*[\)\]\}>]\s*|\s+(?:dot|punktum)\s+", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?: ?\. ?[\w-]+)* ?\. ?[a-z]{2,}\b", re.UNICODE | re.IGNORECASE)


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    return re.sub(r"\s+", " ", text)


FNR_MESSAGE = _(
    "Teksten ser ut til å inneholde et fødselsnummer. Profilen skal være anonym: fjern nummeret før du lagrer."
)
ELEVEN_DIGITS_MESSAGE = _(
    "Teksten inneholder et tall med elleve siffer, som kan være et fødselsnummer. "
    "Profilen skal være anonym: fjern tallet før du lagrer."
)
PHONE_MESSAGE = _(
    "Teksten ser ut til å inneholde et telefonnummer. Profilen skal være anonym: fjern nummeret før du lagrer."
)
EMAIL_MESSAGE = _(
    "Teksten ser ut til å inneholde en e-postadresse. Profilen skal være anonym: fjern adressen før du lagrer."
)


NAME_MESSAGE = _(
    "Teksten inneholder kandidatens navn. Profilen skal være anonym: fjern navnet før du lagrer."
)


def _is_valid_fodselsnummer(digits: str) -> bool:
    try:
        parse_fodselsnummer(digits)
    except ValidationError:
        return False
    return True


def _eleven_digit_runs(text: str) -> list[re.Match]:
    return [m for m in _DIGIT_RUN.finditer(text) if sum(c.isdigit() for c in m.group()) == 11]


def _has_phone(text: str) -> bool:
    for match in phonenumbers.PhoneNumberMatcher(text, "NO", leniency=phonenumbers.Leniency.VALID):
        if not _DATE.match(match.raw_string.strip()):
            return True
    return False


def _has_name(text: str, names) -> bool:
    for name in names or ():
        for part in normalise(name or "").split():
            if len(part) >= 2 and re.search(rf"(?<!\w){re.escape(part)}(?!\w)", text, re.IGNORECASE):
                return True
    return False


def personal_data_findings(text: str, *, names=()) -> list[str]:
    """The kinds found: "fnr" (valid check digits) or "eleven_digits", "phone", "email", "name"."""
    if not text:
        return []
    text = normalise(str(text))
    found = []
    runs = _eleven_digit_runs(text)
    digits = ["".join(c for c in m.group() if c.isdigit()) for m in runs]
    if any(_is_valid_fodselsnummer(d) for d in digits):
        found.append("fnr")
    elif runs:
        found.append("eleven_digits")
    # Blank the eleven-digit runs first so that their first eight digits are not also a "phone".
    rest = text
    for match in reversed(runs):
        rest = rest[: match.start()] + " " + rest[match.end() :]
    if _has_phone(rest):
        found.append("phone")
    if _EMAIL.search(_DOT.sub(".", _AT.sub("@", text))):
        found.append("email")
    if _has_name(text, names):
        found.append("name")
    return found


def validate_no_personal_data(value, *, names=()) -> None:
    """Model/form field validator for anonymised free text (pass `names` where the person is known)."""
    messages = {
        "fnr": FNR_MESSAGE,
        "eleven_digits": ELEVEN_DIGITS_MESSAGE,
        "phone": PHONE_MESSAGE,
        "email": EMAIL_MESSAGE,
        "name": NAME_MESSAGE,
    }
    errors = [
        ValidationError(messages[kind], code=f"personal_data_{kind}")
        for kind in personal_data_findings(str(value), names=names)
    ]
    if errors:
        raise ValidationError(errors)

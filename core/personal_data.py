"""Guard for free text that must stay anonymous: refuse what looks like a fødselsnummer, a
Norwegian phone number or an e-mail address (domain.md §7).

The check is deliberately stricter than the identifier validators: any run of eleven digits is
refused, valid check digits or not, because a mistyped fødselsnummer still identifies a person.
Digits may be grouped by single spaces ("010190 12345", "912 34 567"), as people type them;
dots and dashes are not treated as separators so that dates ("01.02.2025") stay allowed.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .validators import parse_fodselsnummer

# Eleven digits, optionally grouped by single spaces, not part of a longer number.
_ELEVEN_DIGITS = re.compile(r"(?<!\d)(?:\d ?){10}\d(?!\d)")
# Eight digits (a Norwegian phone number), optional +47 / 0047 prefix, optionally grouped.
_PHONE = re.compile(r"(?<![\d+])(?:(?:\+|00) ?47 ?)?(?:\d ?){7}\d(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)

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


def _is_valid_fodselsnummer(digits: str) -> bool:
    try:
        parse_fodselsnummer(digits)
    except ValidationError:
        return False
    return True


def personal_data_findings(text: str) -> list[str]:
    """The kinds of personal data found: "fnr" (valid check digits) or "eleven_digits", "phone", "email"."""
    if not text:
        return []
    found = []
    runs = [m.group().replace(" ", "") for m in _ELEVEN_DIGITS.finditer(text)]
    if any(_is_valid_fodselsnummer(run) for run in runs):
        found.append("fnr")
    elif runs:
        found.append("eleven_digits")
    # Remove the eleven-digit runs first so that their first eight digits are not also a "phone".
    rest = _ELEVEN_DIGITS.sub(" ", text)
    if _PHONE.search(rest):
        found.append("phone")
    if _EMAIL.search(text):
        found.append("email")
    return found


def validate_no_personal_data(value) -> None:
    """Model/form field validator for anonymised free text."""
    messages = {
        "fnr": FNR_MESSAGE,
        "eleven_digits": ELEVEN_DIGITS_MESSAGE,
        "phone": PHONE_MESSAGE,
        "email": EMAIL_MESSAGE,
    }
    errors = [
        ValidationError(messages[kind], code=f"personal_data_{kind}")
        for kind in personal_data_findings(str(value))
    ]
    if errors:
        raise ValidationError(errors)

"""Norwegian identifiers: organisasjonsnummer and fødselsnummer (with D-, H- and synthetic numbers).

Rules from ../shared/docs/domain.md §5 and anchors.md §3.1–3.2; the fødselsnummer rule follows
NAV's own navikt/fnrvalidator, which already accepts numbers issued from 2032 (first check digit
computed from a remainder of 0, 1, 2 or 3).
"""

import datetime
import enum

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ORGNR_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
FNR_K1_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2)
FNR_K2_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
# From 2032 the first check digit may leave these remainders (Skatteetaten, new numbers from 2032).
FNR_K1_ACCEPTED_REMAINDERS = frozenset({0, 1, 2, 3})
D_NUMBER_DAY_OFFSET = 40
H_NUMBER_MONTH_OFFSET = 40
SYNTHETIC_MONTH_OFFSET = 80


def normalise_digits(value) -> str:
    """Strip the spaces and dots people type into identifiers ('988 077 917')."""
    return "".join(str(value).split()).replace(".", "")


# --- Organisasjonsnummer -----------------------------------------------------------------------


def orgnr_check_digit(first8: str) -> int | None:
    """The mod-11 check digit for eight digits; None when it would be 10 (never issued)."""
    remainder = sum(int(d) * w for d, w in zip(first8, ORGNR_WEIGHTS, strict=True)) % 11
    if remainder == 1:
        return None
    return 0 if remainder == 0 else 11 - remainder


def orgnr_generate(*, rng=None, start: int | None = None) -> str:
    """A valid organisasjonsnummer for demo data and test factories (the one generator).

    With `start` (eight digits as a number), the first valid number from there on, so a fixed
    start always gives the same number; otherwise a random one from `rng` beginning with 8 or 9.
    """
    import random

    rng = rng or random.Random()
    for step in range(1000):
        if start is not None:
            first8 = str(start + step).zfill(8)[-8:]
        else:
            first8 = str(rng.choice((8, 9))) + "".join(str(rng.randrange(10)) for _ in range(7))
        check = orgnr_check_digit(first8)
        if check is not None:
            return f"{first8}{check}"
    raise ValueError("No valid organisasjonsnummer found")


def is_valid_orgnr(value) -> bool:
    digits = normalise_digits(value)
    if len(digits) != 9 or not digits.isdigit():
        return False
    check = orgnr_check_digit(digits[:8])
    return check is not None and check == int(digits[8])


def validate_orgnr(value) -> None:
    digits = normalise_digits(value)
    if len(digits) != 9 or not digits.isdigit():
        raise ValidationError(_("Organisasjonsnummeret må ha ni siffer."), code="orgnr_length")
    if not is_valid_orgnr(digits):
        raise ValidationError(
            _("Organisasjonsnummeret er ugyldig: kontrollsifferet stemmer ikke."), code="orgnr_checksum"
        )


# --- Fødselsnummer ---------------------------------------------------------------------------------


class FnrKind(enum.Enum):
    FNR = "fnr"
    D_NUMBER = "dnr"
    H_NUMBER = "hnr"
    SYNTHETIC = "synthetic"


def _check_digits_ok(digits: str) -> bool:
    numbers = [int(d) for d in digits]
    sum1 = sum(d * w for d, w in zip(numbers[:9], FNR_K1_WEIGHTS, strict=True))
    if (sum1 + numbers[9]) % 11 not in FNR_K1_ACCEPTED_REMAINDERS:
        return False
    sum2 = sum(d * w for d, w in zip(numbers[:10], FNR_K2_WEIGHTS, strict=True))
    return (sum2 + numbers[10]) % 11 == 0


def _century(year2: int, individual: int) -> int | None:
    """Skatteetaten's mapping from the individual number to the century of birth."""
    if individual <= 499:
        return 1900
    if individual <= 749 and year2 >= 54:
        return 1800
    if individual >= 900 and year2 >= 40:
        return 1900
    if year2 <= 39:
        return 2000
    return None


def parse_fodselsnummer(value) -> tuple[FnrKind, datetime.date]:
    """Return the kind and birth date, or raise ValidationError (Norwegian message)."""
    digits = normalise_digits(value)
    if len(digits) != 11 or not digits.isdigit():
        raise ValidationError(_("Fødselsnummeret må ha elleve siffer."), code="fnr_length")
    if not _check_digits_ok(digits):
        raise ValidationError(
            _("Fødselsnummeret er ugyldig: kontrollsifrene stemmer ikke."), code="fnr_checksum"
        )
    day, month, year2, individual = int(digits[0:2]), int(digits[2:4]), int(digits[4:6]), int(digits[6:9])
    kind = FnrKind.FNR
    if day > D_NUMBER_DAY_OFFSET:
        day -= D_NUMBER_DAY_OFFSET
        kind = FnrKind.D_NUMBER
    if month > SYNTHETIC_MONTH_OFFSET:
        month -= SYNTHETIC_MONTH_OFFSET
        kind = FnrKind.SYNTHETIC
    elif month > H_NUMBER_MONTH_OFFSET:
        month -= H_NUMBER_MONTH_OFFSET
        kind = FnrKind.H_NUMBER
    century = _century(year2, individual)
    try:
        if century is None:
            raise ValueError
        birth_date = datetime.date(century + year2, month, day)
    except ValueError:
        raise ValidationError(_("Fødselsnummeret er ugyldig: datoen finnes ikke."), code="fnr_date") from None
    return kind, birth_date


def validate_fodselsnummer(value, *, allow_synthetic: bool | None = None) -> None:
    kind, _birth_date = parse_fodselsnummer(value)
    if allow_synthetic is None:
        allow_synthetic = settings.ALLOW_SYNTHETIC_FNR
    if kind is FnrKind.SYNTHETIC and not allow_synthetic:
        raise ValidationError(_("Syntetiske testnumre kan ikke brukes i produksjon."), code="fnr_synthetic")


def fodselsnummer_birth_date(value) -> datetime.date:
    return parse_fodselsnummer(value)[1]

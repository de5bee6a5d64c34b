"""Synthetic fødselsnumre for demo data and tests: valid check digits, month + 80 (Test Norge).

Such numbers belong to no real person and are accepted only outside production
(settings.ALLOW_SYNTHETIC_FNR, core.validators), so demo data can never collide with a citizen.
"""

import datetime

from core.validators import FNR_K1_WEIGHTS, FNR_K2_WEIGHTS, SYNTHETIC_MONTH_OFFSET

MAX_ATTEMPTS = 5000


def _check_digit(digits: str, weights) -> int | None:
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    check = (11 - remainder) % 11
    return None if check == 10 else check


def individual_range(birth_date: datetime.date) -> range:
    """Individual numbers Skatteetaten uses for the birth year's century."""
    return range(0, 500) if birth_date.year < 2000 else range(500, 1000)


def synthetic_fodselsnummer(
    birth_date: datetime.date, individual: int, *, synthetic: bool = True
) -> str | None:
    """The number for this birth date and individual number, or None when no check digit exists."""
    month = birth_date.month + (SYNTHETIC_MONTH_OFFSET if synthetic else 0)
    base = f"{birth_date.day:02d}{month:02d}{birth_date.year % 100:02d}{individual:03d}"
    k1 = _check_digit(base, FNR_K1_WEIGHTS)
    if k1 is None:
        return None
    k2 = _check_digit(base + str(k1), FNR_K2_WEIGHTS)
    if k2 is None:
        return None
    return f"{base}{k1}{k2}"


def random_synthetic_fodselsnummer(rng, birth_date: datetime.date, taken: set[str] | None = None) -> str:
    """A fresh synthetic number for the birth date (not in `taken`, which is updated)."""
    numbers = individual_range(birth_date)
    for _attempt in range(MAX_ATTEMPTS):
        fnr = synthetic_fodselsnummer(birth_date, rng.choice(numbers))
        if fnr is not None and (taken is None or fnr not in taken):
            if taken is not None:
                taken.add(fnr)
            return fnr
    # About 400 numbers exist per birth date; a caller asking for more must vary the date.
    raise ValueError("No free synthetic fødselsnummer left for this birth date")

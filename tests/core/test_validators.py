import datetime

import pytest
from django.core.exceptions import ValidationError

from core.logging import mask_fodselsnummer
from core.validators import (
    FnrKind,
    fodselsnummer_birth_date,
    is_valid_orgnr,
    parse_fodselsnummer,
    validate_fodselsnummer,
    validate_orgnr,
)


@pytest.mark.parametrize("orgnr", ["123456785", "701730496", "988077917", "889640782", "988 077 917"])
def test_valid_orgnr(orgnr):
    assert is_valid_orgnr(orgnr)
    validate_orgnr(orgnr)


@pytest.mark.parametrize(
    "orgnr,code",
    [
        ("988077918", "orgnr_checksum"),  # wrong check digit
        ("12345678", "orgnr_length"),
        ("1234567890", "orgnr_length"),
        ("98807791A", "orgnr_length"),
        ("", "orgnr_length"),
    ],
)
def test_invalid_orgnr(orgnr, code):
    assert not is_valid_orgnr(orgnr)
    with pytest.raises(ValidationError) as excinfo:
        validate_orgnr(orgnr)
    assert excinfo.value.code == code
    assert "Organisasjonsnummeret" in str(excinfo.value.messages[0])


def test_orgnr_whose_check_digit_would_be_ten_is_invalid():
    # 12345679x: weighted sum 1*3+2*2+3*7+4*6+5*5+6*4+7*3+9*2 = 140, 140 % 11 = 8 -> check 3;
    # find a prefix with remainder 1 instead and prove no check digit makes it valid.
    prefix = next(
        p
        for p in (f"{n:08d}" for n in range(10000000, 10001000))
        if sum(int(d) * w for d, w in zip(p, (3, 2, 7, 6, 5, 4, 3, 2), strict=True)) % 11 == 1
    )
    assert not any(is_valid_orgnr(prefix + str(d)) for d in range(10))


@pytest.mark.parametrize(
    "fnr,kind,birth",
    [
        ("31129956715", FnrKind.FNR, datetime.date(1899, 12, 31)),  # individual 500–749, year ≥ 54: 1800s
        ("15108695088", FnrKind.FNR, datetime.date(1986, 10, 15)),  # valid only under the 2032 rule
        ("13527248013", FnrKind.H_NUMBER, datetime.date(1972, 12, 13)),
        ("10915596784", FnrKind.SYNTHETIC, datetime.date(1955, 11, 10)),
        ("68467038838", FnrKind.D_NUMBER, datetime.date(1970, 6, 28)),  # D-number combined with H
    ],
)
def test_valid_fodselsnummer(fnr, kind, birth, settings):
    settings.ALLOW_SYNTHETIC_FNR = True
    parsed_kind, parsed_birth = parse_fodselsnummer(fnr)
    assert parsed_birth == birth
    assert fodselsnummer_birth_date(fnr) == birth
    if kind is not FnrKind.D_NUMBER:
        assert parsed_kind is kind
    validate_fodselsnummer(fnr)


@pytest.mark.parametrize(
    "fnr,code",
    [
        ("15108695077", "fnr_checksum"),
        ("3112995671", "fnr_length"),
        ("311299567150", "fnr_length"),
        ("3112995671X", "fnr_length"),
        ("00000000000", "fnr_date"),  # check digits pass, but day 0 does not exist
    ],
)
def test_invalid_fodselsnummer(fnr, code):
    with pytest.raises(ValidationError) as excinfo:
        validate_fodselsnummer(fnr)
    assert excinfo.value.code == code
    assert "Fødselsnummeret" in excinfo.value.messages[0]


def test_d_number_gives_real_birth_date():
    # 31129956715 as a D-number: day + 40 = 71, check digits recomputed.
    digits = [int(d) for d in "711299567"]
    w1, w2 = (3, 7, 6, 1, 8, 9, 4, 5, 2), (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    k1 = (11 - sum(d * w for d, w in zip(digits, w1, strict=True)) % 11) % 11
    digits.append(k1)
    k2 = (11 - sum(d * w for d, w in zip(digits, w2, strict=True)) % 11) % 11
    number = "".join(map(str, digits)) + str(k2)
    assert k1 < 10 and k2 < 10
    kind, birth = parse_fodselsnummer(number)
    assert kind is FnrKind.D_NUMBER
    assert birth == datetime.date(1899, 12, 31)


def test_synthetic_numbers_refused_in_production(settings):
    settings.ALLOW_SYNTHETIC_FNR = False
    with pytest.raises(ValidationError) as excinfo:
        validate_fodselsnummer("10915596784")
    assert excinfo.value.code == "fnr_synthetic"
    # Real numbers, H-numbers and D-numbers stay valid in production.
    validate_fodselsnummer("31129956715")
    validate_fodselsnummer("13527248013")


def test_explicit_allow_synthetic_overrides_setting(settings):
    settings.ALLOW_SYNTHETIC_FNR = False
    validate_fodselsnummer("10915596784", allow_synthetic=True)


def test_log_masking_hides_fodselsnummer():
    assert mask_fodselsnummer("oppslag på 31129956715 feilet") == "oppslag på *********** feilet"
    assert mask_fodselsnummer("orgnr 988077917 er ok") == "orgnr 988077917 er ok"

"""Acceptance: profile free text with a fødselsnummer, a phone number or an e-mail address is refused."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from candidates import services
from core.personal_data import personal_data_findings, validate_no_personal_data

pytestmark = pytest.mark.django_db

REFUSED = [
    ("Født 31129956715, liker fotball", "fnr"),
    ("fnr 311299 56715", "fnr"),
    ("D-nummer 68467038838", "fnr"),
    ("Testnummer 10915596784", "fnr"),
    ("Nummer 12345678901 er feil", "eleven_digits"),
    ("Ring meg på 912 34 567", "phone"),
    ("Mobil: 91234567", "phone"),
    ("Tlf +47 912 34 567", "phone"),
    ("tlf 0047 91 23 45 67", "phone"),
    ("Skriv til ola.nordmann@example.com", "email"),
    ("e-post: kari+jobb@nav.no.", "email"),
]
ALLOWED = [
    "Liker gaming, fotball og matlaging.",
    "Tilgjengelig fra 01.02.2026, tre dager i uken.",
    "Har jobbet 2019–2021 i butikk, 20 timer i uken.",
    "Førerkort klasse B, truckførerbevis T1–T4.",
    "Lønn ca. 200 000 kr i året.",
    "",
]


@pytest.mark.parametrize("text,kind", REFUSED)
def test_guard_finds_personal_data(text, kind):
    assert kind in personal_data_findings(text)
    with pytest.raises(ValidationError) as error:
        validate_no_personal_data(text)
    assert "Profilen skal være anonym" in " ".join(error.value.messages)


@pytest.mark.parametrize("text", ALLOWED)
def test_guard_allows_ordinary_text(text):
    assert personal_data_findings(text) == []
    validate_no_personal_data(text)


@pytest.mark.parametrize("field", ["interests", "competence", "experience_summary", "short_text"])
@pytest.mark.parametrize("text,kind", [REFUSED[0], REFUSED[5], REFUSED[9]])
def test_profile_form_refuses_and_keeps_input(client_for, veileder, own_candidate, field, text, kind):
    url = reverse("candidates:profile_edit", kwargs={"pk": own_candidate.pk})
    data = {
        "county": own_candidate.profile.county_id,
        "education_level": "vgs",
        field: text,
    }
    response = client_for(veileder).post(url, data)
    assert response.status_code == 200  # the form again, with the error and the user's text
    content = response.content.decode()
    assert "Profilen skal være anonym" in content
    assert "aksel-error-summary" in content
    own_candidate.profile.refresh_from_db()
    assert getattr(own_candidate.profile, field) == ""


def test_language_names_are_checked_too(client_for, veileder, own_candidate):
    url = reverse("candidates:profile_edit", kwargs={"pk": own_candidate.pk})
    data = {
        "county": own_candidate.profile.county_id,
        "education_level": "vgs",
        "languages": "ola@example.com: godt",
    }
    response = client_for(veileder).post(url, data)
    assert "e-postadresse" in response.content.decode()


@pytest.mark.parametrize("text,kind", REFUSED)
def test_service_refuses_without_a_form(veileder, own_candidate, text, kind):
    with pytest.raises(ValidationError):
        services.candidate_profile_update(profile=own_candidate.profile, by=veileder, short_text=text)
    own_candidate.profile.refresh_from_db()
    assert own_candidate.profile.short_text == ""


def test_valid_profile_is_saved(client_for, veileder, own_candidate):
    from core.models import Occupation

    occupation = Occupation.objects.filter(level=4).first()
    url = reverse("candidates:profile_edit", kwargs={"pk": own_candidate.pk})
    data = {
        "county": own_candidate.profile.county_id,
        "education_level": "vgs",
        "interests": "Gaming",
        "job_wishes": [occupation.pk],
        "languages": "Norsk: morsmål\nEngelsk: godt",
        "driving_licences": ["B"],
        "short_text": ALLOWED[1],
    }
    response = client_for(veileder).post(url, data)
    assert response.status_code == 302
    profile = own_candidate.profile
    profile.refresh_from_db()
    assert profile.languages == [
        {"language": "Norsk", "level": "morsmal"},
        {"language": "Engelsk", "level": "godt"},
    ]
    assert list(profile.job_wishes.all()) == [occupation]
    assert profile.completeness > 0


# --- Issue 10, item 3: variants that stepped around the old check (property-based) -------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from core.personal_data import normalise  # noqa: E402

VALID_FNR = "31129956715"
SEPARATORS = st.sampled_from(["", " ", "  ", "-", ".", "/", "\u00a0", "\u200b", "\u2009", " - "])
WORDS = st.sampled_from(["", "Hei,", "fnr:", "nr", "Kandidaten har", "(", "liker fotball."])
quick = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _joined(digits: str, seps: list[str]) -> str:
    return "".join(d + (seps[i] if i < len(seps) else "") for i, d in enumerate(digits))


@quick
@given(st.lists(SEPARATORS, min_size=10, max_size=10), WORDS, WORDS)
def test_fodselsnummer_with_any_separators_is_refused(seps, before, after):
    text = f"{before} {_joined(VALID_FNR, seps)} {after}"
    assert {"fnr", "eleven_digits"} & set(personal_data_findings(text)), repr(text)


@quick
@given(
    st.sampled_from(["912", "415", "934"]),
    st.integers(0, 99999),
    st.sampled_from(["", " ", "-", ".", "\u00a0", "\u200b"]),
    st.sampled_from(["", "+47 ", "0047 ", "+47"]),
    WORDS,
)
def test_phone_numbers_in_any_grouping_are_refused(head, tail, sep, prefix, before):
    rest = f"{tail:05d}"
    number = f"{prefix}{head}{sep}{rest[:2]}{sep}{rest[2:]}"
    assert "phone" in personal_data_findings(f"{before} {number}"), number


@quick
@given(
    st.from_regex(r"[a-z]{2,8}(\.[a-z]{2,6})?", fullmatch=True),
    st.sampled_from(["@", "＠", " @ ", "(at)", " (at) ", "[at]", " [ at ] ", " at ", "{at}", " alfakrøll "]),
    st.sampled_from([".", " . ", "(dot)", " [dot] ", " dot "]),
    st.sampled_from(["example", "nav", "gmail"]),
    st.sampled_from(["com", "no"]),
)
def test_email_obfuscations_are_refused(local, at, dot, domain, tld):
    text = f"Skriv til {local}{at}{domain}{dot}{tld} i dag"
    assert "email" in personal_data_findings(text), text


@quick
@given(
    st.sampled_from(["Kari", "Nordmann", "KARI", "nordmann", "Kari Nordmann"]),
    st.sampled_from(["", "\u200b", "\u00a0"]),
    WORDS,
)
def test_own_name_is_refused(name, invisible, before):
    text = f"{before} {invisible}{name}{invisible} liker fotball"
    assert "name" in personal_data_findings(text, names=["Kari", "Nordmann"]), text


@quick
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_normalise_never_fails_and_is_idempotent(text):
    assert normalise(normalise(text)) == normalise(text)
    personal_data_findings(text, names=["Kari"])


def test_profile_refuses_the_candidates_own_name(office, veileder):
    from tests.candidates.factories import make_candidate

    candidate = make_candidate(office=office, by=veileder, first_name="Ingrid", last_name="Solberg")
    with pytest.raises(ValidationError) as error:
        services.candidate_profile_update(
            profile=candidate.profile, by=veileder, interests="Ingrid\u200b liker fotball"
        )
    assert "interests" in error.value.message_dict

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

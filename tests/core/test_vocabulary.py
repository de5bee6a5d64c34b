"""The shared vocabulary: both sides of a match use the same values, and age limits are tested
against the profile's birth month, never the identity table."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidates.models import CandidateProfile
from core import vocabulary
from core.vocabulary import DrivingLicence, Extent, NorwegianLevel, age_from_birth_month, age_limits_q
from employers.models import Need
from tests.candidates.factories import make_candidate
from tests.employers.factories import NeedFactory


def test_candidate_and_need_use_the_same_lists():
    profile_licence = CandidateProfile._meta.get_field("driving_licences").base_field
    need_licence = Need._meta.get_field("driving_licences").base_field
    assert profile_licence.choices == need_licence.choices == DrivingLicence.choices
    assert "CE" in DrivingLicence.values and len(DrivingLicence.values) == 16
    assert CandidateProfile._meta.get_field("extents").base_field.choices == Extent.choices
    assert Need._meta.get_field("extent").choices == Extent.choices
    need_levels = {v for v, _ in Need._meta.get_field("norwegian_level").choices}
    profile_levels = {v for v, _ in CandidateProfile._meta.get_field("norwegian_level").choices}
    assert need_levels | profile_levels == set(NorwegianLevel.values)


def test_norwegian_scale_is_ordered():
    assert NorwegianLevel.rank("") < NorwegianLevel.rank(NorwegianLevel.NONE) < NorwegianLevel.rank("god")
    assert NorwegianLevel.at_least("god") == ["god", "flytende", "morsmal"]
    assert NorwegianLevel.at_least(NorwegianLevel.NONE) == NorwegianLevel.values


@pytest.mark.parametrize(
    ("birth_month", "on", "age"),
    [
        (datetime.date(2008, 3, 1), datetime.date(2026, 3, 31), 17),  # born in March: 18 from 1 April
        (datetime.date(2008, 3, 1), datetime.date(2026, 4, 1), 18),
        (datetime.date(2000, 12, 1), datetime.date(2030, 1, 1), 29),
        (datetime.date(2000, 12, 1), datetime.date(2031, 1, 1), 30),
    ],
)
def test_age_from_birth_month(birth_month, on, age):
    assert age_from_birth_month(birth_month, on) == age


@pytest.mark.django_db
def test_age_limits_query_agrees_with_age_from_birth_month(office, veileder):
    on = datetime.date(2026, 6, 15)
    profiles = []
    for years in (17, 18, 19, 29, 30, 31):
        candidate = make_candidate(office=office, by=veileder, age_years=years)
        profiles.append(candidate.profile)
    ids = [p.pk for p in profiles]
    for minimum, maximum in ((18, None), (None, 29), (18, 29), (30, 30)):
        expected = {
            p.pk
            for p in profiles
            if (minimum is None or age_from_birth_month(p.birth_month, on) >= minimum)
            and (maximum is None or age_from_birth_month(p.birth_month, on) <= maximum)
        }
        with CaptureQueriesContext(connection) as queries:
            found = set(
                CandidateProfile.objects.filter(pk__in=ids)
                .filter(age_limits_q(field="birth_month", minimum_age=minimum, maximum_age=maximum, on=on))
                .values_list("pk", flat=True)
            )
        assert found == expected
        assert '"candidates_candidate"' not in queries[0]["sql"]  # the identity table is not read


@pytest.mark.django_db
def test_birth_month_follows_a_new_fodselsnummer_and_is_erased(office, veileder):
    from candidates import services
    from tests.candidates.factories import fnr_for

    candidate = make_candidate(office=office, by=veileder, age_years=25)
    assert candidate.profile.birth_month == candidate.birth_date.replace(day=1)
    services.candidate_update(
        candidate=candidate, by=veileder, fodselsnummer=fnr_for(datetime.date(1990, 7, 9))
    )
    candidate.profile.refresh_from_db()
    assert candidate.profile.birth_month == datetime.date(1990, 7, 1)
    services.candidate_erase(candidate=candidate, reason="request", by=veileder)
    candidate.profile.refresh_from_db()
    assert candidate.profile.birth_month is None


@pytest.mark.django_db
def test_profile_page_shows_age_band_not_birth_month(client_for, veileder, office):
    candidate = make_candidate(office=office, by=veileder, age_years=22)
    response = client_for(veileder).get(reverse("candidates:profile_detail", args=[candidate.profile.code]))
    text = response.content.decode()
    assert "20–24 år" in text
    month = candidate.profile.birth_month
    assert month.isoformat() not in text and f"{month:%m.%Y}" not in text and f"{month:%Y-%m}" not in text


@pytest.mark.django_db
def test_need_form_refuses_maximum_below_minimum(client_for, radgiver):
    need = NeedFactory()
    need.employer.county_id = need.county_id
    from employers.forms import NeedForm

    form = NeedForm(
        data={
            "title": "Sommerjobb",
            "tasks": "Rydde",
            "places": 1,
            "offer_types": ["sommerjobb"],
            "norwegian_level": "ingen_krav",
            "extent": "heltid",
            "municipality": need.municipality_id,
            "horizon": "kort_sikt",
            "minimum_age": 25,
            "maximum_age": 20,
        }
    )
    assert not form.is_valid()
    assert "Maksimumsalderen kan ikke være lavere enn minstealderen." in form.errors["maximum_age"]


def test_age_limit_reference_date_is_the_start_date():
    today = datetime.date(2026, 1, 1)
    assert vocabulary.age_limit_reference_date(
        start_date=datetime.date(2026, 8, 1), today=today
    ) == datetime.date(2026, 8, 1)
    assert vocabulary.age_limit_reference_date(start_date=None, today=today) == today


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("chosen", "languages", "expected"),
    [("", "Norsk: svært godt\nEngelsk: godt", "flytende"), ("god", "Norsk: morsmål", "god"), ("", "", "")],
)
def test_profile_form_saves_norwegian_level_and_both_extents(
    client_for, veileder, office, chosen, languages, expected
):
    candidate = make_candidate(office=office, by=veileder)
    url = reverse("candidates:profile_edit", kwargs={"pk": candidate.pk})
    data = {
        "county": candidate.profile.county_id,
        "education_level": "vgs",
        "norwegian_level": chosen,
        "languages": languages,
        "extents": ["heltid", "deltid"],
        "driving_licences": ["CE", "B"],
    }
    assert client_for(veileder).post(url, data).status_code == 302
    profile = CandidateProfile.objects.get(pk=candidate.profile.pk)
    assert profile.norwegian_level == expected
    assert profile.extents == ["heltid", "deltid"]
    assert sorted(profile.driving_licences) == ["B", "CE"]

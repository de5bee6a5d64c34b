"""Everyday search formats and the defaults that follow the user (issue 9)."""

import pytest
from django.urls import reverse

from candidates import selectors
from candidates.models import Candidate
from employers.models import Employer
from tests.candidates.factories import make_candidate

pytestmark = pytest.mark.django_db


@pytest.fixture
def thomas(office, veileder):
    make_candidate(office=office, by=veileder, first_name="Anne", last_name="Hansen")
    return make_candidate(office=office, by=veileder, first_name="Thomas", last_name="Hanssen")


@pytest.mark.parametrize("query", ["Hanssen, Thomas", "Thomas Hanssen", "hanss", "Thom", "thomas  hanssen,"])
def test_search_by_name_formats(veileder, thomas, query):
    assert list(selectors.candidate_list(user=veileder, q=query)) == [thomas]


def test_search_by_fodselsnummer_and_profile_code(veileder, thomas):
    assert list(selectors.candidate_list(user=veileder, q=thomas.fodselsnummer)) == [thomas]
    assert list(selectors.candidate_list(user=veileder, q=thomas.profile.code.lower())) == [thomas]


def test_search_does_not_match_half_a_name(veileder, thomas):
    assert not selectors.candidate_list(user=veileder, q="Hanssen, Anne").exists()


def test_search_by_post_in_list_format_finds_the_candidate(client_for, veileder, thomas):
    c = client_for(veileder)
    response = c.post(reverse("candidates:list"), {"q": "Hanssen, Thomas"}, follow=True)
    assert "Thomas" in response.content.decode()
    assert "Hanssen, Thomas" not in response.request["QUERY_STRING"]


def test_creating_counsellor_is_responsible_counsellor(client_for, veileder, office):
    c = client_for(veileder)
    form = c.get(reverse("candidates:create")).context["form"]
    assert form.initial["counsellor"] == veileder.pk
    data = {
        "first_name": "Ny",
        "last_name": "Kandidat",
        "fodselsnummer": "",
        "office": office.pk,
        "counsellor": "",
        "innsatsgruppe": "spesielt_tilpasset",
        "benefit": "ingen",
        "follow_up_started_on": "2026-01-05",
    }
    import datetime

    from tests.candidates.factories import fnr_for

    data["fodselsnummer"] = fnr_for(datetime.date(1998, 3, 4))
    c.post(reverse("candidates:create"), data)
    assert Candidate.objects.get(last_name="Kandidat").counsellor == veileder


def test_registering_adviser_becomes_primary_contact(client_for, radgiver):
    c = client_for(radgiver)
    form = c.get(reverse("employers:employer_create")).context["form"]
    assert form.initial["primary_contact"] == radgiver.pk
    response = c.post(
        reverse("employers:employer_create"),
        {
            "orgnr": "988077917",
            "name": "Hamar Lager AS",
            "sector": "privat",
            "municipality": _hamar().pk,
            "status": "aktiv",
            "recruitment_need": "ingen",
            "inclusion_willingness": "ukjent",
            "inclusion_competence": "ukjent",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Employer.objects.get(orgnr="988077917").primary_contact == radgiver


def _hamar():
    from core.models import Municipality

    return Municipality.objects.get(name="Hamar")

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


def test_list_filters_are_cached_but_the_search_term_is_rendered_live(client_for, veileder, thomas):
    """The list's filter fields are a cached fragment keyed by their data (issue 16): another
    status shows another selection; the search term is outside the fragment and its key, so a
    fødselsnummer is never cached and each search shows its own term."""
    from django.http import QueryDict

    from candidates.forms import CandidateFilterForm
    from core.forms import filter_cache_key

    c = client_for(veileder)
    url = reverse("candidates:list")
    assert '<option value="aktiv" selected>' not in c.get(url).content.decode()
    assert '<option value="aktiv" selected>' in c.get(url + "?status=aktiv").content.decode()
    assert '<option value="pause" selected>' in c.get(url + "?status=pause").content.decode()
    first = c.post(url, {"q": "Hanssen"}, follow=True).content.decode()
    second = c.post(url, {"q": thomas.fodselsnummer}, follow=True).content.decode()
    assert 'value="Hanssen"' in first
    assert f'value="{thomas.fodselsnummer}"' in second and 'value="Hanssen"' not in second
    # Without a term the empty search field is part of the cached fragment; a search never is.
    again = c.get(url + "?status=aktiv").content.decode()
    assert 'name="q"' in again and thomas.fodselsnummer not in again and "Hanssen" in again

    def key(data, live=("q",)):
        return filter_cache_key(CandidateFilterForm(QueryDict(data)), live=live)

    assert key("q=12345678901&status=aktiv") == key("status=aktiv") != key("status=pause")
    # A fragment with the search field and one without it never share a key.
    assert key("status=aktiv", live=()) != key("status=aktiv")


def test_list_rows_show_what_the_models_say(client_for, veileder, thomas):
    """The rows are prepared by the view (no include or get_FOO_display per row): the link, the
    labels, the counsellor and the status tag still follow the candidate."""
    tag = 'data-color="{}" data-variant="outline" class="aksel-tag aksel-tag--small aksel-body-short aksel-body-short--small">{}</span>'
    c = client_for(veileder)
    url = reverse("candidates:list")
    html = c.get(url).content.decode()
    assert f'href="{reverse("candidates:detail", args=[thomas.pk])}">Hanssen, Thomas</a>' in html
    assert f">{thomas.get_innsatsgruppe_display()}</td>" in html
    assert f">{veileder.display_name}</td>" in html
    assert tag.format("success", "Aktiv") in html and tag.format("warning", "Pause") not in html
    Candidate.objects.filter(pk=thomas.pk).update(
        follow_up_status="pause", counsellor=None, innsatsgruppe="", last_name="<b>Hanssen"
    )
    html = c.get(url).content.decode()
    assert tag.format("warning", "Pause") in html
    assert ">–</td>" in html
    assert "&lt;b&gt;Hanssen, Thomas</a>" in html and "<b>Hanssen" not in html  # rendered in Python, escaped

"""Issue 16 (fast at national scale) and the leftovers of issue 9 it touches: the session written
only when its idle deadline needs moving, reference lists loaded on demand, the user's county
preselected in filters and forms."""

import json
import time

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.lookups import MUNICIPALITIES, OCCUPATIONS
from core.middleware import SESSION_RENEWED_KEY
from tests.employers.factories import EmployerFactory, NeedFactory, municipality
from tests.factories import county

pytestmark = pytest.mark.django_db


def _session_writes(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].startswith("UPDATE") and "django_session" in q["sql"]
    ]


def test_a_page_view_writes_the_session_only_when_the_idle_deadline_needs_moving(
    client_for, veileder, settings
):
    client = client_for(veileder)
    key = client.session.session_key
    expiry = Session.objects.get(pk=key).expire_date
    url = reverse("core:accessibility")
    assert _session_writes(client, url) == []  # logging in just set the deadline
    assert Session.objects.get(pk=key).expire_date == expiry
    settings.SESSION_RENEW_SECONDS = 0
    assert len(_session_writes(client, url)) == 1
    assert Session.objects.get(pk=key).expire_date > expiry


def test_the_warning_counts_down_from_the_deadline_the_server_keeps(client_for, veileder, settings):
    """D14 still works: the page tells the idle-timeout dialog the time truly left, which is less
    than SESSION_COOKIE_AGE when the deadline was moved a while ago; «Bli innlogget» moves it."""
    settings.SESSION_RENEW_SECONDS = 3600
    client = client_for(veileder)
    session = client.session
    session[SESSION_RENEWED_KEY] = time.time() - 600
    session.save()
    html = client.get(reverse("core:accessibility")).content.decode()
    left = int(html.split('data-session-seconds="')[1].split('"')[0])
    assert settings.SESSION_COOKIE_AGE - 605 <= left <= settings.SESSION_COOKIE_AGE - 600
    key = client.session.session_key
    before = Session.objects.get(pk=key).expire_date
    answer = client.post(reverse("core:session_keepalive"))
    assert answer.json()["expires_in"] == settings.SESSION_COOKIE_AGE
    assert Session.objects.get(pk=key).expire_date > before
    html = client.get(reverse("core:accessibility")).content.decode()
    assert f'data-session-seconds="{settings.SESSION_COOKIE_AGE}"' in html or (
        f'data-session-seconds="{settings.SESSION_COOKIE_AGE - 1}"' in html
    )


def test_reference_lists_answer_matching_labels_on_demand(client, client_for, veileder):
    url = reverse("core:lookup", args=["kommuner"])
    assert client.get(url + "?q=ham").status_code == 302  # behind login
    client = client_for(veileder)
    labels = [r["label"] for r in client.get(url + "?q=ham").json()["results"]]
    assert labels[0] == "Hamar – 3403 · Innlandet"  # names starting with the query first
    assert all("ham" in label.lower() for label in labels)
    by_code = client.get(url + "?q=3403").json()["results"]
    assert by_code[0] == {"value": "3403", "label": "Hamar – 3403 · Innlandet"}
    occupations = client.get(reverse("core:lookup", args=["yrker"]) + "?q=lager").json()["results"]
    assert occupations and all(len(r["value"]) == 4 for r in occupations)
    assert client.get(reverse("core:lookup", args=["ukjent"]) + "?q=a").status_code == 404


def test_a_lookup_takes_a_name_a_code_or_the_label_and_says_when_several_fit():
    hamar = municipality("3403")
    assert MUNICIPALITIES.resolve("hamar") == hamar
    assert MUNICIPALITIES.resolve("3403") == hamar
    assert MUNICIPALITIES.resolve("Hamar – 3403 · Innlandet") == hamar
    assert MUNICIPALITIES.resolve(str(hamar.pk)) == hamar  # old links carry the id
    assert MUNICIPALITIES.resolve("") is None
    with pytest.raises(Exception, match="Flere passer «Herøy»"):
        MUNICIPALITIES.resolve("Herøy")
    with pytest.raises(Exception, match="Fant ingen kommune"):
        MUNICIPALITIES.resolve("Atlantis")
    assert OCCUPATIONS.resolve("4321").code == "4321"


def test_the_needs_filter_renders_no_option_lists_and_filters_by_typed_names(client_for, radgiver):
    hamar_need = NeedFactory(
        title="Lager på Hamar", employer=EmployerFactory(municipality=municipality("3403"))
    )
    hamar_need.municipality = municipality("3403")
    hamar_need.save()
    other = NeedFactory(title="Lager i Stange", employer=EmployerFactory(municipality=municipality("3413")))
    other.municipality = municipality("3413")
    other.save()
    client = client_for(radgiver)
    html = client.get(reverse("employers:need_list")).content.decode()
    assert "Hábmer" not in html and '<option value="' + str(municipality("3403").pk) not in html
    assert 'data-picker="remote"' in html and reverse("core:lookup", args=["kommuner"]) in html
    html = client.get(reverse("employers:need_list") + "?municipality=hamar").content.decode()
    assert 'value="Hamar – 3403 · Innlandet"' in html  # the choice stays rendered, as its label
    assert "Lager på Hamar" in html and "Lager i Stange" not in html
    html = client.get(reverse("employers:need_list") + "?municipality=Herøy").content.decode()
    assert "Flere passer «Herøy»" in html


def test_the_users_county_is_preselected_in_the_register_and_can_be_cleared(client_for, radgiver):
    home = radgiver.memberships.first().unit.county
    EmployerFactory(name="Hjemme AS", municipality=municipality("3403"))
    EmployerFactory(name="Borte AS", municipality=municipality("4601"))
    client = client_for(radgiver)
    html = client.get(reverse("employers:employer_list")).content.decode()
    assert f'<option value="{home.pk}" selected>' in html
    if home.code != "46":
        assert "Borte AS" not in html
    page2 = client.get(reverse("employers:employer_list") + "?page=1").content.decode()
    assert f'<option value="{home.pk}" selected>' in page2  # a page link keeps the default
    cleared = client.get(reverse("employers:employer_list") + "?county=").content.decode()
    assert f'<option value="{home.pk}" selected>' not in cleared


def test_a_new_project_starts_in_the_users_county_and_office(client_for, koordinator):
    home = koordinator.memberships.first().unit
    html = client_for(koordinator).get(reverse("projects:create")).content.decode()
    assert f'<option value="{home.county_id}" selected>' in html
    assert f'<option value="{home.pk}" selected>' in html  # the coordinator's office
    assert county("34")  # the reference data the fixtures use


def test_lookup_json_is_small(client_for, veileder):
    body = client_for(veileder).get(reverse("core:lookup", args=["yrker"]) + "?q=a").content
    assert len(json.loads(body)["results"]) <= 20


def test_a_cached_filter_form_is_keyed_by_its_fields_not_the_page():
    """The profile and employer filters are cached per process by their data: ?page=2 shows the
    same form as page 1 (one cache entry), another filter value another entry (issue 16)."""
    from django.http import QueryDict

    from candidates.forms import ProfileFilterForm
    from core.forms import filter_cache_key

    def key(query):
        return filter_cache_key(ProfileFilterForm(QueryDict(query)))

    assert key("county=34&page=2") == key("county=34") == key("page=7&county=34")
    assert key("county=34") != key("county=03")
    assert key("age_band=20_24") != key("county=34")

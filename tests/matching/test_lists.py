"""Candidate lists, sharing with the employer through a link, and what the link shows."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from candidates.models import AccessLogEntry
from core.models import Notification, ShareLink, ShareLinkAccess
from core.sharing import MAX_FAILURES
from matching import services
from matching.models import ListEntryEvent
from tests.candidates.factories import identity_strings, make_consent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def listed(need, make, veileder):
    """Two of the counsellor's candidates on the need's list; the first has consent."""
    a = make(wishes=["5223"], competence="Kassesystem")
    b = make(wishes=["5221"])
    make_consent(
        candidate=a, by=veileder, orgnr=need.employer.orgnr, employer_name=need.employer.name, need=need
    )
    ea = services.entry_propose(need=need, candidate=a, by=veileder)
    eb = services.entry_propose(need=need, candidate=b, by=veileder)
    return a, b, ea, eb


@pytest.fixture
def shared(listed, need, radgiver):
    link, token = services.list_share(
        candidate_list=need.candidate_list, by=radgiver, recipient_name="Per Butikksjef"
    )
    return link, token


def test_propose_prompts_for_consent_when_missing(client_for, veileder, need, make):
    c = make()
    response = client_for(veileder).post(reverse("matching:propose", args=[need.pk]), {"candidate": c.pk})
    assert response.status_code == 302
    assert response.url.startswith(reverse("candidates:consent_create", args=[c.pk]))
    assert need.candidate_list.entries.filter(candidate=c).exists()


def test_propose_with_consent_goes_back_to_the_list(client_for, veileder, need, make):
    c = make()
    make_consent(candidate=c, by=veileder, orgnr=need.employer.orgnr, need=need)
    response = client_for(veileder).post(reverse("matching:propose", args=[need.pk]), {"candidate": c.pk})
    assert response.url == reverse("matching:list", args=[need.pk])


def test_counsellor_cannot_propose_another_offices_candidate(
    client_for, other_veileder, veileder, need, make
):
    c = make()
    client_for(other_veileder).post(reverse("matching:propose", args=[need.pk]), {"candidate": c.pk})
    assert not hasattr(need, "candidate_list") or not need.candidate_list.entries.exists()


def test_status_and_outcome_changes_are_kept_with_who_and_when(listed, radgiver):
    _a, _b, entry, _eb = listed
    services.entry_set_status(entry=entry, status="kontaktet", by=radgiver)
    services.entry_set_outcome(entry=entry, outcome="fatt_jobben", by=radgiver)
    events = list(entry.events.values_list("field", "from_value", "to_value", "by__username"))
    assert events == [
        ("foreslatt", "", "vurderes", "t-veileder"),
        ("status", "vurderes", "kontaktet", "t-radgiver"),
        ("utfall", "ikke_presentert", "fatt_jobben", "t-radgiver"),
    ]


def test_list_page_shows_names_only_to_the_owning_office(client_for, listed, need, veileder, radgiver):
    a, b, *_ = listed
    own = client_for(veileder).get(reverse("matching:list", args=[need.pk])).content.decode()
    assert a.first_name in own and b.first_name in own
    assert AccessLogEntry.objects.filter(user=veileder, candidate=a, page="list").exists()
    other = client_for(radgiver).get(reverse("matching:list", args=[need.pk])).content.decode()
    for c in (a, b):
        for s in identity_strings(c):
            assert s not in other
        assert c.profile.code in other


def test_list_nudges_towards_more_candidates_than_places(client_for, listed, need, veileder):
    html = client_for(veileder).get(reverse("matching:list", args=[need.pk])).content.decode()
    assert "2 aktive kandidater for 1 plass</h2>" in html
    assert "Foreslå gjerne 1 til" in html


def test_share_marks_presented_and_link_page_shows_identity_only_with_consent(client, shared, listed):
    link, token = shared
    a, b, ea, eb = listed
    ea.refresh_from_db()
    eb.refresh_from_db()
    assert ea.outcome == eb.outcome == "presentert"
    html = client.get(reverse("matching:shared_list", args=[token])).content.decode()
    assert a.full_name in html  # consent for this employer
    for s in identity_strings(b):
        assert s not in html
    assert b.profile.code in html
    # The opening is logged in the access log (by the gate, for the sharer) and the link's own log.
    assert AccessLogEntry.objects.filter(candidate=a, page="employer", user=link.created_by).count() == 1
    assert not AccessLogEntry.objects.filter(candidate=b, page="employer").exists()
    assert ShareLinkAccess.objects.filter(link=link, outcome="ok").count() == 1


def test_consent_for_another_employer_does_not_open_identity(client, need, make, veileder, radgiver):
    c = make()
    make_consent(candidate=c, by=veileder, orgnr="889640782")
    services.entry_propose(need=need, candidate=c, by=veileder)
    _link, token = services.list_share(candidate_list=need.candidate_list, by=radgiver, recipient_name="Per")
    html = client.get(reverse("matching:shared_list", args=[token])).content.decode()
    for s in identity_strings(c):
        assert s not in html


def test_consent_for_another_need_of_the_same_employer_does_not_open_identity(
    client, need, make, veileder, radgiver, employer
):
    from tests.employers.factories import NeedFactory

    other = NeedFactory(employer=employer, status="apen", opened_at=timezone.now())
    c = make()
    make_consent(candidate=c, by=veileder, orgnr=employer.orgnr, need=other)
    services.entry_propose(need=need, candidate=c, by=veileder)
    _link, token = services.list_share(candidate_list=need.candidate_list, by=radgiver, recipient_name="Per")
    html = client.get(reverse("matching:shared_list", args=[token])).content.decode()
    for s in identity_strings(c):
        assert s not in html


def test_employer_answer_updates_list_history_and_notifies(client, shared, listed, veileder):
    _link, token = shared
    _a, _b, ea, _eb = listed
    url = reverse("matching:shared_list", args=[token])
    response = client.post(url, {"entry": ea.pk, f"e{ea.pk}-response": "vil_mote"})
    assert response.status_code == 302
    ea.refresh_from_db()
    assert (ea.employer_response, ea.status) == ("vil_mote", "til_intervju")
    assert ea.events.filter(field="arbeidsgiver", by_employer="Per Butikksjef").exists()
    assert Notification.objects.filter(user=veileder, title__contains="Vil møte").exists()


def test_not_suitable_needs_a_reason(client, shared, listed):
    _link, token = shared
    _a, _b, ea, _eb = listed
    url = reverse("matching:shared_list", args=[token])
    response = client.post(url, {"entry": ea.pk, f"e{ea.pk}-response": "ikke_egnet"})
    assert response.status_code == 400
    assert "Velg en begrunnelse" in response.content.decode()
    client.post(url, {"entry": ea.pk, f"e{ea.pk}-response": "ikke_egnet", f"e{ea.pk}-reason": "tidspunkt"})
    ea.refresh_from_db()
    assert (ea.employer_response, ea.employer_reason, ea.status) == (
        "ikke_egnet",
        "tidspunkt",
        "ikke_aktuell",
    )


def test_token_is_stored_only_as_a_hash(shared):
    link, token = shared
    assert token not in link.token_hash and len(link.token_hash) == 64


def test_wrong_expired_revoked_and_other_list_tokens_are_refused(client, shared, need, radgiver, employer):
    link, token = shared
    assert client.get(reverse("matching:shared_list", args=["x" + token])).status_code == 404
    ShareLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(reverse("matching:shared_list", args=[token])).status_code == 404
    ShareLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() + datetime.timedelta(days=1))
    assert client.get(reverse("matching:shared_list", args=[token])).status_code == 200
    services.list_share  # noqa: B018
    from core.sharing import share_link_revoke

    share_link_revoke(link=link, by=radgiver)
    assert client.get(reverse("matching:shared_list", args=[token])).status_code == 404
    # A link for another scope (e.g. a job fair) does not open a candidate list.
    from core.sharing import share_link_create

    _other, other_token = share_link_create(
        obj=employer, scope="jobfairs.feedback", by=radgiver, recipient_name="X"
    )
    assert client.get(reverse("matching:shared_list", args=[other_token])).status_code == 404
    outcomes = set(ShareLinkAccess.objects.values_list("outcome", flat=True))
    assert {"ukjent", "utlopt", "trukket", "feil_omfang", "ok"} <= outcomes


def test_a_link_answers_only_for_its_own_list(client, shared, need, make, veileder, employer):
    from tests.employers.factories import NeedFactory

    _link, token = shared
    other_need = NeedFactory(employer=employer, status="apen", opened_at=timezone.now())
    c = make()
    other_entry = services.entry_propose(need=other_need, candidate=c, by=veileder)
    url = reverse("matching:shared_list", args=[token])
    client.post(url, {"entry": other_entry.pk, f"e{other_entry.pk}-response": "vil_mote"})
    other_entry.refresh_from_db()
    assert other_entry.employer_response == ""


def test_guessing_is_rate_limited(client, shared):
    _link, token = shared
    for _ in range(MAX_FAILURES):
        assert client.get(reverse("matching:shared_list", args=["guess"])).status_code == 404
    # Now even the right token is refused from this client for a while.
    assert client.get(reverse("matching:shared_list", args=[token])).status_code == 429
    assert ShareLinkAccess.objects.filter(outcome="sperret").exists()


def test_share_page_shows_the_link_once_and_stores_no_token(client_for, radgiver, listed, need):
    response = client_for(radgiver).post(
        reverse("matching:share", args=[need.pk]),
        {"recipient_name": "Per", "recipient_email": "", "days": 14},
    )
    html = response.content.decode()
    token = re.search(r"/matching/delt/kandidatliste/([^/]+)/", html).group(1)
    link = ShareLink.objects.get()
    assert token not in link.token_hash
    assert round((link.expires_at - link.created_at).total_seconds() / 86400) == 14


def test_counsellor_cannot_share_or_revoke(client_for, veileder, shared, need):
    link, _token = shared
    assert (
        client_for(veileder)
        .post(reverse("matching:share", args=[need.pk]), {"recipient_name": "X", "days": 3})
        .status_code
        == 403
    )
    assert client_for(veileder).post(reverse("matching:share_revoke", args=[link.pk])).status_code == 403


def test_history_event_is_append_only(listed):
    _a, _b, entry, _eb = listed
    event = entry.events.first()
    with pytest.raises(ValueError):
        event.save()
    assert ListEntryEvent.objects.count() == 2


def test_consent_form_from_a_need_comes_prefilled(client_for, veileder, need, make, other_veileder):
    c = make()
    client = client_for(veileder)
    response = client.post(reverse("matching:propose", args=[need.pk]), {"candidate": c.pk})
    html = client.get(response.url).content.decode()
    assert f'value="{need.employer.orgnr}"' in html
    assert f'value="{need.employer.name}"' in html
    assert re.search(rf'<option value="{need.pk}"[^>]*selected', html)
    assert re.search(r'<option value="behov"[^>]*selected', html)
    # Posting the prefilled form records a consent that opens the gate for this employer and need.
    client.post(
        response.url,
        {
            "employer_orgnr": need.employer.orgnr,
            "employer_name": need.employer.name,
            "purpose": "behov",
            "need": need.pk,
            "given_on": timezone.localdate().isoformat(),
            "expires_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
            "confirmed": "on",
        },
    )
    assert services.has_consent_for(candidate=c, need=need)
    # A need id the user may not see prefills nothing.
    url = reverse("candidates:consent_create", args=[c.pk]) + "?behov=999999"
    assert f'value="{need.employer.orgnr}"' not in client.get(url).content.decode()

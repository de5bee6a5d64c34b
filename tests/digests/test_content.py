"""What one recipient gets: sections, the counsellor's fit counts, caps, fairs, and no candidate data."""

import re

import pytest
from django.core import mail

from core.services import email_render
from digests import selectors, services
from digests.models import DigestSend
from digests.selectors import digest_content, with_fair_totals
from tests.factories import UserFactory

from .conftest import fair_dicts

pytestmark = pytest.mark.django_db


def titles(rows):
    return [r["title"] for r in rows]


def test_counsellor_gets_fitting_needs_first_with_a_count(region, veileder, week):
    c = digest_content(user=veileder, week=week)
    assert c["fitting"][0]["title"] == "Butikkmedarbeider"
    assert c["fitting"][0]["fit_count"] == 3  # the three shop workers, not the developer
    assert c["fitting"][0]["ranking_url"].endswith(f"/matching/behov/{region.fitting.pk}/rangering/")
    assert titles(c["new_needs"]) == ["Lagermedarbeider ny"]
    assert titles(c["closing"]) == ["Truckfører"]
    assert [e["name"] for e in c["employers_now"]] == ["Butikken AS"]
    assert c["open_total"] == 15 and "Utkast som ikke vises" not in str(c)
    # The rest excludes what was shown above, is capped and says how many more exist.
    shown = set(titles(c["fitting"]) + titles(c["new_needs"]) + titles(c["closing"]))
    assert not shown & set(titles(c["rest"]))
    assert len(c["rest"]) == selectors.REST_CAP and c["rest_more"] == 12 - selectors.REST_CAP
    assert c["advisers"][0]["phone"] == "22 33 44 55"


def test_a_non_counsellor_subscriber_gets_the_region_without_fit_section(region, markedskoordinator, week):
    services.digest_preference_update(
        user=markedskoordinator,
        by=markedskoordinator,
        opted_out=False,
        extra_counties=[region.fitting.county],
    )
    c = digest_content(user=markedskoordinator, week=week)
    assert c["fitting"] == [] and c["open_total"] == 15


def test_empty_digest_is_not_sent(other_veileder, region, week):
    # other_veileder's region (Vestland) has no open needs and no fairs.
    assert digest_content(user=other_veileder, week=week) is None
    assert services.digest_queue(user_id=other_veileder.pk, week=week) is None
    assert other_veileder.pk not in selectors.recipient_ids(week=week)
    assert not DigestSend.objects.exists()


def test_opted_out_gets_nothing(region, veileder, week):
    services.digest_preference_update(user=veileder, by=veileder, opted_out=True, extra_counties=[])
    assert digest_content(user=veileder, week=week) is None
    assert veileder.pk not in selectors.recipient_ids(week=week)


def test_fair_section_renders_the_agreed_shape(region, veileder, week):
    context = digest_content(user=veileder, week=week)
    context["fairs"] = with_fair_totals(fair_dicts())
    rendered = email_render(template=services.TEMPLATE, context=context)
    for part in (rendered["text"], rendered["html"]):
        assert "Ta sjansen april" in part and "NAV Hamar" in part
        assert "Nå bare 6 ledige intervjutider." in part
        assert "ingen ledige intervjutider" in part  # Vaskebedrift
        assert "1 ledig intervjutid" in part and "5 ledige intervjutider" in part
        assert "ikke u/20 år" in part and "Transport og renhold" in part
        assert "spesielt tilpasset innsats" in part  # eligibility
        assert "http://127.0.0.1:8000/b/3/" in part
        assert "http://127.0.0.1:8000/b/1/" not in part  # no booking link without free slots
        assert "5. april 2026" in part and "29. mars" in part


def test_email_names_no_candidate(region, veileder, week, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.digest_queue(user_id=veileder.pk, week=week)
    (sent,) = mail.outbox
    html = sent.alternatives[0][0]
    for part in (sent.body, html, sent.subject):
        for candidate in region.candidates:
            candidate.refresh_from_db()
            for value in (candidate.first_name, candidate.last_name, candidate.fodselsnummer,
                          candidate.phone, candidate.email, candidate.profile.code):  # fmt: skip
                assert value and value not in part
        assert not re.search(r"\b\d{11}\b", part)  # no fødselsnummer-like number at all
    assert "Butikkmedarbeider" in sent.body and "3 av dine kandidater passer godt" in sent.body
    assert "Foreslå en arbeidsgiver" in html and "22 33 44 55" in html


def test_inactive_or_addressless_users_get_nothing(region, week):
    ghost = UserFactory(email="")
    assert services.digest_queue(user_id=ghost.pk, week=week) is None


def test_precomputed_counts_equal_fit_counts_and_give_the_same_email(region, veileder, other_veileder, week):
    """The fan-out's counts (one query for all recipients) are the counsellor's fit_counts, and
    the e-mail built from them is the e-mail built by counting per recipient."""
    from employers.models import Need
    from matching.ranking import fit_counts

    fits = selectors.week_fit_counts(recipient_ids=[veileder.pk, other_veileder.pk], week=week)
    open_ids = list(Need.objects.filter(status="apen").values_list("pk", flat=True))
    counts = fit_counts(need_ids=open_ids, counsellor_ids=[veileder.pk], minimum=50, today=week.on)
    expected = counts[veileder.pk]
    assert fits[veileder.pk] == expected and expected[region.fitting.pk] == 3
    assert other_veileder.pk not in fits
    counted = digest_content(user=veileder, week=week)
    precomputed = digest_content(user=veileder, week=week, fit=fits[veileder.pk])
    assert precomputed == counted
    assert titles(precomputed["fitting"]) == ["Butikkmedarbeider"]

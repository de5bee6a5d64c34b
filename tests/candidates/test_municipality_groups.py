"""Issue 10, item 8: anonymised profiles show the municipality only where at least five listed
profiles share it with the same age band; otherwise the county (pages and exports)."""

import pytest
from django.urls import reverse

from tests.candidates.factories import make_candidate

pytestmark = pytest.mark.django_db


def _views(client, code):
    return {
        "list": client.get(reverse("candidates:profiles")).content.decode(),
        "detail": client.get(reverse("candidates:profile_detail", args=[code])).content.decode(),
        "export": client.get(reverse("candidates:profile_export")).content.decode("utf-8-sig"),
    }


def test_municipality_only_in_groups_of_five(client_for, office, veileder, radgiver):
    candidates = [make_candidate(office=office, by=veileder, age_years=22) for _ in range(4)]
    lonely = make_candidate(office=office, by=veileder, age_years=40)
    municipality = candidates[0].profile.municipality.name
    county = candidates[0].profile.county.name
    client = client_for(radgiver)
    for name, html in _views(client, candidates[0].profile.code).items():
        assert municipality not in html, name
        assert county in html, name
    assert (
        municipality
        not in client.get(reverse("candidates:profile_detail", args=[lonely.profile.code])).content.decode()
    )

    make_candidate(office=office, by=veileder, age_years=23)  # the fifth of the 20–24 band
    views = _views(client, candidates[0].profile.code)
    assert (
        municipality in views["list"] and municipality in views["detail"] and municipality in views["export"]
    )
    assert (
        municipality
        not in client.get(reverse("candidates:profile_detail", args=[lonely.profile.code])).content.decode()
    )


def test_the_owning_counsellor_still_sees_the_municipality(client_for, office, veileder):
    candidate = make_candidate(office=office, by=veileder)
    html = client_for(veileder).get(reverse("candidates:detail", args=[candidate.pk])).content.decode()
    assert candidate.profile.municipality.name in html

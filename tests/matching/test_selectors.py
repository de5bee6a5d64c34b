"""The ranking page's reads in one statement each (issue 16) select what the ORM's queries did:
the need under the need scope, and the ranked profiles with names only for the own office."""

import pytest
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, When

from accounts.access import office_ids, visible
from candidates.models import CandidateProfile
from candidates.selectors import PROFILE_COLUMNS, _small_groups
from candidates.services import candidate_erase
from core.models import County, Occupation
from employers.models import Need
from matching import selectors, services
from matching.models import ListEntry, TravelPreference
from tests.candidates.factories import make_candidate

from .conftest import set_profile

pytestmark = pytest.mark.django_db


def _orm_rows(user, need, pks) -> dict[int, dict]:
    """The ORM query the statement replaced (matching.selectors before issue 16's last pass)."""
    offices = office_ids(user)
    own = Q(candidate__office_id__in=offices, candidate__erased_at__isnull=True) if offices else Q(pk__in=[])
    rows = CandidateProfile.objects.filter(pk__in=pks).values(
        *PROFILE_COLUMNS,
        "birth_month",
        wish_codes=ArraySubquery(
            CandidateProfile.job_wishes.through.objects.filter(candidateprofile_id=OuterRef("pk"))
            .order_by()
            .values(code=Subquery(Occupation.objects.filter(pk=OuterRef("occupation_id")).values("code")))
        ),
        travel_county_ids=ArraySubquery(
            TravelPreference.counties.through.objects.filter(travelpreference__profile_id=OuterRef("pk"))
            .order_by()
            .values("county_id")
        ),
        own_candidate_id=Case(When(own, then=F("candidate_id"))),
        own_first_name=Case(When(own, then=F("candidate__first_name"))),
        own_last_name=Case(When(own, then=F("candidate__last_name"))),
        on_list=Exists(
            ListEntry.objects.filter(candidate_list__need_id=need.pk, candidate_id=OuterRef("candidate_id"))
        ),
        county_name=F("county__name"),  # what anonymised_profiles read in a query of its own
        # and the k-anonymity check's two columns (candidates.selectors._small_groups)
        municipality_name=F("municipality__name"),
    )
    out = {}
    for r in rows:
        hidden, _names = _small_groups([r])
        out[r["pk"]] = {**r, "small_group": (r["municipality_id"], r["age_band"]) in hidden}
    return out


def _sorted_arrays(rows):
    return {
        pk: {**r, "wish_codes": sorted(r["wish_codes"]), "travel_county_ids": sorted(r["travel_county_ids"])}
        for pk, r in rows.items()
    }


def test_suggestion_profiles_statement_reads_what_the_orm_did_and_names_only_own(
    need, make, veileder, other_veileder, radgiver, other_office
):
    ours = [
        make(
            wishes=["5223", "5221"],
            competence="Kassesystem",
            languages=[{"language": "Polsk", "level": "morsmal"}],
        )
        for _ in range(3)
    ]
    services.entry_propose(need=need, candidate=ours[1], by=veileder)
    candidate_erase(candidate=ours[2], reason="test", by=veileder)
    theirs = make_candidate(office=other_office, by=other_veileder)
    set_profile(theirs, other_veileder, wishes=["5223"])
    services.travel_preference_set(
        profile=theirs.profile, counties=list(County.objects.filter(code__in=["34", "03"])), by=other_veileder
    )
    candidates = [*ours, theirs]
    pks = [c.profile.pk for c in candidates]
    for user in (veileder, other_veileder, radgiver):
        found = selectors._suggestion_profiles(user=user, need=need, pks=pks)
        assert _sorted_arrays(found) == _sorted_arrays(_orm_rows(user, need, pks)), user
    # No other office's name, nor an erased candidate's, leaves the database.
    names = {
        pk: (r["own_candidate_id"], r["own_first_name"], r["own_last_name"])
        for pk, r in selectors._suggestion_profiles(user=veileder, need=need, pks=pks).items()
    }
    assert names[ours[0].profile.pk] == (ours[0].pk, ours[0].first_name, ours[0].last_name)
    assert names[ours[2].profile.pk] == names[theirs.profile.pk] == (None, None, None)
    for user in (other_veileder, radgiver):
        found = selectors._suggestion_profiles(user=user, need=need, pks=pks)
        assert {r["own_first_name"] for pk, r in found.items() if pk != theirs.profile.pk} == {None}
    assert (
        selectors._suggestion_profiles(user=radgiver, need=need, pks=pks)[theirs.profile.pk]["own_last_name"]
        is None
    )
    on_list = selectors._suggestion_profiles(user=radgiver, need=need, pks=pks)
    assert [pk for pk, r in on_list.items() if r["on_list"]] == [ours[1].profile.pk]
    assert sorted(on_list[theirs.profile.pk]["travel_county_ids"]) == sorted(
        County.objects.filter(code__in=["34", "03"]).values_list("pk", flat=True)
    )


def test_need_for_ranking_is_the_visible_need_with_employer_and_occupation(
    need, veileder, other_veileder, radgiver, django_assert_num_queries
):
    place = {
        "employer": need.employer,
        "tasks": "Noe",
        "county": need.county,
        "municipality": need.municipality,
    }
    draft = Need.objects.create(title="Utkast", **place)
    without_occupation = Need.objects.create(
        title="Uten yrke", status="apen", opened_at=need.opened_at, **place
    )
    for user in (veileder, other_veileder, radgiver):
        for pk in (need.pk, draft.pk, without_occupation.pk, 0):
            expected = (
                visible(user, Need.objects.filter(pk=pk)).select_related("employer", "occupation").first()
            )
            found = selectors.need_for_ranking(user=user, pk=pk)
            assert (found is None) == (expected is None), (user, pk)
            if expected is None:
                continue
            with django_assert_num_queries(0):  # what the page and the need's facts read is loaded
                assert [getattr(found, f.attname) for f in Need._meta.concrete_fields] == [
                    getattr(expected, f.attname) for f in Need._meta.concrete_fields
                ]
                assert (found.employer.name, found.employer.facilitation) == (
                    expected.employer.name,
                    expected.employer.facilitation,
                )
                assert found.occupation == expected.occupation
                if found.occupation is not None:
                    assert (found.occupation.code, found.occupation.name) == (
                        expected.occupation.code,
                        expected.occupation.name,
                    )
                assert selectors.need_facts_for(found) == selectors.need_facts_for(expected)
    assert selectors.need_for_ranking(user=other_veileder, pk=need.pk) is None  # another county
    assert selectors.need_for_ranking(user=veileder, pk=draft.pk) is None  # a draft
    assert selectors.need_for_ranking(user=radgiver, pk=draft.pk).title == "Utkast"

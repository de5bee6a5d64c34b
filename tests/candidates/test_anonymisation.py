"""The anonymised view is built at query level: the profile queries never read the identity
table, and what reaches a template has no path back to the person."""

import dataclasses

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidates import selectors
from candidates.selectors import PROFILE_COLUMNS, AnonymisedProfile
from core.navigation import nav_items_for

pytestmark = pytest.mark.django_db

IDENTITY_COLUMNS = (
    "first_name",
    "last_name",
    "fodselsnummer",
    "birth_date",
    "phone",
    "email",
    "notes",
    "benefit",
)


def test_profile_queries_never_touch_the_identity_table(client_for, radgiver, own_candidate, other_candidate):
    with CaptureQueriesContext(connection) as ctx:
        client_for(radgiver).get(reverse("candidates:profiles"), {"category": "fysisk", "county": "34"})
        client_for(radgiver).get(
            reverse("candidates:profile_detail", kwargs={"code": own_candidate.profile.code})
        )
        client_for(radgiver).get(reverse("candidates:profile_export"))
    sql = "\n".join(q["sql"] for q in ctx.captured_queries)
    assert '"candidates_candidate"' not in sql
    for column in IDENTITY_COLUMNS:
        assert f'"candidates_candidate"."{column}"' not in sql


def test_anonymised_profile_has_no_identity_fields(radgiver, own_candidate):
    fields = {f.name for f in dataclasses.fields(AnonymisedProfile)}
    assert not fields & {*IDENTITY_COLUMNS, "candidate", "candidate_id", "office", "counsellor"}
    assert not {c.split("__")[0] for c in PROFILE_COLUMNS} & {"candidate", *IDENTITY_COLUMNS}
    profile = selectors.profile_get(user=radgiver, code=own_candidate.profile.code)
    assert isinstance(profile, AnonymisedProfile)
    assert not hasattr(profile, "candidate")


def test_leaders_and_admins_get_no_profiles(leder, admin_user, own_candidate):
    assert selectors.profile_list(user=leder).count() == 0
    assert selectors.profile_list(user=admin_user).count() == 0


@pytest.mark.parametrize(
    "role,expected",
    [
        ("veileder", {"candidates"}),
        ("radgiver", {"candidate-profiles"}),
        ("markedskoordinator", {"candidate-profiles"}),
        ("koordinator", {"candidate-profiles", "dashboards"}),
        # The leaders' candidate statistics are part of the dashboards now (issue 15).
        ("leder", {"dashboards"}),
    ],
)
def test_menu_entries_by_role(request, role, expected):
    user = request.getfixturevalue(role)
    keys = {item.key for item in nav_items_for(user)} & {
        "candidates",
        "candidate-profiles",
        "dashboards",
    }
    assert keys == expected

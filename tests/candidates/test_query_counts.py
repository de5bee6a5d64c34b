"""Acceptance: the candidate list pages run a fixed number of queries, whatever the row count."""

import pytest
from django.urls import reverse

from candidates import services
from core.models import Occupation
from tests.candidates.factories import make_candidate

pytestmark = pytest.mark.django_db

# Session, user, memberships, notifications and navigation account for the base; each page adds
# its own count + page (+ for profiles one query each for job wishes, counties, and the
# municipalities with their group sizes: issue 16 read the names in the groups' query, -1),
# plus the access-log INSERT on identity pages. Issue 16 took 3 off every page: the session is no
# longer written on every request (core.middleware.SessionIdleMiddleware).
PINNED = {
    # Issue 15's «Resultater» menu item asked whether the user is a project's named coordinator (+1);
    # since issue 16 that fact comes with the memberships query (-1).
    ("veileder", "candidates:list", ""): 7,
    ("veileder", "candidates:list", "sok=1&status=aktiv"): 7,
    # Issue 16: the profile filter's county and occupation choices are read only when a chosen
    # value is validated or the (cached) form rendered (-2 unfiltered, -1 with a county); the
    # unfiltered total comes from the database's per-county counters (one query, as the count was).
    ("radgiver", "candidates:profiles", ""): 9,
    ("radgiver", "candidates:profiles", "category=fysisk&county=34"): 10,
    ("leder", "candidates:access_log", ""): 6,
}


def _populate(office, other_office, veileder, other_veileder, n):
    occupations = list(Occupation.objects.filter(level=4)[:3])
    for i in range(n):
        for where, who in ((office, veileder), (other_office, other_veileder)):
            c = make_candidate(office=where, by=who)
            services.candidate_profile_update(profile=c.profile, by=who, job_wishes=occupations[: i % 3 + 1])
            services.facilitation_need_set(candidate=c, by=who, category="fysisk", values=["ergonomi"])
            services.access_log_record(user=who, candidates=[c], page="detail")


@pytest.mark.parametrize("role,url_name,query", list(PINNED))
def test_list_pages_have_a_fixed_query_count(
    request, client_for, office, other_office, veileder, other_veileder, role, url_name, query, query_count
):
    user = request.getfixturevalue(role)
    _populate(office, other_office, veileder, other_veileder, 2)
    if url_name == "candidates:profiles":
        # The filter form's HTML is cached per process; a miss reads its choices (2 queries). Fill
        # it first, so the pin counts the page as every request after the first one sees it.
        client_for(user).get(reverse(url_name) + (f"?{query}" if query else ""))
    query_count.pinned(
        client_for(user),
        reverse(url_name) + (f"?{query}" if query else ""),
        grow=lambda: _populate(office, other_office, veileder, other_veileder, 6),
        expected=PINNED[(role, url_name, query)],
        warm=False,
    )

"""Acceptance: role × URL name × object (own region 34 / other region 46) → allowed or denied, for
every URL of the matching app. A new URL without a row here fails the completeness guard.

Objects: open needs in each region (each with a list entry of veileder's candidate and a share
link); candidates of veileder's office (34) and other_veileder's (46); board cases registered by
each office, escalated, and (for «eskaler») still at the office. GET pages answer 200 when
allowed; forms that only take POST count as allowed when they answer 302 or 400 (an empty form)."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from matching import services
from matching.models import BoardCase
from tests.candidates.factories import make_candidate
from tests.employers.factories import EmployerFactory, NeedFactory, municipality

pytestmark = pytest.mark.django_db

OK, NO = "ok", "deny"
ROLES = ["veileder", "other_veileder", "radgiver", "markedskoordinator", "koordinator", "leder", "admin_user"]

# fmt: off
#                veileder  other_veil. radgiver  markedsk. koordin.  leder     admin
RANK =          [(OK, NO), (NO, OK),   (OK, NO), (OK, NO), (OK, NO), (NO, NO), (NO, NO)]
VIEW_LIST =     [(OK, NO), (NO, OK),   (OK, NO), (OK, NO), (OK, NO), (NO, NO), (OK, OK)]
MANAGE =        [(NO, NO), (NO, NO),   (OK, NO), (OK, NO), (NO, NO), (NO, NO), (OK, OK)]
# The entry's candidate belongs to veileder's office, on needs in both regions.
ENTRY =         [(OK, OK), (NO, NO),   (OK, NO), (OK, NO), (NO, NO), (NO, NO), (OK, OK)]
OWN_CANDIDATE = [(OK, NO), (NO, OK),   (NO, NO), (NO, NO), (NO, NO), (NO, NO), (NO, NO)]
EVERYONE =      [(OK, OK), (OK, OK),   (OK, OK), (OK, OK), (OK, OK), (OK, OK), (OK, OK)]
BOARD =         [(OK, OK), (OK, OK),   (OK, OK), (OK, OK), (NO, NO), (NO, NO), (OK, OK)]
REGISTER =      [(OK, OK), (OK, OK),   (NO, NO), (NO, NO), (NO, NO), (NO, NO), (NO, NO)]
CASE_VIEW =     [(OK, NO), (NO, OK),   (OK, NO), (OK, NO), (NO, NO), (NO, NO), (OK, OK)]
CASE_OFFICE =   [(OK, NO), (NO, OK),   (NO, NO), (NO, NO), (NO, NO), (NO, NO), (NO, NO)]
CASE_CENTRE =   [(NO, NO), (NO, NO),   (OK, NO), (OK, NO), (NO, NO), (NO, NO), (NO, NO)]
CASE_CLOSE =    [(OK, NO), (NO, OK),   (OK, NO), (OK, NO), (NO, NO), (NO, NO), (NO, NO)]
# fmt: on

GET, POST = "get", "post"
# url name → (expected, which object, method)
MATRIX = {
    "need_ranking": (RANK, "need", GET),
    "list": (VIEW_LIST, "need", GET),
    "propose": (VIEW_LIST, "need", POST),
    "share": (MANAGE, "need", POST),
    "entry_status": (ENTRY, "entry", POST),
    "share_revoke": (MANAGE, "link", POST),
    "candidate_suggestions": (OWN_CANDIDATE, "candidate", GET),
    "shared_list": (EVERYONE, "token", GET),
    "board": (BOARD, None, GET),
    "board_case_create": (REGISTER, None, GET),
    "board_case": (CASE_VIEW, "case", GET),
    "board_escalate": (CASE_OFFICE, "local_case", POST),
    "board_take": (CASE_CENTRE, "case", POST),
    "board_propose": (CASE_CENTRE, "case", POST),
    "board_close": (CASE_CLOSE, "case", POST),
}


def test_matrix_covers_every_matching_url():
    from matching import urls

    assert {p.name for p in urls.urlpatterns} == set(MATRIX)


def _objects(region, municipality_code, office, counsellor, own_candidate, by_manager):
    need = NeedFactory(
        employer=EmployerFactory(municipality=municipality(municipality_code)),
        status="apen",
        opened_at=timezone.now(),
    )
    entry = services.entry_propose(need=need, candidate=own_candidate, by=own_candidate.counsellor)
    link, token = services.list_share(candidate_list=need.candidate_list, by=by_manager, recipient_name="Per")
    candidate = make_candidate(office=office, by=counsellor)
    escalated = services.board_case_register(candidate=candidate, employer_wanted="Lager", by=counsellor)
    services.board_case_escalate(case=escalated, by=counsellor)
    local = BoardCase.objects.create(
        candidate=make_candidate(office=office, by=counsellor),
        office=office,
        county=office.county,
        registered_by=counsellor,
        employer_wanted="Butikk",
    )
    return {
        "need": {"pk": need.pk},
        "entry": {"pk": entry.pk},
        "link": {"pk": link.pk},
        "token": {"token": token},
        "candidate": {"pk": candidate.pk},
        "case": {"pk": escalated.pk},
        "local_case": {"pk": local.pk},
    }


@pytest.mark.parametrize("name", list(MATRIX))
def test_access(request, client_for, office, other_office, veileder, other_veileder, admin_user, name):
    cache.clear()
    rows, kind, method = MATRIX[name]
    expected_by_role = dict(zip(ROLES, rows, strict=True))
    mine = make_candidate(office=office, by=veileder, counsellor=veileder)
    objects = {
        "own": _objects("34", "3403", office, veileder, mine, admin_user),
        "other": _objects("46", "4601", other_office, other_veileder, mine, admin_user),
    }
    failures = []
    for role in ROLES:
        client = client_for(request.getfixturevalue(role))
        for index, where in enumerate(("own", "other")):
            kwargs = objects[where][kind] if kind else {}
            url = reverse(f"matching:{name}", kwargs=kwargs)
            if method == GET:
                response = client.get(url)
                allowed = response.status_code == 200
            else:
                response = client.post(url, {})
                allowed = response.status_code in (302, 400)
            if allowed != (expected_by_role[role][index] == OK) or response.status_code >= 500:
                failures.append((role, where, response.status_code))
    assert not failures, f"{name}: {failures}"

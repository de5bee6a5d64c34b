"""Acceptance: role × URL name × placement (own office and county 34 / other office and county 46)
→ allowed or denied, for every URL of the placements app. A new URL without a row fails the guard."""

import datetime

import pytest
from django.urls import reverse

from placements import services
from tests.candidates.factories import make_candidate
from tests.employers.factories import EmployerFactory, municipality

pytestmark = pytest.mark.django_db

OK, NO = "ok", "deny"
ROLES = ["veileder", "other_veileder", "radgiver", "markedskoordinator", "koordinator", "leder", "admin_user"]

# Expected per role as (placement at veileder's office with an employer in county 34 and radgiver as
# adviser, placement at other_veileder's office with an employer in county 46).
# fmt: off
#            veileder  other_veileder radgiver  markedskoord. koordinator leder     admin
MINE =      [(OK, OK), (OK, OK),      (OK, OK), (OK, OK),     (NO, NO),   (OK, OK), (NO, NO)]
CREATE =    [(OK, OK), (OK, OK),      (NO, NO), (NO, NO),     (NO, NO),   (NO, NO), (NO, NO)]
UNOWNED =   [(NO, NO), (NO, NO),      (NO, NO), (NO, NO),     (NO, NO),   (OK, OK), (NO, NO)]
VIEW =      [(OK, NO), (NO, OK),      (OK, NO), (OK, NO),     (NO, NO),   (OK, NO), (OK, OK)]
CHANGE =    [(OK, NO), (NO, OK),      (OK, NO), (OK, NO),     (NO, NO),   (NO, NO), (NO, NO)]
HANDOVER =  [(OK, NO), (NO, OK),      (NO, NO), (NO, NO),     (NO, NO),   (OK, NO), (NO, NO)]
# fmt: on

MATRIX = {
    "mine": (MINE, None),
    "unowned": (UNOWNED, None),
    "create": (CREATE, None),
    "mentor_group": (CREATE, None),
    "detail": (VIEW, "placement"),
    "edit": (CHANGE, "placement"),
    "plan": (CHANGE, "placement"),
    "agree": (CHANGE, "placement"),
    "startup": (CHANGE, "placement"),
    "ready": (CHANGE, "placement"),
    "start": (CHANGE, "placement"),
    "end": (CHANGE, "placement"),
    "cancel": (CHANGE, "placement"),
    "change_end": (CHANGE, "placement"),
    "follow_up_add": (CHANGE, "placement"),
    "follow_up_done": (CHANGE, "follow_up"),
    "meeting": (CHANGE, "placement"),
    "problem": (CHANGE, "placement"),
    "problem_response": (CHANGE, "problem"),
    "rotation": (CHANGE, "placement"),
    "handover": (HANDOVER, "placement"),
}


def test_matrix_covers_every_placements_url():
    from placements import urls

    assert {p.name for p in urls.urlpatterns} == set(MATRIX)


def _placement(office, counsellor, county_municipality, adviser=None) -> dict:
    candidate = make_candidate(office=office, by=counsellor)
    employer = EmployerFactory(municipality=municipality(county_municipality))
    placement = services.placement_create_draft(
        candidate=candidate,
        employer=employer,
        by=counsellor,
        adviser=adviser,
        planned_start=datetime.date(2026, 3, 2),
        planned_end=datetime.date(2026, 6, 1),
    )
    follow_up = services.follow_up_add(
        placement=placement, by=counsellor, title="Samtale", due_on=datetime.date(2026, 4, 1)
    )
    problem = services.problem_report_create(placement=placement, by=counsellor, description="Sen oppmøte")
    return {
        "placement": {"pk": placement.pk},
        "follow_up": {"pk": placement.pk, "follow_up": follow_up.pk},
        "problem": {"pk": placement.pk, "problem": problem.pk},
    }


@pytest.fixture
def placements(office, other_office, veileder, other_veileder, radgiver):
    return {
        "own": _placement(office, veileder, "3403", adviser=radgiver),
        "other": _placement(other_office, other_veileder, "4601"),
    }


@pytest.mark.parametrize("name", list(MATRIX))
def test_access(request, client_for, placements, name):
    rows, kind = MATRIX[name]
    expected_by_role = dict(zip(ROLES, rows, strict=True))
    failures = []
    for role in ROLES:
        client = client_for(request.getfixturevalue(role))
        for index, where in enumerate(("own", "other")):
            kwargs = placements[where][kind] if kind else {}
            response = client.get(reverse(f"placements:{name}", kwargs=kwargs))
            allowed = response.status_code == 200
            if allowed != (expected_by_role[role][index] == OK) or response.status_code >= 500:
                failures.append((role, where, response.status_code))
    assert not failures, f"{name}: {failures}"

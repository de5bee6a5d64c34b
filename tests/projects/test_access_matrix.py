"""Acceptance: role × URL name × project (own region 34 / other region 46) → allowed or denied, for
every URL of the projects app. A new URL without a row here fails the completeness guard."""

import datetime

import pytest
from django.urls import reverse

from projects import services
from tests.candidates.factories import make_candidate
from tests.factories import UserFactory, county

from .factories import GoalFactory, MethodPhaseFactory, ProjectFactory, RiskFactory

pytestmark = pytest.mark.django_db

OK, NO = "ok", "deny"
ROLES = ["veileder", "other_veileder", "radgiver", "markedskoordinator", "koordinator", "leder", "admin_user"]

# Expected per role as (project in region 34, project in region 46). The project coordinator
# (koordinator) works in region 34; both counsellors may enrol their own candidates anywhere.
# fmt: off
#            veileder  other_veileder radgiver  markedskoord. koordinator leder     admin
ALL =       [(OK, OK), (OK, OK),      (OK, OK), (OK, OK),     (OK, OK),   (OK, OK), (OK, OK)]
CREATORS =  [(NO, NO), (NO, NO),      (NO, NO), (NO, NO),     (OK, OK),   (NO, NO), (OK, OK)]
CHANGE =    [(NO, NO), (NO, NO),      (NO, NO), (NO, NO),     (OK, NO),   (NO, NO), (OK, OK)]
ENROL =     [(OK, OK), (OK, OK),      (NO, NO), (NO, NO),     (NO, NO),   (NO, NO), (NO, NO)]
# The enrolled candidate belongs to veileder's office: only that office's counsellors step it on.
OWN_CANDIDATE = [(OK, OK), (NO, NO),  (NO, NO), (NO, NO),     (NO, NO),   (NO, NO), (NO, NO)]
# fmt: on

# url name → (expected, which URL kwargs)
MATRIX = {
    "list": (ALL, None),
    "create": (CREATORS, None),
    "compare": (ALL, None),
    "detail": (ALL, "project"),
    "description": (ALL, "project"),
    "goals": (ALL, "project"),
    "risks": (ALL, "project"),
    "roles": (ALL, "project"),
    "cohorts": (ALL, "project"),
    "enrolments": (ALL, "project"),
    "enrolment_create": (ENROL, "project"),
    "enrolment_advance": (OWN_CANDIDATE, "enrolment"),
    "enrolment_exit": (OWN_CANDIDATE, "enrolment"),
    "outcomes": (ALL, "project"),
    "update": (CHANGE, "project"),
    "copy": (CREATORS, "project"),
    "phase_create": (CHANGE, "project"),
    "follow_up_create": (CHANGE, "project"),
    "goal_create": (CHANGE, "project"),
    "goal_update": (CHANGE, "goal"),
    "risk_create": (CHANGE, "project"),
    "risk_update": (CHANGE, "risk"),
    "role_task_create": (CHANGE, "project"),
    "outcome_create": (CHANGE, "project"),
    "anchoring_create": (CHANGE, "project"),
    "document_create": (CHANGE, "project"),
    "cohort_create": (CHANGE, "project"),
}


def test_matrix_covers_every_projects_url():
    from projects import urls

    assert {p.name for p in urls.urlpatterns} == set(MATRIX)


def _project(region: str, candidate, by) -> dict:
    project = ProjectFactory(status="aktiv", coordinator=UserFactory(), region=county(region))
    MethodPhaseFactory(project=project, position=1)
    MethodPhaseFactory(project=project, position=2)
    enrolment = services.enrolment_create(
        project=project, candidate=candidate, by=by, enrolled_on=datetime.date(2026, 1, 5)
    )
    return {
        "project": {"pk": project.pk},
        "goal": {"pk": project.pk, "row": GoalFactory(project=project).pk},
        "risk": {"pk": project.pk, "row": RiskFactory(project=project).pk},
        "enrolment": {"pk": project.pk, "row": enrolment.pk},
    }


@pytest.mark.parametrize("name", list(MATRIX))
def test_access(request, client_for, office, veileder, name):
    rows, kind = MATRIX[name]
    expected_by_role = dict(zip(ROLES, rows, strict=True))
    candidate = make_candidate(office=office, by=veileder)
    projects = {"own": _project("34", candidate, veileder), "other": _project("46", candidate, veileder)}
    failures = []
    for role in ROLES:
        client = client_for(request.getfixturevalue(role))
        for index, where in enumerate(("own", "other")):
            kwargs = projects[where][kind] if kind else {}
            response = client.get(reverse(f"projects:{name}", kwargs=kwargs))
            allowed = response.status_code == 200
            if allowed != (expected_by_role[role][index] == OK) or response.status_code >= 500:
                failures.append((role, where, response.status_code))
    assert not failures, f"{name}: {failures}"

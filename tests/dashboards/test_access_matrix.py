"""Role × dashboards URL: who may open the dashboards and the export at all (the nodes each role
sees are tested in test_views.py)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ALLOW, DENY = "allow", "deny"
ROLES = ["veileder", "radgiver", "markedskoordinator", "koordinator", "leder", "admin_user"]
# fmt: off
#             veileder radgiver markedsk. koordinator leder  admin
PAGE =       [DENY,    DENY,    DENY,     ALLOW,      ALLOW, ALLOW]
# fmt: on
MATRIX = {"overview": PAGE, "export": PAGE}


def test_matrix_covers_every_dashboards_url():
    from dashboards import urls

    assert {p.name for p in urls.urlpatterns} == set(MATRIX)


@pytest.mark.parametrize("name", list(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_access(request, client_for, name, role):
    from dashboards.services import snapshot_build
    from tests.dashboards.conftest import CUTOFF
    from tests.projects.factories import ProjectFactory

    user = request.getfixturevalue(role)
    if role == "koordinator":
        ProjectFactory(coordinator=user)
    snapshot_build(cutoff=CUTOFF)
    expected = dict(zip(ROLES, MATRIX[name], strict=True))[role]
    url = reverse(f"dashboards:{name}")
    if name == "export":
        url += "?tabell=funnel&format=csv"
    response = client_for(user).get(url)
    if expected == DENY:
        assert response.status_code == 403, (name, role, response.status_code)
    else:
        assert response.status_code == 200, (name, role, response.status_code)

"""The pages: what each role can open, the filter, exports (same cells as the page, formula
injection neutralised), the old statistics address, the periodic job and its freeze."""

import csv
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from dashboards.models import Snapshot
from dashboards.services import snapshot_refresh
from dashboards.views import table_rows
from tests.dashboards.conftest import CUTOFF

pytestmark = pytest.mark.django_db
URL = reverse("dashboards:overview")


def options(content, name):
    select = re.search(rf'<select id="id_{name}" name="{name}".*?</select>', content, re.S)
    return re.findall(r'<option value="([^"]*)"', select.group(0)) if select else []


def test_coordinator_sees_their_projects_only_and_cannot_ask_for_others(
    snapshot, world, client_for, koordinator
):
    client = client_for(koordinator)
    p1, p2 = world["projects"]["P1"], world["projects"]["P2"]
    content = client.get(URL).content.decode()
    assert str(p1.pk) in options(content, "prosjekt") and str(p2.pk) not in options(content, "prosjekt")
    assert "Testprosjekt Hamar" in content  # their project is the default
    other = client.get(URL, {"prosjekt": p2.pk}).content.decode()
    assert "Testprosjekt Bergen" not in other
    office = client.get(URL, {"kontor": world["offices"]["hamar"].pk}).content.decode()
    assert 'id="tbl-funnel"' not in office


def test_leader_sees_their_office_and_admin_everything(snapshot, world, client_for, leder, admin_user):
    content = client_for(leder).get(URL).content.decode()
    assert options(content, "kontor") == ["", str(world["offices"]["hamar"].pk)]
    assert options(content, "prosjekt") == []
    assert "Kandidater i oppfølging etter innsatsgruppe" in content  # the folded candidate statistics
    admin = client_for(admin_user).get(URL).content.decode()
    assert "Alle enheter og prosjekter" in admin and 'id="tbl-by_region"' in admin


def test_choosing_two_units_at_once_is_refused_in_norwegian(snapshot, world, client_for, admin_user):
    content = (
        client_for(admin_user)
        .get(URL, {"prosjekt": world["projects"]["P1"].pk, "kontor": world["offices"]["hamar"].pk})
        .content.decode()
    )
    assert "bare ett av dem" in content and 'id="tbl-funnel"' not in content


def test_every_export_equals_the_page_and_neutralises_formulas(snapshot, world, client_for, admin_user):
    client = client_for(admin_user)
    view = snapshot.views.get(node="alle", period="alt")
    keys = [t["key"] for t in view.data["tables"]]
    assert {
        "funnel",
        "age",
        "innsatsgruppe",
        "sector",
        "employer",
        "exit",
        "by_region",
        "by_prosjekt",
    } <= set(keys)
    for key in keys:
        header, rows = table_rows(view, key)
        response = client.get(
            reverse("dashboards:export"), {"periode": "alt", "tabell": key, "format": "csv"}
        )
        assert response.status_code == 200
        parsed = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
        assert parsed[0] == [str(h) for h in header]
        assert [r[1:] for r in parsed[1:]] == [[str(c) for c in row[1:]] for row in rows]
    employer = client.get(
        reverse("dashboards:export"), {"periode": "alt", "tabell": "employer", "format": "xlsx"}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(employer.content)).active
    names = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert '\'=HYPERLINK("http://evil")' in names and '=HYPERLINK("http://evil")' not in names
    p1 = snapshot.views.get(node=f"prosjekt-{world['projects']['P1'].pk}", period="alt")
    assert table_rows(p1, "goals")[0] is not None


def test_old_statistics_address_redirects_to_the_dashboards(client_for, leder):
    response = client_for(leder).get(reverse("candidates:statistics"))
    assert response.status_code == 302 and response["Location"] == URL


def test_job_builds_a_quarter_once_and_figures_do_not_move_within_it(world, client_for, admin_user):
    import datetime as dt

    first = snapshot_refresh(today=dt.date(2026, 11, 2))
    assert first.cutoff == CUTOFF
    before = {v.node + v.period: v.data for v in first.views.all()}
    # More registrations this week: the published figures stay as they were.
    from projects.models import Enrolment

    Enrolment.objects.filter(project=world["projects"]["P1"], exited_on__isnull=True).update(
        enrolled_on=dt.date(2026, 9, 1)
    )
    again = snapshot_refresh(today=dt.date(2026, 11, 9))
    assert again.pk == first.pk and Snapshot.objects.count() == 1
    assert {v.node + v.period: v.data for v in again.views.all()} == before
    assert again.checked_at > first.checked_at
    content = client_for(admin_user).get(URL).content.decode()
    assert "Tall per 30.09.2026" in content


def test_page_query_count_is_fixed(snapshot, world, client_for, admin_user, query_count):
    from dashboards.services import snapshot_build
    from tests.projects.factories import ProjectFactory

    client = client_for(admin_user)

    def grow():
        for _ in range(5):
            ProjectFactory()
        snapshot_build(cutoff=CUTOFF)

    query_count.pinned(
        client, URL + "?periode=alt", grow=grow, expected=7
    )  # issue 16: the session is no longer written on every request

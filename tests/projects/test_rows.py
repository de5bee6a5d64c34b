"""The project list's rows and status tags, rendered in Python (projects.templatetags.project_rows,
issue 16): each shows what the template loop showed, escaped, with the coordinator warnings."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from projects.models import Project
from tests.factories import UserFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

TD = '<td class="aksel-table__data-cell aksel-body-short aksel-body-short--medium">'


def _tag(label: str, colour: str) -> str:
    return (
        f'<span data-color="{colour}" data-variant="outline" '
        f'class="aksel-tag aksel-tag--small aksel-body-short aksel-body-short--small">{label}</span>'
    )


def _row(html: str, project: Project) -> str:
    start = html.index(f'href="{reverse("projects:detail", args=[project.pk])}"')
    return html[start : html.index("</tr>", start)]


def test_project_rows_show_each_column_and_the_coordinator_warnings(client_for, veileder):
    active = UserFactory(first_name="Kari", last_name="<Nordmann>", last_login=timezone.now())
    away = UserFactory(first_name="Ola", last_name="Borte", last_login=timezone.now() - timedelta(days=40))
    fine = ProjectFactory(
        name="Jobb & Loop", status=Project.Status.ACTIVE, coordinator=active, area="Hamar <sør>"
    )
    inactive = ProjectFactory(status=Project.Status.PLANNED, coordinator=away, start_year=None)
    missing = ProjectFactory(status=Project.Status.PLANNED, coordinator=None)
    ended = ProjectFactory(status=Project.Status.DISCONTINUED, coordinator=None)
    html = client_for(veileder).get(reverse("projects:list")).content.decode()

    row = _row(html, fine)
    assert ">Jobb &amp; Loop</a></td>" in row
    assert f'{TD}{fine.region.name}<div class="app-muted">Hamar &lt;sør&gt;</div></td>' in row
    assert f"{TD}2018</td>" in row and f"{TD}{_tag('Aktiv', 'success')}</td>" in row
    assert f"{TD}Kari &lt;Nordmann&gt;</td>" in row

    row = _row(html, inactive)
    assert f"{TD}–</td>" in row and _tag("Under planlegging", "meta-purple") in row
    assert f"Ola Borte<div>{_tag('Koordinatoren har vært inaktiv i over 30 dager', 'warning')}</div>" in row

    assert f"{TD}–<div>{_tag('Mangler koordinator', 'warning')}</div></td>" in _row(html, missing)
    # A discontinued project needs no coordinator.
    row = _row(html, ended)
    assert f"{TD}–</td>" in row and "Mangler" not in row and _tag("Avsluttet", "neutral") in row


def test_project_status_change_shows_on_the_list(client_for, veileder):
    project = ProjectFactory(status=Project.Status.PLANNED)
    client = client_for(veileder)
    assert _tag("Under planlegging", "meta-purple") in _row(
        client.get(reverse("projects:list")).content.decode(), project
    )
    project.status = Project.Status.ORDINARY_OPERATION
    project.save()
    row = _row(client.get(reverse("projects:list")).content.decode(), project)
    assert _tag("I ordinær drift", "info") in row and "Under planlegging" not in row


def test_cached_filter_form_follows_the_chosen_filters_and_language(client_for, veileder):
    client = client_for(veileder)
    url = reverse("projects:list")
    region = ProjectFactory().region
    html = client.get(url).content.decode()
    assert '<option value="planlagt">Under planlegging</option>' in html
    html = client.get(url, {"status": "planlagt", "region": region.pk}).content.decode()
    assert '<option value="planlagt" selected>Under planlegging</option>' in html
    assert f'<option value="{region.pk}" selected>{region.name}</option>' in html
    # The same filters in English are another fragment.
    client.post(reverse("set_language"), {"language": "en", "next": url})
    html = client.get(url, {"status": "planlagt", "region": region.pk}).content.decode()
    assert '<option value="planlagt" selected>In planning</option>' in html
    assert f'<option value="{region.pk}" selected>{region.name}</option>' in html

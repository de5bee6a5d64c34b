"""The employer lists' rows, rendered in Python (employers.templatetags.employer_rows, issue 16):
each shows what the template loop showed, escaped, with links, labels, tags and local dates."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Occupation

from .factories import ContactLogEntryFactory, EmployerFactory, NeedFactory

pytestmark = pytest.mark.django_db

OSLO = datetime.timezone(datetime.timedelta(hours=1))  # Europe/Oslo in winter


def _cell(text: str, nowrap: bool = False) -> str:
    extra = " app-nowrap" if nowrap else ""
    return f'<td class="aksel-table__data-cell aksel-body-short aksel-body-short--medium{extra}">{text}</td>'


def _tag(label: str, colour: str) -> str:
    return (
        f'<span data-color="{colour}" data-variant="outline" '
        f'class="aksel-tag aksel-tag--small aksel-body-short aksel-body-short--small">{label}</span>'
    )


def test_need_row_shows_each_column_escaped(radgiver, client_for):
    occupation = Occupation.objects.filter(level=4).first()
    employer = EmployerFactory(name="Berg & Sønn <AS>")
    need = NeedFactory(
        employer=employer, title="Lager <b>", occupation=occupation, places=3, status="apen",
        opened_at=timezone.now(), offer_types=["arbeidstrening", "mentor"],
        deadline=datetime.date(2026, 3, 7),
    )  # fmt: skip
    bare = NeedFactory(title="Uten yrke", status="utkast", offer_types=[], deadline=None)
    html = client_for(radgiver).get(reverse("employers:need_list")).content.decode()
    url = reverse("employers:need_detail", args=[need.pk])
    assert _cell(f'<a class="aksel-link" href="{url}">Lager &lt;b&gt;</a>') in html
    assert _cell("Berg &amp; Sønn &lt;AS&gt;") in html
    assert _cell(occupation.name) in html and _cell(need.municipality.name) in html
    assert _cell("3") in html and _cell("Arbeidstrening, Mentor") in html
    assert _cell("7.3.2026", nowrap=True) in html
    assert _cell(_tag("Åpen", "success")) in html
    # No occupation, offer or deadline: "–", an empty cell, "–"; a draft is an "info" tag.
    row = html[html.index(reverse("employers:need_detail", args=[bare.pk])) :]
    row = row[: row.index("</tr>")]
    assert _cell("–") in row and _cell("") in row and _cell("–", nowrap=True) in row
    assert _cell(_tag("Utkast", "info")) in row


def test_need_status_changes_show_on_the_list(radgiver, client_for):
    need = NeedFactory(status="apen", opened_at=timezone.now())
    client = client_for(radgiver)
    assert _tag("Åpen", "success") in client.get(reverse("employers:need_list")).content.decode()
    need.status = "besatt"
    need.save()
    html = client.get(reverse("employers:need_list")).content.decode()
    assert _tag("Besatt", "meta-purple") in html and _tag("Åpen", "success") not in html


def test_employer_row_shows_each_column(radgiver, client_for):
    employer = EmployerFactory(
        name="Hamar <Lager>", sector="kommunal", status="aktiv", primary_contact=radgiver
    )
    # 23:30 UTC on 31 January is 1 February in Norway.
    employer.last_contact_at = datetime.datetime(2026, 1, 31, 23, 30, tzinfo=datetime.UTC)
    employer.save()
    html = client_for(radgiver).get(reverse("employers:employer_list") + "?county=").content.decode()
    url = reverse("employers:employer_detail", args=[employer.pk])
    assert _cell(f'<a class="aksel-link" href="{url}">Hamar &lt;Lager&gt;</a>') in html
    assert _cell(employer.orgnr_display, nowrap=True) in html
    assert _cell("Kommunal") in html and _cell(employer.municipality.name) in html
    assert _cell(_tag("Aktiv samarbeidspartner", "success")) in html
    assert _cell(radgiver.display_name) in html
    assert _cell("1.2.2026", nowrap=True) in html
    # Without a NAV contact or any contact yet: "–" and "–".
    bare = EmployerFactory(name="Uten kontakt AS")
    html = client_for(radgiver).get(reverse("employers:employer_list") + "?q=Uten+kontakt").content.decode()
    row = html[html.index(reverse("employers:employer_detail", args=[bare.pk])) :]
    row = row[: row.index("</tr>")]
    assert _cell("–") in row and _cell("–", nowrap=True) in row and _cell(_tag("Prospekt", "info")) in row


def test_contact_row_shows_planned_unit_and_next_step(radgiver, client_for):
    employer = EmployerFactory(name="Elverum & Co")
    unit = radgiver.memberships.get().unit
    at = datetime.datetime(2030, 5, 2, 9, 15, tzinfo=OSLO)
    ContactLogEntryFactory(
        employer=employer, user=radgiver, unit=unit, occurred_at=at, channel="besok",
        purpose="Møte <om> plass", next_step="Ringe", next_step_on=datetime.date(2030, 5, 9),
    )  # fmt: skip
    ContactLogEntryFactory(employer=employer, user=radgiver, purpose="Tidligere")
    html = client_for(radgiver).get(reverse("employers:contact_log")).content.decode()
    url = reverse("employers:employer_detail", args=[employer.pk])
    local = timezone.localtime(at)
    assert (
        _cell(f"{local.day}.{local.month}.{local.year} {local:%H:%M} {_tag('Planlagt', 'info')}", nowrap=True)
        in html
    )
    assert _cell(f'<a class="aksel-link" href="{url}">Elverum &amp; Co</a>') in html
    assert _cell("Besøk") in html
    assert _cell(f'{radgiver.display_name}<div class="app-muted">{unit.name}</div>') in html
    assert _cell("Møte &lt;om&gt; plass") in html and _cell("Ringe (9.5.2030)") in html
    # The past contact: no planned tag, no next step.
    row = html[html.index(_cell("Tidligere")) :]
    row = row[: row.index("</tr>")]
    assert _cell("–") in row
    assert html.count("Planlagt") == 1

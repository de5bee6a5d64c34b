"""The Fafo report is cited as readers know it («Fafo-rapport 2018:46, avsnitt 5.3», «tabell 5.4»),
never by the line numbers of our text copy («L3967», «(L2676–2693)»): not in the demo data's free
text, not on any project page, not in a template."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from accounts.models import User
from projects.models import Project

pytestmark = pytest.mark.django_db

LINE_REF = re.compile(r"\bL\d{3,5}\b")
# The sections that render a structured source (free text is checked in the data above).
SECTIONS = ["description", "goals", "outcomes"]
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_demo_free_text_has_no_line_references(report_projects):
    """`source_lines` holds the structured reference, cited through core.report.cite on the page;
    every other text the seeder wrote is read as it is."""
    found = []
    for model in apps.get_app_config("projects").get_models():
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and f.name != "source_lines"
        ]
        for row in model.objects.values("pk", *fields):
            found += [f"{model.__name__}.{k}: {v}" for k, v in row.items() if LINE_REF.search(str(v))]
    assert not found, "\n".join(found)


def test_project_pages_show_no_line_references(report_projects, client_for):
    client = client_for(User.objects.get(username="koordinator"))
    pages = [reverse("projects:list"), reverse("projects:compare")]
    pages += [
        reverse(f"projects:{s}", args=[pk])
        for pk in Project.objects.values_list("pk", flat=True)
        for s in SECTIONS
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert not LINE_REF.search(html), f"{url}: {LINE_REF.findall(html)}"
    jobbloop = Project.objects.get(name="JobbLoop")
    html = client.get(reverse("projects:detail", args=[jobbloop.pk])).content.decode()
    assert "(Fafo-rapport 2018:46, avsnitt 5.1)" in html  # a phase cites its section
    html = client.get(reverse("projects:outcomes", args=[jobbloop.pk])).content.decode()
    assert "Fafo-rapport 2018:46, tabell 5.1" in html  # an outcome cites its table


def test_no_template_cites_by_line():
    offenders = [
        f"{path.relative_to(TEMPLATES)}: {LINE_REF.findall(path.read_text('utf-8'))}"
        for path in TEMPLATES.rglob("*")
        if path.is_file() and LINE_REF.search(path.read_text("utf-8"))
    ]
    assert not offenders, offenders

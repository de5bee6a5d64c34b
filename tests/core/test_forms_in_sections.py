"""A form of more than about eight fields comes in sections (fieldsets with legends), and every
field sits in a section: the employer, need, candidate, profile and project forms."""

import importlib
import inspect
import re

import pytest
from django import forms
from django.urls import reverse

from tests.candidates.factories import make_candidate
from tests.employers.factories import EmployerFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

APPS = ["accounts", "employers", "candidates", "projects", "matching"]
SECTIONED = {"EmployerForm", "NeedForm", "CandidateForm", "ProfileForm", "ProjectForm"}
LEGEND = re.compile(r'<legend class="aksel-fieldset__legend aksel-heading[^"]*">([^<]+)</legend>')


def test_every_long_form_is_in_the_sectioned_list():
    long_forms = set()
    for app in APPS:
        try:
            module = importlib.import_module(f"{app}.forms")
        except ModuleNotFoundError:
            continue
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, forms.BaseForm)
                and cls.__module__ == module.__name__
                and len(cls.base_fields) > 8
            ):
                long_forms.add(name)
    assert long_forms == SECTIONED


@pytest.mark.parametrize(
    "role, page, legends",
    [
        (
            "radgiver",
            lambda u: reverse("employers:employer_create"),
            ["Virksomheten", "Adresse", "Inkludering"],
        ),
        (
            "radgiver",
            lambda u: reverse("employers:need_create", args=[EmployerFactory().pk]),
            ["Stillingen", "Krav til kandidaten"],
        ),
        ("veileder", lambda u: reverse("candidates:create"), ["Personopplysninger", "Oppfølging i NAV"]),
        (
            "veileder",
            lambda u: reverse(
                "candidates:profile_edit", args=[make_candidate(office=u.memberships.get().unit, by=u).pk]
            ),
            ["Bosted", "Kompetanse og erfaring", "Til arbeidsgivere"],
        ),
        (
            "koordinator",
            lambda u: reverse("projects:create"),
            ["Prosjektet", "Målgruppe", "Metoden", "Ressurser"],
        ),
        (
            "koordinator",
            lambda u: reverse("projects:update", args=[ProjectFactory(coordinator=u).pk]),
            ["Prosjektet", "Fokus og formål"],
        ),
    ],
)
def test_long_form_pages_show_sections(request, client_for, role, page, legends):
    user = request.getfixturevalue(role)
    html = client_for(user).get(page(user)).content.decode()
    shown = LEGEND.findall(html)
    assert set(legends) <= set(shown), shown
    form = html[html.index('<form method="post" class="app-form"') :]
    form = form[: form.index("</form>")]
    # No field outside a section: everything between the form's start and its first fieldset is hidden.
    before = form[: form.index("<fieldset")]
    assert not re.search(r"<(input|select|textarea)\b(?![^>]*type=\"hidden\")", before), before

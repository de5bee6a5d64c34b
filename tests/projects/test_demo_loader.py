"""The report's projects are read from projects/demo_data/ (one JSON file per project)."""

import json
from datetime import date
from decimal import Decimal

from core.vocabulary import Innsatsgruppe
from projects.demo_loader import data_files, load_projects
from projects.models import Level, Project
from projects.vocab import OutcomeCategory

from .test_comparison import PROJECTS as TABLE_4_PROJECTS

# Tables 4.1/4.2's eight, then the six the report describes only in its text.
REPORT_PROJECTS = [
    *TABLE_4_PROJECTS,
    "Arbeids- og kunnskapstrening IT",
    "Gi ungdommen sjansen",
    "Minijobbmesse",
    "Forsterket jobbverksted",
    "Mentorskole / mentornettverk",
    "Elektronisk tavleteam Follo",
]


def test_every_data_file_is_loaded_in_the_reports_order():
    specs = load_projects()
    assert len(data_files()) == 14
    assert [spec["name"] for spec in specs] == REPORT_PROJECTS


def test_stored_values_come_back_as_the_seeders_types():
    jobbloop = load_projects()[0]
    assert jobbloop["status"] is Project.Status.ACTIVE
    assert jobbloop["innsatsgrupper"] == [Innsatsgruppe.SPESIELT_TILPASSET]
    assert jobbloop["risks"][0][1:3] == (Level.HIGH, Level.HIGH)
    assert jobbloop["goals"][0][2] == Decimal("30")
    label, as_of, category, count, lines, _note = jobbloop["outcomes"][0]
    assert (label, as_of, category, count, lines) == (
        "Sogn og Fjordane 2014–2018",
        date(2018, 9, 30),
        OutcomeCategory.ACTIVE,
        16,
        "L3117–3132",
    )
    assert jobbloop["cohorts"][0]["start_date"] == date(2018, 1, 8)
    assert all("_comments" not in spec for spec in load_projects())


def test_report_citations_name_fields_of_their_file():
    for path in data_files():
        raw = json.loads(path.read_text(encoding="utf-8"))
        assert set(raw.get("_comments", {})) <= set(raw), path.name

"""Reads the Fafo report's projects (Fafo-rapport 2018:46) from `projects/demo_data/`.

One JSON file per project (stdlib json, no new dependency): a project's facts, method, cohorts and
outcome counts are read and reviewed together against the report, and a correction to one
project is a diff in one small file. The numeric prefix keeps the report's order, which is the
order the seeder creates them in (and so their primary keys).

The files hold plain JSON values, mapped back here:

- enums as their stored values (`"aktiv"`, `"spesielt_tilpasset"`, `"ordinary_work"`,
  `"kull"`), except risk levels, stored by name (`"HIGH"`) because their values are 1–3;
- dates as ISO strings (`"2018-09-30"`), goal targets as decimal strings (`"30"`);
- rows as positional lists, in the order `projects.demo` unpacks them.

JSON has no comments, so each file's `"_comments"` object carries the report line citations and
notes that belong to a field (keys starting with `_` are not seeded). Table 4.1 and 4.2 texts are
joined across the PDF's line breaks, hyphenation undone. Demo-only additions (employer names in
a loop, example targets) are marked as such in the data.
"""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from core.vocabulary import Innsatsgruppe

from .models import Cohort, Level, Project
from .vocab import MetricKind, OutcomeCategory

DATA_DIR = Path(__file__).with_name("demo_data")


def _date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _cohort(raw: dict) -> dict:
    cohort = {**raw, "kind": Cohort.Kind(raw["kind"])}
    for field in ("start_date", "end_date", "as_of"):
        if field in cohort:
            cohort[field] = _date(cohort[field])
    return cohort


def _spec(raw: dict) -> dict:
    spec = {key: value for key, value in raw.items() if not key.startswith("_")}
    spec["status"] = Project.Status(spec["status"])
    if "innsatsgrupper" in spec:
        spec["innsatsgrupper"] = [Innsatsgruppe(value) for value in spec["innsatsgrupper"]]
    spec["goals"] = [
        (MetricKind(metric), description, Decimal(target), _date(start), _date(end), lines)
        for metric, description, target, start, end, lines in spec["goals"]
    ]
    spec["risks"] = [
        (risk, Level[likelihood], Level[impact], mitigation, owner)
        for risk, likelihood, impact, mitigation, owner in spec["risks"]
    ]
    spec["cohorts"] = [_cohort(cohort) for cohort in spec["cohorts"]]
    spec["outcomes"] = [
        (label, _date(as_of), OutcomeCategory(category), count, lines, note)
        for label, as_of, category, count, lines, note in spec["outcomes"]
    ]
    for key in ("contradictions", "stated_totals", "contradictions_of_totals", "shares"):
        if key in spec:
            spec[key] = [(OutcomeCategory(category), *rest) for category, *rest in spec[key]]
    return spec


def data_files() -> list[Path]:
    return sorted(DATA_DIR.glob("*.json"))


def load_projects() -> list[dict]:
    """The project specs `projects.demo.seed_projects` seeds, in the report's order."""
    return [_spec(json.loads(path.read_text(encoding="utf-8"))) for path in data_files()]

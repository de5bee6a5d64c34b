"""Per project: goal attainment, and the report's own outcome tables (5.1–5.6) from the stored
counts next to the live figures (the project's exits by reason in the same view)."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _

from projects.models import OutcomeRecord, Project
from projects.selectors import enrolment_counts, enrolment_facts, goal_value
from projects.vocab import OutcomeCategory

from .suppression import HIDDEN, LESS_THAN, THRESHOLD


def _small(n) -> bool:
    return n is not None and 0 < n < THRESHOLD


def goal_rows_for(project_ids) -> dict[int, list[dict]]:
    """Every goal of the projects with target and current value, small counts suppressed.
    Four queries whatever the number of projects."""
    projects = Project.objects.filter(pk__in=project_ids).prefetch_related("goals", "outcomes")
    facts = enrolment_facts(list(project_ids))
    out: dict[int, list[dict]] = {}
    for project in projects:
        records = list(project.outcomes.all())
        rows = []
        for goal in project.goals.all():
            value = goal_value(goal, records, enrolment_counts(goal, facts.get(project.pk, [])))
            if value.current is None:
                shown = _("Ingen data")
            elif value.is_share:
                rest = (value.denominator or 0) - value.numerator
                hidden = _small(value.numerator) or _small(value.denominator) or _small(rest)
                shown = HIDDEN if hidden else f"{value.current} %".replace(".", ",")
            else:
                shown = LESS_THAN if _small(int(value.current)) else str(int(value.current))
            reached = value.reached if shown not in (HIDDEN, LESS_THAN) else None
            rows.append(
                {
                    "metric": str(goal.get_metric_display()),
                    "description": goal.description,
                    "period": " – ".join(
                        d.strftime("%d.%m.%Y") for d in (goal.period_start, goal.period_end) if d
                    ),
                    "target": "" if goal.target is None else str(goal.target).replace(".", ","),
                    "current": shown,
                    "reached": {True: _("Nådd"), False: _("Ikke nådd"), None: ""}[reached],
                }
            )
        out[project.pk] = rows
    return out


def report_tables_for(project_ids) -> dict[int, dict]:
    """The stored counts per category (rows) and cohort or period (columns), as in the report's
    tables; statements not summed (contradictions) are listed under the table."""
    records = (
        OutcomeRecord.objects.filter(project_id__in=project_ids)
        .select_related("cohort")
        .order_by("project_id", "as_of", "pk")
    )
    grouped: dict[int, list[OutcomeRecord]] = defaultdict(list)
    for record in records:
        grouped[record.project_id].append(record)
    out = {}
    for project_id, project_records in grouped.items():
        columns: list[str] = []
        cells: dict[tuple[str, str], int] = defaultdict(int)
        notes, sources = [], set()
        for r in project_records:
            column = r.cohort.name if r.cohort else (r.period_label or _("Hele perioden"))
            if r.source_lines:
                sources.add(r.source_lines)
            if not r.counts_in_totals:
                notes.append(
                    f"{r.get_category_display()}: {r.count} ({column}; {r.source_lines}) – {_('ikke summert')}"
                )
                continue
            if column not in columns:
                columns.append(column)
            cells[(r.category, column)] += r.count
        out[project_id] = {"columns": columns, "cells": cells, "notes": notes, "sources": sorted(sources)}
    return out


def report_table(stored: dict | None, live_tables: list[dict]) -> dict | None:
    """The report's table for one project with a last column from the live exit table."""
    if not stored:
        return None
    live = {}
    for table in live_tables:
        if table["key"] == "exit":
            live = {row["key"]: row["cells"][0] for row in table["rows"]}
    categories = [
        k for k, _l in OutcomeCategory.choices if any((k, c) in stored["cells"] for c in stored["columns"])
    ]
    categories += [k for k in live if k not in categories and k != "total"]
    labels = dict(OutcomeCategory.choices)
    rows = []
    for category in categories:
        row = [stored["cells"].get((category, c), "") for c in stored["columns"]]
        counted = [v for v in row if v != ""]
        rows.append(
            {
                "key": category,
                "label": str(labels.get(category, category)),
                "cells": [*row, sum(counted) if counted else "", live.get(category, 0)],
            }
        )
    return {
        "key": "report",
        "title": _("Rapportens tall og tallene i systemet"),
        "note": _(
            "Rapportens tall er lagrede antall fra Fafo-rapport 2018:46 (linjer %(lines)s). Siste kolonne er avsluttede påmeldinger registrert her, i valgt periode."
        )
        % {"lines": ", ".join(stored["sources"]) or "–"},
        "notes": stored["notes"],
        "chart": "",
        "columns": [[c, c] for c in stored["columns"]]
        + [["sum", _("Sum i rapporten")], ["live", _("Registrert i systemet")]],
        "rows": rows,
    }

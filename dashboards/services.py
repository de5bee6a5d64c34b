"""Building the published figures: facts → tables per node and period → suppression → rows.

`snapshot_build(cutoff=)` is all of it; `snapshot_refresh()` is the periodic job (beat): it
builds the snapshot of the last closed quarter when there is none, and notes when it ran.
"""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import date, timedelta
from urllib.parse import urlencode

from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import NavUnit
from core.models import County
from projects.models import Project

from . import metrics, outcomes, reports
from .models import Snapshot, SnapshotView
from .suppression import Line, Suppressor, display

ALL = "alle"
REFRESH_LOCK = 15_001  # pg_advisory_xact_lock key of the snapshot job


def last_closed_quarter_end(today: date) -> date:
    first_month = 3 * ((today.month - 1) // 3) + 1
    return date(today.year, first_month, 1) - timedelta(days=1)


def period_options(cutoff: date) -> list[tuple[str, str, date | None, date]]:
    """(key, label, first day or None, last day): overlapping options on purpose; suppression
    treats every option (and every earlier snapshot) as something an attacker also has."""
    year_end = date(cutoff.year - 1, 12, 31)
    return [
        ("12m", _("Siste 12 måneder"), _twelve_months_before(cutoff), cutoff),
        (
            f"ar-{cutoff.year}",
            _("%(year)s til og med %(date)s") % {"year": cutoff.year, "date": cutoff.strftime("%d.%m.%Y")},
            date(cutoff.year, 1, 1),
            cutoff,
        ),
        (f"ar-{cutoff.year - 1}", str(cutoff.year - 1), date(cutoff.year - 1, 1, 1), year_end),
        ("alt", _("Alle år"), None, cutoff),
    ]


def _twelve_months_before(cutoff: date) -> date:
    """The first day of the twelve whole months that end with the cutoff's month."""
    months = cutoff.year * 12 + cutoff.month - 1 - 11
    return date(months // 12, months % 12 + 1, 1)


def node_of(kind: str, pk) -> str:
    return f"{kind}-{pk}"


def _fact_nodes(fact) -> list[str]:
    return [
        ALL,
        node_of("region", fact.county_id),
        node_of("kontor", fact.office_id),
        node_of("prosjekt", fact.project_id),
    ]


def _candidate_nodes(fact) -> list[str]:
    return [ALL, node_of("region", fact.county_id), node_of("kontor", fact.office_id)]


def snapshot_build(*, cutoff: date) -> Snapshot:
    """Compute and store every node's tables for every period option as of `cutoff`."""
    started = time.monotonic()
    bookings = outcomes.load_bookings(cutoff)
    facts, ctx = metrics.load_enrolment_facts(cutoff, bookings)
    candidate_facts = metrics.load_candidate_facts(cutoff)
    places = outcomes.load_event_places(cutoff)
    board = outcomes.load_board(cutoff)
    board_names = outcomes.board_names(board)
    periods = period_options(cutoff)

    # Facts per node and period.
    per_node: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for fact in facts:
        for key, _label, first, last in periods:
            if (first is None or fact.enrolled_on >= first) and fact.enrolled_on <= last:
                for node in _fact_nodes(fact):
                    per_node[node][key].append(fact)
    candidates_per_node: dict[str, list] = defaultdict(list)
    for fact in candidate_facts:
        for node in _candidate_nodes(fact):
            candidates_per_node[node].append(fact)
    # Bookings at fairs by the event's date (nodes: the candidate's office, the event's project);
    # solved board cases by the day they were solved (nodes: the case's office).
    bookings_per_node = _dated_per_node(bookings, periods, lambda b: b.event_date, _fact_nodes)
    board_per_node = _dated_per_node(board, periods, lambda c: c.closed_on, _candidate_nodes)
    # Every project, county and office has a page (a project has the report's stored tables),
    # whether anything is registered there or not.
    empty = {node_of("prosjekt", pk) for pk in Project.objects.values_list("pk", flat=True)}
    for pk, county_id in NavUnit.objects.filter(kind=NavUnit.Kind.OFFICE).values_list("pk", "county_id"):
        empty |= {node_of("kontor", pk), node_of("region", county_id)}
    nodes = sorted(set(per_node) | set(candidates_per_node) | empty | {ALL})

    # Raw tables.
    tables: dict[tuple[str, str], list[metrics.Table]] = {}
    for node in nodes:
        for key, *_rest in periods:
            node_facts = per_node.get(node, {}).get(key, [])
            built = [fn(node_facts, ctx) for fn in metrics.ENROLMENT_TABLES]
            built.append(outcomes.fair_fill(bookings_per_node.get(node, {}).get(key, []), places))
            if not node.startswith("prosjekt-"):
                built += outcomes.board_tables(board_per_node.get(node, {}).get(key, []), board_names)
                built += [fn(candidates_per_node.get(node, [])) for fn in metrics.CANDIDATE_TABLES]
            tables[(node, key)] = built

    # Values per period, keyed by (node, *canonical); and the lines between them.
    values: dict[str, dict[tuple, int]] = {key: {} for key, *_r in periods}
    shape: dict[str, dict[str, tuple]] = defaultdict(dict)  # node -> table key -> (rows, columns, table)
    for (node, period), node_tables in tables.items():
        for table in node_tables:
            for (row, column), count in table.cells.items():
                values[period][(node, *table.canonical(row, column))] = count
            rows, columns, _t = shape[node].get(table.key, (set(), table.counted_columns(), table))
            rows.update(r for r, _l in table.rows)
            rows.update(r for r, _c in table.cells)
            shape[node][table.key] = (rows, columns, table)

    labels, office_region = _node_labels()
    lines = (
        _within_table_lines(shape) + _cross_table_lines(shape) + _family_lines(nodes, shape, office_region)
    )
    previous = Snapshot.objects.filter(cutoff__lt=cutoff).order_by("-cutoff").first()
    sticky = {tuple(k) for k in previous.hidden_keys} if previous else set()
    hidden = Suppressor(values=values, lines=lines, sticky=sticky).run()

    project_ids = [int(n.split("-")[1]) for n in nodes if n.startswith("prosjekt-")]
    goals = reports.goal_rows_for(project_ids)
    stored = reports.report_tables_for(project_ids)
    views = []
    for (node, period), node_tables in tables.items():
        data = {"tables": [_serialise(node, t, values[period], hidden) for t in node_tables]}
        data["tables"][1:1] = [
            _serialise_children(node, kind, children, values[period], hidden, labels)
            for kind, children in _children(node, nodes, office_region)
            if children
        ]
        if node.startswith("prosjekt-"):
            project_id = int(node.split("-")[1])
            data["goals"] = goals.get(project_id, [])
            data["report"] = reports.report_table(stored.get(project_id), data["tables"])
        views.append(
            SnapshotView(
                node=node,
                period=period,
                label=labels.get(node, node),
                data=data,
                html=_render(node, period, data),
            )
        )

    with transaction.atomic():
        Snapshot.objects.filter(cutoff=cutoff).delete()
        now = timezone.now()
        snapshot = Snapshot.objects.create(
            cutoff=cutoff,
            built_at=now,
            checked_at=now,
            build_ms=int((time.monotonic() - started) * 1000),
            periods=[[key, str(label)] for key, label, *_r in periods],
            hidden_keys=sorted([list(k) for k in hidden | sticky]),
        )
        for view in views:
            view.snapshot = snapshot
        SnapshotView.objects.bulk_create(views, batch_size=500)
    return snapshot


def _dated_per_node(items, periods, day_of, nodes_of) -> dict[str, dict[str, list]]:
    out: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for item in items:
        day = day_of(item)
        for key, _label, first, last in periods:
            if (first is None or day >= first) and day <= last:
                for node in nodes_of(item):
                    if node != node_of("prosjekt", None):
                        out[node][key].append(item)
    return out


def snapshot_refresh(*, today: date | None = None) -> Snapshot:
    """The periodic job: build the last closed quarter's snapshot once; otherwise only note the
    check (the page shows both times). A built snapshot is never rebuilt: figures stay put."""
    cutoff = last_closed_quarter_end(today or timezone.localdate())
    with transaction.atomic():
        # Two runs at once (a slow build overlapping the next tick) build it once.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REFRESH_LOCK])
        snapshot = Snapshot.objects.filter(cutoff=cutoff).first()
        if snapshot is None:
            return snapshot_build(cutoff=cutoff)
        snapshot.checked_at = timezone.now()
        snapshot.save(update_fields=["checked_at"])
        return snapshot


def node_query(node: str, period: str) -> str:
    """The page's query string for a node and period (filters of the form)."""
    if node == ALL:
        return urlencode({"periode": period})
    kind, pk = node.split("-", 1)
    return urlencode({kind: pk, "periode": period})


def _render(node: str, period: str, data: dict) -> str:
    """The view's tables as HTML, rendered once: pages on the large data set stay fast."""
    for table in data["tables"]:
        for row in table["rows"]:
            if row.get("link"):
                row["query"] = node_query(row["link"], period)
    return render_to_string(
        "dashboards/_view.html",
        {
            "tables": data["tables"],
            "goals": data.get("goals"),
            "report": data.get("report"),
            "query": node_query(node, period),
        },
    )


# --- Lines ----------------------------------------------------------------------------------


def _within_table_lines(shape) -> list[Line]:
    lines = []
    for node, node_tables in shape.items():
        for rows, columns, table in node_tables.values():
            for total, parts in table.column_sums:
                for row in sorted(rows):
                    lines.append(
                        Line(
                            total=(node, *table.canonical(row, total)),
                            parts=[(node, *table.canonical(row, c)) for c in parts],
                        )
                    )
            if not table.total_row:
                continue
            for column in columns:
                lines.append(
                    Line(
                        total=(node, *table.canonical(metrics.TOTAL, column)),
                        parts=[
                            (node, *table.canonical(r, column)) for r in sorted(rows) if r != metrics.TOTAL
                        ],
                    )
                )
    return lines


def _cross_table_lines(shape) -> list[Line]:
    """Figures that add up across tables: the funnel's last step is the sum of the exit table's
    rows for work and education."""
    lines = []
    for node, node_tables in shape.items():
        if "exit" not in node_tables:
            continue
        _rows, _columns, exit_table = node_tables["exit"]
        lines.append(
            Line(
                total=(node, "totals", metrics.TOTAL, "work_or_education"),
                parts=[(node, *exit_table.canonical(str(r), "n")) for r in sorted(metrics.WORK_OR_EDUCATION)],
            )
        )
    return lines


def _children(node: str, nodes: list[str], office_region: dict) -> list[tuple[str, list[str]]]:
    if node == ALL:
        return [
            ("region", [n for n in nodes if n.startswith("region-")]),
            ("prosjekt", [n for n in nodes if n.startswith("prosjekt-")]),
        ]
    if node.startswith("region-"):
        return [("kontor", [n for n in nodes if n.startswith("kontor-") and office_region.get(n) == node])]
    return []


def _family_lines(nodes: list[str], shape, office_region: dict) -> list[Line]:
    lines = []
    for parent in nodes:
        for kind, children in _children(parent, nodes, office_region):
            for rows, columns, table in shape.get(parent, {}).values():
                if kind == "prosjekt" and table.population != "enrolments":
                    continue
                seen = set()
                for row in rows:
                    for column in columns:
                        key = table.canonical(row, column)
                        if key in seen:
                            continue
                        seen.add(key)
                        lines.append(Line(total=(parent, *key), parts=[(child, *key) for child in children]))
    return lines


def _node_labels() -> tuple[dict[str, str], dict[str, str]]:
    labels = {ALL: _("Alle enheter og prosjekter")}
    office_region = {}
    for pk, name in County.objects.values_list("pk", "name"):
        labels[node_of("region", pk)] = name
    for pk, name, county_id in NavUnit.objects.values_list("pk", "name", "county_id"):
        labels[node_of("kontor", pk)] = name
        office_region[node_of("kontor", pk)] = node_of("region", county_id)
    for pk, name in Project.objects.values_list("pk", "name"):
        labels[node_of("prosjekt", pk)] = name
    return labels, office_region


# --- Serialising what a page and an export show ---------------------------------------------


def _serialise(node: str, table: metrics.Table, values: dict, hidden: set) -> dict:
    rows = []
    row_keys = [r for r, _l in table.rows]
    extra = sorted({r for r, _c in table.cells} - set(row_keys))
    labels = dict(table.rows)
    for row in [*row_keys[:-1], *extra, *row_keys[-1:]] if table.total_row else [*row_keys, *extra]:
        cells = []
        for column, _label in table.columns:
            if (row, column) in table.fixed:
                cells.append(table.fixed[(row, column)])
                continue
            if table.ratio and column == table.ratio[0]:
                cells.append(None)  # filled in below from the shown cells
                continue
            key = (node, *table.canonical(row, column))
            cells.append(display(values.get(key, 0), key in hidden))
        if table.ratio:
            cells = _with_ratio(table, cells)
        rows.append(
            {"key": row, "label": str(labels.get(row, row)), "cells": cells, "total": row == metrics.TOTAL}
        )
    return {
        "key": table.key,
        "title": str(table.title),
        "note": str(table.note),
        "chart": table.chart,
        "columns": [[c, str(label)] for c, label in table.columns],
        "rows": rows,
    }


def _with_ratio(table: metrics.Table, cells: list) -> list:
    """A percentage of two shown cells; «–» when either is suppressed or the base is zero, so a
    percentage never reveals a hidden count."""
    index = {c: i for i, (c, _l) in enumerate(table.columns)}
    column, numerator, denominator = table.ratio
    top, base = cells[index[numerator]], cells[index[denominator]]
    shown = isinstance(top, int) and isinstance(base, int) and base > 0
    cells[index[column]] = f"{round(100 * top / base)} %" if shown else "–"
    return cells


CHILD_TITLES = {
    "region": "Etter fylke (NAV-kontorenes fylke)",
    "prosjekt": "Etter prosjekt",
    "kontor": "Etter NAV-kontor",
}


def _serialise_children(node, kind, children, values, hidden, labels) -> dict:
    rows = []
    for child in sorted(children, key=lambda n: labels.get(n, n)):
        cells = []
        for stage, _label in metrics.STAGES:
            key = (child, "totals", metrics.TOTAL, stage)
            cells.append(display(values.get(key, 0), key in hidden))
        rows.append({"key": child, "label": labels.get(child, child), "cells": cells, "link": child})
    cells = []
    for stage, _label in metrics.STAGES:
        key = (node, "totals", metrics.TOTAL, stage)
        cells.append(display(values.get(key, 0), key in hidden))
    rows.append({"key": metrics.TOTAL, "label": str(metrics.TOTAL_LABEL), "cells": cells, "total": True})
    return {
        "key": f"by_{kind}",
        "title": _(CHILD_TITLES[kind]),
        "note": "",
        "chart": "",
        "columns": [[c, str(label)] for c, label in metrics.STAGES],
        "rows": rows,
    }

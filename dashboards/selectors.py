"""Reads of the dashboards: the latest snapshot, the nodes a user may open, one view."""

from __future__ import annotations

from .models import Snapshot, SnapshotView
from .rules import allowed_nodes

KIND_ORDER = {"alle": 0, "prosjekt": 1, "region": 2, "kontor": 3}


def latest_snapshot() -> Snapshot | None:
    return Snapshot.objects.order_by("-cutoff").defer("hidden_keys").first()


def dashboard_nodes(user, snapshot: Snapshot) -> list[tuple[str, str]]:
    """(node, label) the user may open in this snapshot, all first, then projects, regions, offices."""
    allowed = allowed_nodes(user)
    first_period = snapshot.periods[0][0]
    rows = SnapshotView.objects.filter(snapshot=snapshot, period=first_period)
    if allowed is not None:
        rows = rows.filter(node__in=allowed)
    nodes = list(rows.values_list("node", "label"))
    return sorted(nodes, key=lambda n: (KIND_ORDER[n[0].split("-")[0]], n[1], n[0]))


def dashboard_view(
    *, snapshot: Snapshot, node: str, period: str, with_data: bool = False
) -> SnapshotView | None:
    """One view; the page needs only its rendered HTML, the export only its data (the largest
    view's HTML is about five times its data: reading both made the export the slowest request)."""
    views = SnapshotView.objects.filter(snapshot=snapshot, node=node, period=period)
    return (views.defer("html") if with_data else views.defer("data")).first()

"""One published table of raw counts (rows × columns), before suppression; shared by the metric
modules (`metrics`, `outcomes`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from candidates.models import AgeBand

UNDER_30 = frozenset({AgeBand.UNDER_20, AgeBand.FROM_20_TO_24, AgeBand.FROM_25_TO_29})
TOTAL = "total"
TOTAL_LABEL = _("Totalt")


@dataclass
class Table:
    key: str
    title: str
    columns: list  # [(key, label)]
    rows: list  # [(key, label)]
    cells: dict  # (row, column) -> int
    total_row: bool = False  # the last row is the sum of the others, per column
    shares_totals: bool = False  # the total row is the node's funnel (same figures)
    population: str = "enrolments"
    note: str = ""
    chart: str = "bar"
    # The total row is another table's figure too: the funnel ("totals") or a shared key.
    totals_as: str = ""
    # [(total column, [part columns])]: columns that add up, per row (splits side by side).
    column_sums: list = field(default_factory=list)
    # Cells that count no people (a fair's places): shown as they are, never suppressed.
    fixed: dict = field(default_factory=dict)
    # (column, numerator column, denominator column): a percentage drawn from shown cells only.
    ratio: tuple | None = None

    def canonical(self, row: str, column: str) -> tuple:
        """The figure's identity across tables: the same number is one key everywhere."""
        if self.key == "funnel":
            return ("totals", TOTAL, row)
        alias = self.totals_as or ("totals" if self.shares_totals else "")
        if alias and row == TOTAL:
            return (alias, TOTAL, column)
        return (self.key, row, column)

    def counted_columns(self) -> list[str]:
        """The columns that count people (suppressed, and in the sums)."""
        skip = {c for _r, c in self.fixed} | ({self.ratio[0]} if self.ratio else set())
        return [c for c, _l in self.columns if c not in skip]


def age_row(age_band):
    if age_band is None:
        return "unknown"
    return "under_30" if age_band in UNDER_30 else "30_plus"

"""Small-cell suppression for every figure the dashboards publish (docs/apps/dashboards.md).

A *key* is one published figure independent of the period: (node, table, row, column). The
same key is published once per period option. Three kinds of linear relation tie keys together,
and an attacker can subtract along any of them:

- a table's total row is the sum of its other rows (per column),
- a parent node is the sum of its children (all offices of a region, all regions, all projects),
- a period is a sum of smaller periods; and a figure published last quarter or last week is the
  same key with other values.

The method:

1. *Primary*: a key is hidden in every period if it counts 1–4 people in *any* period option
   (and stays hidden in every later snapshot: `sticky`). A hidden key is therefore hidden in all
   periods, so relations along time never involve a visible and a hidden value of one key.
2. *Complementary*: every line (a total and its parts, in every period) is checked with the
   domains an attacker knows: a shown cell is exact, "<5" is 1–4, "x" is 0 or at least 5. If
   a hidden cell counting 1–4 people has exactly one feasible value, one more cell of that line
   is hidden (the shown part with the smallest value above zero, else the total), and
   everything is checked again until nothing changes. (A hidden zero or a large complement
   that can be worked out reveals no small group, and is allowed.)

`tests/dashboards/test_suppression_attack.py` plays the attacker with exact linear algebra over
every table, export, node and period a user reaches, and with the interval domains above.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

THRESHOLD = 5
LESS_THAN = "<5"
HIDDEN = "x"

Key = tuple  # (node, table, row, column)


@dataclass
class Line:
    total: Key
    parts: list[Key]


@dataclass
class Suppressor:
    """values[period][key] = count; lines are period-free."""

    values: dict[str, dict[Key, int]]
    lines: list[Line]
    sticky: set[Key] = field(default_factory=set)
    hidden: set[Key] = field(default_factory=set)
    _index: dict | None = field(default=None, repr=False)

    def run(self) -> set[Key]:
        keys = set()
        for period_values in self.values.values():
            keys.update(period_values)
        self.hidden = {k for k in keys if k in self.sticky}
        for period_values in self.values.values():
            self.hidden.update(k for k, v in period_values.items() if 0 < v < THRESHOLD)
        while True:
            added = set()
            for period in self.values:
                for line in self._violations(period):
                    if added & {line.total, *line.parts}:
                        continue  # this pass already changed the line; look again next pass
                    added.add(self._complement(period, line))
            if not added:
                return self.hidden
            self.hidden |= added

    def _lines_of(self) -> dict[Key, list[int]]:
        """cell -> the positions of the lines it is in."""
        if self._index is None:
            self._index = {}
            for i, line in enumerate(self.lines):
                for cell in (line.total, *line.parts):
                    self._index.setdefault(cell, []).append(i)
        return self._index

    def value(self, period: str, key: Key) -> int:
        return self.values[period].get(key, 0)

    def _violations(self, period: str) -> list[Line]:
        """Lines through which an attacker works out a small hidden cell in this period.

        The attacker knows every shown cell, and (conservatively) every hidden zero: a zero can
        be known from the structure (nobody of that kind started in that period). From those,
        any line with one unknown left gives it away (subtraction, repeated until nothing new
        follows); a line with several unknown cells gives a small one away when the domains
        ("<5" is 1–4, "x" is 0 or at least 5) leave it one value.
        """
        values = self.values[period]
        secret = {k for k in self.hidden if values.get(k, 0) != 0}
        # Only lines with a hidden non-zero cell can give anything away (in their usual order).
        index = self._lines_of()
        lines = [self.lines[i] for i in sorted({i for k in secret for i in index.get(k, ())})]
        deduced: set[Key] = set()
        out: list[Line] = []
        changed = True
        while changed:
            changed = False
            for line in lines:
                unknown = [k for k in (line.total, *line.parts) if k in secret and k not in deduced]
                if len(unknown) == 1:
                    deduced.add(unknown[0])
                    changed = True
                    if 0 < values.get(unknown[0], 0) < THRESHOLD:
                        out.append(line)
                elif len(unknown) > 1 and line.total not in unknown:
                    rest = values.get(line.total, 0) - sum(
                        values.get(k, 0) for k in line.parts if k not in unknown
                    )
                    small = [i for i, k in enumerate(unknown) if 0 < values.get(k, 0) < THRESHOLD]
                    if small and any_determined(
                        [domain(values.get(k, 0), rest) for k in unknown], rest, only=small
                    ):
                        out.append(line)
        return out

    def _complement(self, period: str, line: Line) -> Key:
        """Hide the shown part of the line with the smallest count above zero in this period
        (a hidden zero protects nothing); failing that, the line's total."""
        shown = [k for k in line.parts if k not in self.hidden and self.value(period, k) > 0]
        if shown:
            return min(shown, key=lambda k: (self.value(period, k), k))
        if line.total not in self.hidden:
            return line.total
        # Everything in the line is hidden already, yet a small cell follows from other lines:
        # hide the smallest positive part of any line that shares a cell with this one.
        # (Through an index of the lines per cell: scanning every line here took half the
        # build on the large data set.)
        others = {i for cell in (line.total, *line.parts) for i in self._lines_of().get(cell, ())}
        candidates = [
            k
            for i in sorted(others)
            for k in (self.lines[i].total, *self.lines[i].parts)
            if k not in self.hidden and self.value(period, k) > 0
        ]
        return min(candidates, key=lambda k: (self.value(period, k), k)) if candidates else line.total


def domain(value: int, limit: int) -> list[tuple[int, int]]:
    """What an attacker knows of a hidden cell: intervals of possible values within 0..limit."""
    if 0 < value < THRESHOLD:
        return [(1, min(THRESHOLD - 1, limit))] if limit >= 1 else []
    # "x": zero, or at least the threshold.
    return [(0, 0)] + ([(THRESHOLD, limit)] if limit >= THRESHOLD else [])


def _shift_fill(acc: int, low: int, high: int) -> int:
    """OR of acc << s for every s in low..high (doubling, so fast for wide intervals)."""
    y = acc << low
    width = high - low + 1
    covered = 1
    while covered * 2 <= width:
        y |= y << covered
        covered *= 2
    if covered < width:
        y |= y << (width - covered)
    return y


def _sums(domains: Iterable[list[tuple[int, int]]], limit: int) -> int:
    mask = (1 << (limit + 1)) - 1
    acc = 1
    for intervals in domains:
        acc = 0 if not intervals else _or_all(_shift_fill(acc, a, b) for a, b in intervals) & mask
    return acc


def _or_all(values) -> int:
    out = 0
    for v in values:
        out |= v
    return out


def any_determined(domains: list[list[tuple[int, int]]], total: int, only=None) -> bool:
    """True when, given the parts' domains and their known sum, some part (of `only`, default
    all) has one feasible value."""
    if total < 0:
        return True
    for i, intervals in enumerate(domains):
        if only is not None and i not in only:
            continue
        others = _sums(domains[:i] + domains[i + 1 :], total)
        feasible = 0
        for a, b in intervals:
            lo, hi = max(total - b, 0), total - a
            if hi < lo:
                continue
            feasible += ((others >> lo) & ((1 << (hi - lo + 1)) - 1)).bit_count()
        if feasible <= 1:
            return True
    return False


def display(value: int, hidden: bool) -> int | str:
    if not hidden:
        return value
    return LESS_THAN if 0 < value < THRESHOLD else HIDDEN

"""«Mine oppfølginger» reads its sections in one SQL statement each (issue 16): the first rows and
the exact counts must be those of the sections read in full through the ORM (`my_section`)."""

import datetime

import pytest

from placements import selectors, services
from tests.candidates.factories import make_candidate

from .conftest import START, make_active

pytestmark = pytest.mark.django_db


def _expected_follow_ups(user, today, limit):
    sections = {}
    for key, count, section in (("overdue", "overdue_count", "forfalt"), ("this_week", "week_count", "uke")):
        rows = list(selectors.my_section(user=user, today=today, section=section))
        sections[key] = selectors.label_follow_ups(user=user, today=today, rows=rows[:limit])
        sections[count] = len(rows)
    return sections


def test_follow_up_sections_match_the_full_sections(draft, veileder, radgiver):
    placement = make_active(draft, veileder)
    for n, day in enumerate((3, 3, 9, 20, 20, 21, 22, 23, 24, 27)):
        services.follow_up_add(
            placement=placement, by=veileder, title=f"Ekstra {n}", due_on=datetime.date(2026, 4, day)
        )
    # Before anything is due, a Monday with both sections longer than the limit, a Sunday (the
    # week is one day), and a day after the last one (nothing this week).
    days = (START - datetime.timedelta(days=30), datetime.date(2026, 4, 20), datetime.date(2026, 4, 26))
    for today in (*days, datetime.date(2026, 12, 31)):
        for limit in (2, 10):
            found = selectors.my_follow_ups(user=veileder, today=today, limit=limit)
            expected = _expected_follow_ups(veileder, today, limit)
            assert {key: found[key] for key in expected} == expected, (today, limit)
            assert found["week_end"] == selectors.week_end_of(today) and found["limit"] == limit
    # Both sections non-empty and cut by the limit at least once, so the test covers the cut.
    busy = selectors.my_follow_ups(user=veileder, today=datetime.date(2026, 4, 20), limit=2)
    assert busy["overdue_count"] > 2 and busy["week_count"] > 2 and len(busy["this_week"]) == 2
    # Someone responsible for nothing: empty sections, counts 0.
    empty = selectors.my_follow_ups(user=radgiver, today=datetime.date(2026, 4, 20))
    assert (empty["overdue"], empty["this_week"], empty["overdue_count"], empty["week_count"]) == (
        [],
        [],
        0,
        0,
    )


def test_open_placements_match_the_full_section(draft, office, veileder, radgiver, employer):
    drafts = [
        services.placement_create_draft(
            candidate=make_candidate(office=office, by=veileder),
            employer=employer,
            by=veileder,
            planned_start=START + datetime.timedelta(days=7 * (n % 2)),
            planned_end=START + datetime.timedelta(days=90),
        )
        for n in range(5)
    ]
    services.placement_cancel(placement=drafts[0], by=veileder, reason="ikke_mott")  # not open
    make_active(draft, veileder)
    for user in (veileder, radgiver):
        full = selectors.placement_rows(selectors.my_section(user=user, today=START, section="tiltak"))
        for limit in (2, 10):
            found = selectors.my_placements(user=user, limit=limit)
            assert found == {"placements": full[:limit], "placements_count": len(full)}, (user, limit)
    assert selectors.my_placements(user=veileder)["placements_count"] == 5
    assert selectors.my_placements(user=radgiver)["placements_count"] == 1  # the adviser of one

"""A need's ranking of profiles, kept in PostgreSQL beside the rows it was ranked from (issue 16).

Ranking the profiles for a need searches a county's profiles (8 ms of the database per request on
the large data set), and the same ranking is asked for again and again while nothing it reads
changes: a counsellor proposes a candidate and comes back to the ranking, pages back and forth,
opens the need page (its panel is the top 5), or several counsellors open the same need after the
Monday e-mail. An entry holds only what `ranking.rank_profiles` returns — profile ids, score
components, whether the hard filters are met — never a name: names, the on-list flag and the
access log are read fresh by the selector on every request.

Why the database and not Redis: an entry is right only while the rows the ranking read are
unchanged, and only the database can tell that in the same snapshot and the same transaction.
A trigger on `matching_profileterms` counts, for each statement that writes it, a change for
each county whose profiles' match rows it changed (their own county and the counties they travel
to, before and after; `ProfileTermsChange`, migration 0006). A strict ranking reads only the
profiles of the need's county or travelling there, so its version is the count of that county's
changes (and county 0's: a TRUNCATE); the ranking without the hard filters reads every county, so
its version counts them all. Every change raises the version, in the writing transaction at once
and for everyone at its commit, and the version is read before the ranking, so an entry whose
version equals the current one was ranked from a snapshot at least as new as the reader's. An
entry written inside a transaction that is rolled back disappears with it (no cache outside the
database could promise that), so an uncommitted change is never served to anyone else.

The key is a digest of everything the ranking reads of the need (the query's component and filter
SQL with its parameters: occupation, terms, offers, place, dates, age limits on the day), the page
asked for, and the code of the ranking and scoring modules (a deploy that changes how profiles
are ranked never reads an older entry). One row per key, overwritten; `sweep` folds old change
rows (sums unchanged) and drops entries not stored for a day.
"""

import datetime
import hashlib
import json
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from . import ranking, scoring
from .ranking import Ranked
from .scoring import COMPONENTS, NeedFacts

_CODE = hashlib.sha256(Path(ranking.__file__).read_bytes() + Path(scoring.__file__).read_bytes()).hexdigest()

# The version and the entry in one statement (one round trip on a hit). The change rows of a
# county are read from the covering index (county_id INCLUDE weight).
_LOOKUP = """
    SELECT v.version, c.result
    FROM (SELECT COALESCE(sum(weight), 0) AS version FROM matching_profiletermschange {where}) v
    LEFT JOIN matching_rankingcache c ON c.key = %s AND c.version = v.version
"""

# A slower ranking of an older version never overwrites a newer one.
_STORE = """
    INSERT INTO matching_rankingcache (key, version, result, stored_at) VALUES (%s, %s, %s, now())
    ON CONFLICT (key) DO UPDATE
    SET version = EXCLUDED.version, result = EXCLUDED.result, stored_at = EXCLUDED.stored_at
    WHERE matching_rankingcache.version <= EXCLUDED.version
"""

KEEP_ENTRIES = datetime.timedelta(days=1)


def _key(need: NeedFacts, *, top: int, strict: bool, offset: int) -> str:
    material = [_CODE, ranking.profiles_query_material(need), top, strict, offset]
    return hashlib.sha256(json.dumps(material, default=str).encode()).hexdigest()


def rank_profiles(need: NeedFacts, *, top: int = 20, strict: bool = True, offset: int = 0) -> list[Ranked]:
    """ranking.rank_profiles(need, …), from the cache when no profile it could read has changed."""
    key = _key(need, top=top, strict=strict, offset=offset)
    if strict and need.county_id is not None:
        where, params = "WHERE county_id = ANY(%s)", [[need.county_id, 0]]
    else:
        where, params = "", []
    with connection.cursor() as cursor:
        cursor.execute(_LOOKUP.format(where=where), [*params, key])
        version, result = cursor.fetchone()
    if result is not None:
        rows = json.loads(result) if isinstance(result, str) else result
        return [
            Ranked(pk=pk, key=code, components=dict(zip(COMPONENTS, values, strict=True)), meets=meets)
            for pk, code, values, meets in rows
        ]
    ranked = ranking.rank_profiles(need, top=top, strict=strict, offset=offset)
    rows = [[r.pk, r.key, [r.components[name] for name in COMPONENTS], r.meets] for r in ranked]
    with connection.cursor() as cursor:
        cursor.execute(_STORE, [key, version, json.dumps(rows)])
    return ranked


def sweep(*, now=None) -> tuple[int, int]:
    """Fold each county's change rows into one (the sums, so every version, stay the same) and
    drop entries stored more than KEEP_ENTRIES ago. Returns (counties kept, entries dropped).
    Rows of transactions still running are not visible here and stay as they are."""
    now = now or timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """
            WITH gone AS (DELETE FROM matching_profiletermschange RETURNING county_id, weight)
            INSERT INTO matching_profiletermschange (county_id, txid, weight)
            SELECT county_id, txid_current(), sum(weight) FROM gone GROUP BY county_id
            """
        )
        counties = cursor.rowcount
        cursor.execute("DELETE FROM matching_rankingcache WHERE stored_at < %s", [now - KEEP_ENTRIES])
        dropped = cursor.rowcount
    return counties, dropped

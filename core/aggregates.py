"""Counts for home pages and statistics, kept in the cache until the rows they count change.

An aggregate over thousands of rows on every home-page view is the largest cost of the leaders'
and counsellors' pages (issue 16). `cached(key, compute)` keeps the result for `AGGREGATE_SECONDS`;
the app that owns the rows calls `forget(keys)` when one of them changes (now, and again after
commit, so a request that read the old rows during the write cannot keep them). Writes that go
around the models' save (bulk updates) are covered by the time limit. Redis down: computed each
time, never an error.
"""

import logging

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

AGGREGATE_SECONDS = 5 * 60


def cached(key: str, compute, timeout: int = AGGREGATE_SECONDS):
    try:
        value = cache.get(key)
    except Exception:  # Redis down: the page still works
        logger.warning("cache unavailable for %s", key)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, timeout)
        except Exception:
            logger.warning("cache unavailable for %s", key)
    return value


def forget(keys: list[str]) -> None:
    def drop():
        try:
            cache.delete_many(keys)
        except Exception:
            logger.warning("cache unavailable; %s expire by themselves", keys)

    drop()
    transaction.on_commit(drop)

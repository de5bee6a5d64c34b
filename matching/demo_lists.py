"""Candidate lists, a shared link and board cases for the demo (filled in below)."""

from core.demo import DemoContext


def seed_lists(ctx: DemoContext) -> None:
    return

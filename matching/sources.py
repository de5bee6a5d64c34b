"""Places other than open needs that a candidate is ranked against, contributed by apps above
matching.

Matching ranks open needs itself. An app higher up knows other places a candidate could go — job
fairs know the free interview places at upcoming fairs — but matching may not import it (the
import-linter layers in pyproject.toml put matching below jobfairs). So such an app registers a
source here in its AppConfig.ready(); `selectors.candidate_suggestions` asks every source for the
places it offers this candidate and scores them with the same scorer and explanation as needs.

A source is a callable `source(*, user, candidate, profile, today) -> list[Place]`: the places the
user may see, in the regions the candidate can reach (own county and travel counties); the
filters and the score are applied here, from the place's facts.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from .scoring import NeedFacts, ProfileFacts


@dataclass
class Place:
    """One rankable place from a source, described for a list row."""

    key: str  # unique and stable across requests: breaks ties after needs ("jobbmesse:12")
    kind: str  # what it is, shown before the title ("Jobbmesse")
    title: str
    detail: str  # one muted line: employer, date, free places
    url: str  # where the counsellor acts on it (book, read more)
    facts: NeedFacts  # what the filters and the score read, exactly as for a need
    action: str = ""  # the link text for `url` in the list's last column


Source = Callable[..., list[Place]]

_SOURCES: dict[str, Source] = {}


def register(name: str, source: Source) -> None:
    """Add a source (idempotent per name, so a second ready() does not double the places)."""
    _SOURCES[name] = source


def places_for(*, user, candidate, profile: ProfileFacts, today: datetime.date) -> list[Place]:
    """Every registered source's places for this candidate, in source-name order."""
    out: list[Place] = []
    for name in sorted(_SOURCES):
        out += _SOURCES[name](user=user, candidate=candidate, profile=profile, today=today)
    return out

"""Speed-interview rotation arithmetic (Springbrett, L3318–3331), with no database.

The rooms (one per employer) and the rounds (the run sheet's slots) form a grid. A *lane* is one
candidate's walk through it: in round r the candidate of lane k is in room (k + r) mod rooms — a
Latin square, so in every round each room holds one lane and no lane is in two rooms. When the run
sheet has more rounds than rooms, a second *wave* of lanes uses the next `rooms` rounds. Lanes
partition the grid, so a lane whose slots are all free can be booked without touching any other.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Lane:
    index: int  # 0-based; shown as index + 1
    wave: int
    steps: tuple[tuple[int, int], ...]  # (round, room) in time order


def lanes(*, rooms: int, rounds: int) -> list[Lane]:
    """Every lane of a rotation with `rooms` rooms over `rounds` rounds."""
    if rooms <= 0 or rounds <= 0:
        return []
    out = []
    waves = -(-rounds // rooms)
    for wave in range(waves):
        first = wave * rooms
        last = min(first + rooms, rounds)
        for k in range(rooms):
            steps = tuple((r, (k + r - first) % rooms) for r in range(first, last))
            out.append(Lane(index=wave * rooms + k, wave=wave, steps=steps))
    return out


def meetings_per_candidate(*, rooms: int, rounds: int) -> int:
    """How many employers one candidate meets (all of them when there are rounds enough)."""
    return min(rooms, rounds)

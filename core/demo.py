"""Demo data registry. Each app adds a seeder in its own demo.py; `seed_demo` runs them in order.

Seeders must be idempotent (natural keys, update_or_create / bulk_create(ignore_conflicts=True))
and deterministic for a given --seed (use ctx.rng and ctx.faker, never the global random).
"""

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from faker import Faker
from tqdm import tqdm

SMALL = "small"
LARGE = "large"


@dataclass
class DemoContext:
    seed: int
    scale: str
    stdout: object
    rng: random.Random = field(init=False)
    faker: Faker = field(init=False)

    def __post_init__(self):
        self.rng = random.Random(self.seed)
        self.faker = Faker("no_NO")  # Faker names the Norwegian (bokmål) locale no_NO
        self.faker.seed_instance(self.seed)

    @property
    def large(self) -> bool:
        return self.scale == LARGE

    def progress(self, iterable: Iterable, *, total: int | None = None, desc: str = ""):
        """A progress bar for the slow parts of --scale large; silent on small."""
        if not self.large:
            return iterable
        return tqdm(iterable, total=total, desc=desc, unit="rader", file=self.stdout, mininterval=0.5)

    def say(self, message: str) -> None:
        self.stdout.write(message + "\n")


@dataclass(frozen=True)
class Seeder:
    name: str
    order: int
    func: Callable[[DemoContext], None]

    @property
    def app(self) -> str:
        return self.func.__module__.split(".")[0]


_seeders: dict[str, Seeder] = {}


def seeder(*, name: str, order: int):
    """Register `func(ctx)` as a demo seeder; lower order runs first (accounts is 10)."""

    def decorate(func):
        _seeders[name] = Seeder(name=name, order=order, func=func)
        return func

    return decorate


def seeders() -> list[Seeder]:
    return sorted(_seeders.values(), key=lambda s: s.order)

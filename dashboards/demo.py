"""Demo data: the published figures of the last closed quarter (what the hourly job builds)."""

from core.demo import DemoContext, seeder


@seeder(name="Resultater", order=70)
def seed_dashboards(ctx: DemoContext) -> None:
    from .services import snapshot_refresh

    snapshot = snapshot_refresh()
    ctx.say(f"  resultattall per {snapshot.cutoff}")

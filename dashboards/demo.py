"""The demo's statistics: rolled up from the demo complaints once they are all in."""

from . import rollup


def seed_statistics(ctx) -> None:
    result = rollup.rebuild()
    ctx.log(f"statistics rolled up in {result.seconds:.1f}s")

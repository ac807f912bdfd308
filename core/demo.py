"""Demo data orchestration for ``manage.py seed_demo``.

Each app says on its AppConfig what it seeds and when: ``demo_steps`` lists ``(order, "dotted.path")``
seeders, each called with the shared :class:`SeedContext`; ``demo_tables`` lists the tables
``--replace`` empties (tables of apps above them are emptied through CASCADE). The command runs all
steps in order, so no layer imports another one's demo module.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field

from django.apps import apps
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Scale:
    cities: int
    districts: int  # per city
    streets: int  # per district
    communities: int  # per street
    enterprises: int
    projects: int


SCALES = {
    "small": Scale(cities=1, districts=3, streets=3, communities=3, enterprises=40, projects=300),
    # About the source documents' city: ≈3,400 projects, ≈640 enterprises.
    "city": Scale(cities=1, districts=8, streets=6, communities=5, enterprises=640, projects=3400),
    # The design point: ≈20,000 enterprises and ≈60,000 projects in a province.
    "province": Scale(cities=16, districts=8, streets=8, communities=6, enterprises=20000, projects=60000),
}


@dataclass
class SeedContext:
    """What one seeding run shares between the apps' seeders."""

    scale: Scale
    seed: int
    scale_name: str = "small"
    stdout: object = None
    rng: random.Random = field(init=False)
    fake: object = field(init=False)
    started: float = field(default_factory=time.monotonic)

    def __post_init__(self):
        from faker import Faker

        self.rng = random.Random(self.seed)
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(self.seed)

    def log(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(f"[{time.monotonic() - self.started:6.1f}s] {message}")


def _ordered_steps() -> list[tuple[int, str, object]]:
    found = [
        (order, path, config) for config in apps.get_app_configs() for order, path in getattr(config, "demo_steps", [])
    ]
    return sorted(found, key=lambda step: step[:2])


def steps() -> list[tuple[object, list[str]]]:
    """Every app's seeders, in the order they must run, each with its app's tables: the command
    analyses them after the step, so that the next steps' queries are planned on what is there
    now (autovacuum cannot see rows of the seed's still-open transaction)."""
    return [
        (import_string(path), [model._meta.db_table for model in config.get_models()])
        for _order, path, config in _ordered_steps()
    ]


def foundation_tables() -> list[str]:
    """The tables of the app seeded first (the region tree): demo data is present when they have rows."""
    first = _ordered_steps()[0][2]
    return list(first.demo_tables)


def tables() -> list[str]:
    """The tables ``seed_demo --replace`` empties (dependants go through CASCADE)."""
    return [table for config in apps.get_app_configs() for table in getattr(config, "demo_tables", [])]

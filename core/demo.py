"""What every app's demo seeder shares: one seeded random generator and what earlier seeders made.

`manage.py seed_demo` runs `seed(ctx)` of each app's demo.py in layer order (portal, registry,
catalog, financing, training, partners, search)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

DEMO_PASSWORD = "etalase-demo-2026"


@dataclass
class DemoContext:
    rng: random.Random
    owners: list = field(default_factory=list)
    businesses: list = field(default_factory=list)
    staff: dict = field(default_factory=dict)
    options: dict = field(default_factory=dict)

"""Demo data: index what the other apps seeded (runs last in seed_demo)."""

from search.reindex import reindex


def seed(ctx) -> None:
    reindex()

"""What every channel format shares: columns, default limits, helpers for values."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation

from partners.readiness import WEEKDAYS, ListingFacts, Problem

# Defaults for every channel; a format overrides some, a Channel record may override any.
COMMON_LIMITS = {
    "name_max": 150,
    "description_max": 200,
    "category_max": 150,
    "composition_max": 500,
    "brand_max": 100,
    "variant_groups_max": 30,
    "variant_options_max": 100,
    "variant_name_max": 100,
    # Image pack: square JPEG, at most image_max_bytes, side between image_min_px and image_px.
    "image_min_px": 500,
    "image_px": 1000,
    "image_max_bytes": 1024 * 1024,
    # The pack crops the centre to 1:1; a source wider than 5:4 would lose too much product.
    "image_max_aspect": 1.25,
    "image_source_max_bytes": 10 * 1024 * 1024,
    "category_item_max": None,
    "price_exponent": 0,
}


@dataclass(frozen=True)
class Column:
    key: str  # field name in the partner feed (JSON)
    header: str  # column header in CSV/XLSX
    kind: str = "text"  # text | int
    limit: str | None = None  # a key of the limits: longer text is trimmed, with a warning


class ChannelFormat:
    code = ""
    kind = "retail"
    columns: tuple[Column, ...] = ()
    default_limits: dict = {}

    def limits(self, overrides: dict | None = None) -> dict:
        return {**COMMON_LIMITS, **self.default_limits, **(overrides or {})}

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]

    def values(self, facts: ListingFacts, limits: dict, *, position: int) -> dict:
        """Untrimmed values keyed by column key; the exporter trims and neutralises them."""
        raise NotImplementedError

    def extra_problems(self, facts: ListingFacts, limits: dict) -> list[Problem]:
        """Channel-specific checks on top of the retail/delivery ones."""
        return []

    @staticmethod
    def image_name(facts: ListingFacts) -> str:
        return f"{facts.product_id}.jpg" if facts.photo else ""


def yes_no(value: bool) -> str:
    return "YA" if value else "TIDAK"


def hours_text(hours: dict) -> str:
    """{"0": ["08:00", "20:00"]} → "Senin 08:00-20:00" (Indonesian day names, as partners read)."""
    parts = []
    # Partner files and the feed are read by the partner, whatever language the caller uses.
    with translation.override("id"):
        for day in sorted(hours or {}, key=int):
            opening, closing = hours[day]
            parts.append(f"{WEEKDAYS[int(day)]} {opening}-{closing}")
    return "; ".join(parts)

"""GoFood (GoBiz menu) item sheet: name ≤ 150, description ≤ 200, integer final price in
rupiah, in_stock, one 1:1 image ≤ 1 MB, operational hours, variant categories."""

from __future__ import annotations

import json

from .base import ChannelFormat, Column, hours_text
from .registry import register


def variant_json(groups: list) -> str:
    if not groups:
        return ""
    return json.dumps(
        [
            {
                "name": g["name"],
                "min": g["min"],
                "max": g["max"],
                "variants": [{"name": o["name"], "price": o.get("price", 0)} for o in g["options"]],
            }
            for g in groups
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )


@register
class GoFoodFormat(ChannelFormat):
    code = "gofood"
    kind = "delivery"
    default_limits = {"name_max": 150, "description_max": 200, "category_max": 150}
    columns = (
        Column("menu_category", "menu_category", limit="category_max"),
        Column("name", "name", limit="name_max"),
        Column("description", "description", limit="description_max"),
        Column("price", "price", kind="int"),
        Column("in_stock", "in_stock"),
        Column("image", "image"),
        Column("outlet", "outlet"),
        Column("operational_hours", "operational_hours"),
        Column("variant_categories", "variant_categories"),
    )

    def values(self, facts, limits, *, position):
        return {
            "menu_category": facts.category_name,
            "name": facts.name,
            "description": facts.description,
            "price": facts.price,
            "in_stock": "true" if facts.availability == "available" else "false",
            "image": self.image_name(facts),
            "outlet": facts.business_name,
            "operational_hours": hours_text(facts.operating_hours),
            "variant_categories": variant_json(facts.variant_groups),
        }

"""GrabFood (GrabMerchant menu) item sheet. Price is in the smallest currency unit: IDR with
exponent 0 (Rp15.000 → 15000; `price_exponent` is data if Grab's partner says otherwise).
Up to 30 modifier groups per item (≤ 100 modifiers each), up to 300 items per category,
optional GTIN barcode. Photo limits are unpublished: the GoFood ones apply."""

from __future__ import annotations

import json

from stdnum import ean

from partners.readiness import Problem
from partners.readiness import cached_gettext_lazy as _

from .base import ChannelFormat, Column, hours_text
from .registry import register

AVAILABLE_STATUS = {"available": "AVAILABLE", "unavailable": "UNAVAILABLE", "hidden": "HIDE"}


def modifier_json(groups: list, exponent: int) -> str:
    if not groups:
        return ""
    return json.dumps(
        [
            {
                "name": g["name"],
                "selectionRangeMin": g["min"],
                "selectionRangeMax": g["max"],
                "modifiers": [{"name": o["name"], "price": o.get("price", 0) * 10**exponent} for o in g["options"]],
            }
            for g in groups
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )


@register
class GrabFoodFormat(ChannelFormat):
    code = "grabfood"
    kind = "delivery"
    default_limits = {
        "name_max": 150,
        "description_max": 200,
        "category_max": 150,
        "category_item_max": 300,
        "variant_groups_max": 30,
        "variant_options_max": 100,
    }
    columns = (
        Column("categoryName", "categoryName", limit="category_max"),
        Column("name", "name", limit="name_max"),
        Column("description", "description", limit="description_max"),
        Column("price", "price", kind="int"),
        Column("availableStatus", "availableStatus"),
        Column("barcode", "barcode"),
        Column("maxStock", "maxStock", kind="int"),
        Column("sequence", "sequence", kind="int"),
        Column("photo", "photo"),
        Column("serviceHours", "serviceHours"),
        Column("modifierGroups", "modifierGroups"),
    )

    def values(self, facts, limits, *, position):
        exponent = limits["price_exponent"]
        return {
            "categoryName": facts.category_name,
            "name": facts.name,
            "description": facts.description,
            "price": facts.price * 10**exponent,
            "availableStatus": AVAILABLE_STATUS.get(facts.availability, "UNAVAILABLE"),
            "barcode": facts.ean13,
            "maxStock": facts.stock,
            "sequence": position,
            "photo": self.image_name(facts),
            "serviceHours": hours_text(facts.operating_hours),
            "modifierGroups": modifier_json(facts.variant_groups, exponent),
        }

    def extra_problems(self, facts, limits):
        if facts.ean13 and not ean.is_valid(facts.ean13):
            return [
                Problem(
                    "barcode_invalid",
                    _("Barcode bukan GTIN-8/12/13/14 yang valid; perbaiki atau kosongkan."),
                    "product",
                )
            ]
        return []

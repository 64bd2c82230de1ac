"""Which training closes which gap of a business: a rule table, plus gap sources that other apps
register (partners: "not ready for a channel" → packaging; financing: "loan rejected, books
missing" → bookkeeping) without training importing them.

    from training import recommendations
    recommendations.register_gap_source(my_source)   # my_source(business) -> iterable of Gap

A rule maps a fact about the business to the programme topics that address it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from registry.models import Business, CertificationKind

from .models import Topic


@dataclass(frozen=True)
class Gap:
    code: str
    label: str | Promise
    topics: tuple[str, ...]


@dataclass(frozen=True)
class BusinessFacts:
    has_nib: bool
    is_food: bool
    certifications: frozenset[str]
    annual_sales: int
    kbli_codes: tuple[str, ...]


FOOD_KBLI_PREFIXES = ("10", "11")


def facts_for(business: Business, *, today: date | None = None) -> BusinessFacts:
    """Expects certifications, kbli_codes and primary_kbli prefetched (no query per business)."""
    today = today or timezone.localdate()
    codes = tuple(
        {k.code for k in business.kbli_codes.all()}
        | ({business.primary_kbli.code} if business.primary_kbli_id else set())
    )
    valid = frozenset(c.kind for c in business.certifications.all() if c.expires_on is None or c.expires_on >= today)
    return BusinessFacts(
        has_nib=bool(business.nib),
        is_food=any(code.startswith(FOOD_KBLI_PREFIXES) for code in codes),
        certifications=valid,
        annual_sales=business.annual_sales,
        kbli_codes=codes,
    )


@dataclass(frozen=True)
class GapRule:
    gap: Gap
    applies: Callable[[BusinessFacts], bool]


RULES: list[GapRule] = [
    GapRule(Gap("no_nib", _("Belum punya NIB"), (Topic.LICENSING,)), lambda f: not f.has_nib),
    GapRule(
        Gap("no_halal", _("Produk pangan belum bersertifikat halal"), (Topic.HALAL,)),
        lambda f: f.is_food and CertificationKind.HALAL not in f.certifications,
    ),
    GapRule(
        Gap("no_pirt", _("Produk pangan belum punya P-IRT atau BPOM"), (Topic.PIRT,)),
        lambda f: f.is_food and not ({CertificationKind.PIRT, CertificationKind.BPOM} & f.certifications),
    ),
    GapRule(Gap("no_sales_record", _("Omzet belum tercatat"), (Topic.BOOKKEEPING,)), lambda f: f.annual_sales == 0),
]

GapSource = Callable[[Business], Iterable[Gap]]
_sources: list[GapSource] = []


def register_gap_source(source: GapSource) -> GapSource:
    if source not in _sources:
        _sources.append(source)
    return source


def gaps_for(business: Business, *, today: date | None = None) -> list[Gap]:
    facts = facts_for(business, today=today)
    gaps = [rule.gap for rule in RULES if rule.applies(facts)]
    for source in _sources:
        gaps.extend(source(business))
    seen, unique = set(), []
    for gap in gaps:
        if gap.code not in seen:
            seen.add(gap.code)
            unique.append(gap)
    return unique

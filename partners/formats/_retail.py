"""Shared value helpers for the retail sheets (Indomaret, Alfamart). Not a channel itself."""

from __future__ import annotations

from partners.readiness import ListingFacts


def permit_text(facts: ListingFacts) -> str:
    if facts.bpom and facts.bpom.number.upper().startswith("MD"):
        return f"BPOM {facts.bpom.number}"
    if facts.pirt:
        return f"P-IRT {facts.pirt.number}"
    return ""


def halal_expiry(facts: ListingFacts) -> str:
    if facts.halal and facts.halal.expires_on:
        return facts.halal.expires_on.isoformat()
    return ""

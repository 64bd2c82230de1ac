"""The one way consent records are written (UU 27/2022): the registration's purposes and the
financing application's data sharing with a bank both come here.

A consent row is never edited: granting again while an identical consent (same person, business,
purpose, recipient and text version) is still active keeps that row, so the owner's privacy page
lists each agreement once; a new text version is a new row."""

from __future__ import annotations

from registry.models import Business, Consent


def consent_grant(
    *,
    user,
    business: Business | None,
    purpose: str,
    text_version: str,
    text: str,
    recipient: str = "",
    collected_by=None,
) -> Consent:
    active = Consent.objects.filter(
        user=user,
        business=business,
        purpose=purpose,
        recipient=recipient,
        text_version=text_version,
        withdrawn_at=None,
    ).first()
    return active or Consent.objects.create(
        user=user,
        business=business,
        purpose=purpose,
        recipient=recipient,
        text_version=text_version,
        text=text,
        collected_by=collected_by,
    )

"""Stripe constants the catalogue relies on.

IDR is a *two-decimal* currency in Stripe's API (https://docs.stripe.com/currencies): amounts
are sent in the minor unit, so Rp 15.000 is `amount=1500000`. Prices in this project are
whole rupiah, hence the factor of 100.
"""

CURRENCY = "idr"
IDR_MINOR_UNITS = 100

PAYMENT_INTENT_SUCCEEDED = "payment_intent.succeeded"
PAYMENT_INTENT_FAILED = "payment_intent.payment_failed"
CHARGE_REFUNDED = "charge.refunded"


def rupiah_to_stripe_amount(rupiah: int) -> int:
    return int(rupiah) * IDR_MINOR_UNITS


def stripe_amount_to_rupiah(amount: int) -> int:
    return int(amount) // IDR_MINOR_UNITS

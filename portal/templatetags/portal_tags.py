from django import template

register = template.Library()


@register.filter
def rupiah(value) -> str:
    """15000 → "Rp 15.000" (Indonesian thousands separator, no decimals)."""
    try:
        amount = int(value)
    except (TypeError, ValueError):
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")


@register.filter
def minutes(value) -> int:
    """A timedelta in whole minutes, rounded up (for "try again in N minutes")."""
    seconds = value.total_seconds() if hasattr(value, "total_seconds") else float(value or 0)
    return int(-(-seconds // 60))

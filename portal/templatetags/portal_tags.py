from django import template
from django.urls import translate_url

from core.rupiah import format_rupiah

register = template.Library()


@register.simple_tag(takes_context=True)
def language_url(context, code: str) -> str:
    """The current page (path and query string) in another language: /produk/?q=x → /en/produk/?q=x."""
    request = context.get("request")
    return translate_url(request.get_full_path(), code) if request else "/"


@register.filter
def rupiah(value) -> str:
    """15000 → "Rp 15.000" (Indonesian thousands separator, no decimals)."""
    try:
        amount = int(value)
    except (TypeError, ValueError):
        return ""
    return format_rupiah(amount)


@register.filter
def minutes(value) -> int:
    """A timedelta in whole minutes, rounded up (for "try again in N minutes")."""
    seconds = value.total_seconds() if hasattr(value, "total_seconds") else float(value or 0)
    return int(-(-seconds // 60))

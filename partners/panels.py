"""The owner dashboard panel: readiness per channel at a glance, linking to /mitra/produk/."""

from core import panels
from partners.selectors import active_channels, owner_readiness


@panels.account.register("partners-readiness", order=40)
def account_partners(request, user, **context):
    if not user.businesses.exists():
        return None
    channels = active_channels()
    table = owner_readiness(user, channels=channels)
    if not table:
        return None
    summary = []
    for index, channel in enumerate(channels):
        cells = [row.channels[index] for row in table]
        summary.append(
            {
                "channel": channel,
                "ready": sum(1 for cell in cells if cell.is_ready),
                "opted_in": sum(1 for cell in cells if cell.is_opted_in),
            }
        )
    return {"template": "partners/panels/account.html", "summary": summary, "product_count": len(table)}

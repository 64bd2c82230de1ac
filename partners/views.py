"""Owner pages under /mitra/: readiness per product and channel, opt-in, channel listing data
and outlet operating hours. Every lookup is scoped to the signed-in owner's businesses."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.models import Product
from partners import services
from partners.forms import HoursForm, ListingForm, variant_groups_text
from partners.models import Channel, ChannelListing, PartnerProfile
from partners.selectors import active_channels, owner_readiness
from registry.models import Business


def index(request):
    return render(request, "partners/index.html", {"channels": active_channels()})


@login_required
def readiness(request):
    channels = active_channels()
    table = owner_readiness(request.user, channels=channels)
    businesses = list(request.user.businesses.order_by("name"))
    return render(request, "partners/readiness.html", {"table": table, "channels": channels, "businesses": businesses})


def _owned_product(request, pk) -> Product:
    return get_object_or_404(Product.objects.select_related("business"), pk=pk, business__owner=request.user)


@login_required
@require_POST
def opt_in(request, pk, channel):
    product = _owned_product(request, pk)
    channel_obj = get_object_or_404(Channel, code=channel, is_active=True)
    joined = request.POST.get("opted_in") == "1"
    try:
        services.listing_set_opt_in(product=product, channel=channel_obj, user=request.user, opted_in=joined)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request,
            (_("%(product)s ikut %(channel)s.") if joined else _("%(product)s tidak lagi ikut %(channel)s."))
            % {"product": product.name, "channel": channel_obj.name},
        )
    return redirect(f"{reverse('partners:readiness')}#produk-{product.pk}-{channel_obj.code}")


@login_required
def listing(request, pk, channel):
    product = _owned_product(request, pk)
    channel_obj = get_object_or_404(Channel, code=channel, is_active=True)
    current = ChannelListing.objects.filter(product=product, channel=channel_obj).first()
    initial = {
        "final_price": current.final_price if current else None,
        "availability": current.availability if current else "available",
        "variant_groups": variant_groups_text(current.variant_groups if current else []),
    }
    form = ListingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.listing_update(
            product=product,
            channel=channel_obj,
            user=request.user,
            final_price=form.cleaned_data["final_price"],
            availability=form.cleaned_data["availability"],
            variant_groups=form.cleaned_data["variant_groups"] if channel_obj.is_delivery else [],
        )
        messages.success(request, _("Data %(channel)s disimpan.") % {"channel": channel_obj.name})
        return redirect("partners:readiness")
    return render(request, "partners/listing_form.html", {"form": form, "product": product, "channel": channel_obj})


@login_required
def hours(request, pk):
    business = get_object_or_404(Business, pk=pk, owner=request.user)
    profile = PartnerProfile.objects.filter(business=business).first()
    form = HoursForm(request.POST or None, hours=profile.operating_hours if profile else {})
    if request.method == "POST" and form.is_valid():
        services.operating_hours_set(business=business, user=request.user, hours=form.cleaned_data["hours"])
        messages.success(request, _("Jam operasional disimpan."))
        return redirect("partners:readiness")
    return render(request, "partners/hours_form.html", {"form": form, "business": business})

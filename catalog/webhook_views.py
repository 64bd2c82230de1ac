from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from catalog import payment_events
from catalog.payments import stripe_api
from catalog.payments.exceptions import MalformedWebhookEvent, WebhookSignatureError


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """Stripe calls this; nothing changes unless the signature verifies."""
    try:
        event = stripe_api.construct_event(
            payload=request.body, signature=request.META.get("HTTP_STRIPE_SIGNATURE", "")
        )
        outcome = payment_events.handle_event(event)
    except WebhookSignatureError:
        return HttpResponseBadRequest("invalid signature")
    except MalformedWebhookEvent:
        # Signed, so from Stripe (or whoever holds the secret), but not an event the handlers
        # can read: refused, and nothing was written.
        return HttpResponseBadRequest("malformed event")
    return HttpResponse(outcome, content_type="text/plain")

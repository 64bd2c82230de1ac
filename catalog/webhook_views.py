from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from catalog.payments import stripe_api, webhooks
from catalog.payments.exceptions import WebhookSignatureError


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """Stripe calls this; nothing changes unless the signature verifies."""
    try:
        event = stripe_api.construct_event(
            payload=request.body, signature=request.META.get("HTTP_STRIPE_SIGNATURE", "")
        )
    except WebhookSignatureError:
        return HttpResponseBadRequest("invalid signature")
    outcome = webhooks.handle_event(event)
    return HttpResponse(outcome, content_type="text/plain")

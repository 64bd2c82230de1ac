from django.urls import path

from catalog import webhook_views

urlpatterns = [
    path("webhooks/stripe/", webhook_views.stripe_webhook, name="stripe-webhook"),
]

"""A visitor's signup in tests: the wizard's first step, then the link it e-mails (registry.signups)."""

import re

from django.urls import reverse

from core.models import Notification


def confirmation_path(email: str) -> str:
    """The path of the newest confirmation link e-mailed to `email`."""
    body = Notification.objects.filter(recipient=email, topic="owner.signup_confirm").latest("pk").body
    return re.search(r"https?://[^/\s]+(/\S*/konfirmasi/\S+/)", body).group(1)


def visitor_signup(client, data: dict, **extra):
    """Step 1 as a visitor and the click on the e-mailed link; the response is the redirect to
    step 2 of the new draft, with the client signed in."""
    response = client.post(reverse("registry:registration-start"), data, **extra)
    assert response.status_code == 302 and response["Location"] == reverse("registry:registration-check-email")
    return client.post(confirmation_path(data["email"].strip().lower()), **extra)

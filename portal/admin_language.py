"""The staff admin speaks the portal's language (Bahasa Indonesia) whatever the browser asks for.

Outside i18n_patterns, Django's LocaleMiddleware picks /admin/'s language from the browser's
Accept-Language, so a counter PC set up in English showed an English admin. Wagtail uses the
active language when the staff member's account names none (Akun → Preferensi bahasa), so
activating LANGUAGE_CODE here leaves that choice to the account. Wagtail's own Indonesian
catalogue covers under a third of its admin; portal/locale_admin/ supplies the rest of what staff
see (msgids are Wagtail's English strings)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation


class AdminLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = None

    def __call__(self, request):
        if self.prefix is None:  # resolved on the first request: the URLconf imports every app
            self.prefix = reverse("wagtailadmin_home")
        if request.path_info.startswith(self.prefix):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return self.get_response(request)

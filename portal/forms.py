from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class AdminLoginForm(WagtailLoginForm):
    """Wagtail's sign-in with the portal's words: its password label is the untranslated field
    name, and staff sign in with a username or an email (portal.auth_backends)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Nama pengguna atau email")
        self.fields["username"].widget.attrs.pop("placeholder", None)
        self.fields["password"].label = _("Kata sandi")

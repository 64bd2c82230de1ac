"""Typed payment errors: the rest of the project never sees stripe.StripeError."""

from django.utils.translation import gettext_lazy as _


class PaymentError(Exception):
    """Any failure talking to the payment provider."""

    user_message = _("Pembayaran tidak dapat diproses saat ini. Silakan coba lagi.")


class PaymentDeclined(PaymentError):
    user_message = _("Kartu ditolak. Gunakan kartu lain.")


class PaymentProviderUnavailable(PaymentError):
    user_message = _("Layanan pembayaran sedang tidak dapat dihubungi. Silakan coba lagi sebentar lagi.")


class PaymentConfigurationError(PaymentError):
    user_message = _("Pembayaran belum dikonfigurasi.")


class PaymentInvalidRequest(PaymentError):
    pass


class WebhookSignatureError(PaymentError):
    pass


class MalformedWebhookEvent(PaymentError):
    """A correctly signed payload that is not an event of the shape the handlers read: the
    signature proves who sent it, not what it holds."""

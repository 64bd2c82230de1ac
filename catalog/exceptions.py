"""Errors the catalogue's services raise for callers to turn into messages or 4xx answers."""

from django.utils.translation import gettext_lazy as _


class CatalogError(Exception):
    default_message = _("Permintaan tidak dapat diproses.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class InvalidTransition(CatalogError):
    default_message = _("Perubahan status ini tidak diizinkan.")


class OutOfStock(CatalogError):
    default_message = _("Stok tidak mencukupi.")


class HoldLimit(CatalogError):
    """A reservation past what one client or one checkout may hold (catalog/holds.py)."""

    default_message = _("Pesanan melebihi batas yang dapat ditahan.")


class ImageRejected(CatalogError):
    default_message = _("Foto tidak dapat diterima.")


class ImportRejected(CatalogError):
    """Carries the row-by-row errors of a bulk import; nothing was saved."""

    default_message = _("Impor dibatalkan: ada baris yang salah, tidak ada produk yang disimpan.")

    def __init__(self, errors: list[tuple[int, str]], message=None):
        self.errors = errors
        super().__init__(message)

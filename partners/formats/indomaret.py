"""Indomaret listing sheet. No official template is public: this is the portal's documented
sheet carrying what Indomaret curators ask for (docs/partners.md)."""

from __future__ import annotations

from ._retail import halal_expiry
from .base import ChannelFormat, Column, yes_no
from .registry import register


@register
class IndomaretFormat(ChannelFormat):
    code = "indomaret"
    kind = "retail"
    default_limits = {"name_max": 60, "brand_max": 60}
    columns = (
        Column("barcode", "Barcode EAN-13"),
        Column("name", "Nama Produk", limit="name_max"),
        Column("brand", "Merek/Produsen", limit="brand_max"),
        Column("category", "Kategori", limit="category_max"),
        Column("net_content", "Isi Bersih"),
        Column("weight_grams", "Berat (gram)", kind="int"),
        Column("unit", "Satuan"),
        Column("price", "Harga Jual Konsumen (Rp)", kind="int"),
        Column("shelf_life_days", "Masa Simpan (hari)", kind="int"),
        Column("composition", "Komposisi", limit="composition_max"),
        Column("expiry_label", "Tanggal Kedaluwarsa Tercetak"),
        Column("production_code_label", "Kode Produksi Tercetak"),
        Column("nib", "NIB"),
        Column("pirt", "No. P-IRT"),
        Column("bpom", "No. BPOM MD"),
        Column("halal", "No. Sertifikat Halal"),
        Column("halal_expires", "Halal Berlaku s.d."),
        Column("kecamatan", "Kecamatan Produsen"),
        Column("photo", "File Foto"),
    )

    def values(self, facts, limits, *, position):
        return {
            "barcode": facts.ean13,
            "name": facts.name,
            "brand": facts.business_name,
            "category": facts.category_name,
            "net_content": facts.net_content,
            "weight_grams": facts.weight_grams,
            "unit": facts.unit,
            "price": facts.price,
            "shelf_life_days": facts.shelf_life_days,
            "composition": facts.composition,
            "expiry_label": yes_no(facts.has_expiry_date_label),
            "production_code_label": yes_no(facts.has_production_code_label),
            "nib": facts.nib,
            "pirt": facts.pirt.number if facts.pirt else "",
            "bpom": facts.bpom.number if facts.bpom and facts.bpom.number.upper().startswith("MD") else "",
            "halal": facts.halal.number if facts.halal else "",
            "halal_expires": halal_expiry(facts),
            "kecamatan": facts.kecamatan,
            "photo": self.image_name(facts),
        }

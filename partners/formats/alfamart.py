"""Alfamart listing sheet. No official template is public: this is the portal's documented
sheet in the vocabulary Alfamart's supplier forms use (PLU, HET, UOM); see docs/partners.md."""

from __future__ import annotations

from ._retail import halal_expiry, permit_text
from .base import ChannelFormat, Column
from .registry import register


@register
class AlfamartFormat(ChannelFormat):
    code = "alfamart"
    kind = "retail"
    default_limits = {"name_max": 60, "brand_max": 60}
    columns = (
        Column("supplier_code", "Kode Barang Pemasok"),
        Column("barcode", "PLU/Barcode"),
        Column("name", "Deskripsi Barang", limit="name_max"),
        Column("supplier", "Nama Pemasok", limit="brand_max"),
        Column("size", "Ukuran"),
        Column("uom", "UOM"),
        Column("het", "HET (Rp)", kind="int"),
        Column("weight_grams", "Berat Bersih (g)", kind="int"),
        Column("shelf_life_days", "Umur Simpan (hari)", kind="int"),
        Column("permit", "Izin Edar"),
        Column("halal", "Sertifikat Halal"),
        Column("halal_expires", "Halal Berlaku s.d."),
        Column("labels", "Label Kemasan"),
        Column("composition", "Komposisi", limit="composition_max"),
        Column("nib", "NIB"),
        Column("photo", "Foto"),
    )

    def values(self, facts, limits, *, position):
        labels = [
            label
            for flag, label in (
                (facts.has_expiry_date_label, "Tanggal kedaluwarsa"),
                (facts.has_production_code_label, "Kode produksi"),
            )
            if flag
        ]
        return {
            "supplier_code": facts.sku or f"EMPP-{facts.product_id}",
            "barcode": facts.ean13,
            "name": facts.name,
            "supplier": facts.business_name,
            "size": facts.net_content,
            "uom": facts.unit,
            "het": facts.price,
            "weight_grams": facts.weight_grams,
            "shelf_life_days": facts.shelf_life_days,
            "permit": permit_text(facts),
            "halal": facts.halal.number if facts.halal else "",
            "halal_expires": halal_expiry(facts),
            "labels": ", ".join(labels),
            "composition": facts.composition,
            "nib": facts.nib,
            "photo": self.image_name(facts),
        }

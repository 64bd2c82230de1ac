"""Is a product ready for a partner channel? Pure domain rules over plain facts (no ORM, no
HTTP), so they can be tested as tables and run 100,000 times in an export.

`problems(facts, fmt, limits)` returns every problem, each with an Indonesian message and the
place where the owner fixes it (`fix`: product, photo, business, certification, listing, hours).
An empty list means ready.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from core.identifiers import validate_ean13, validate_nib


@functools.cache
def cached_gettext_lazy(message: str):
    """gettext_lazy, but one proxy per literal message, shared by every Problem that carries
    it (lazy proxies are immutable): an export renders these messages hundreds of thousands of
    times and can translate each one once (exports._SkippedCells). Only this package's literal
    messages go through it (formatting happens on the proxy's result), so the cache is small."""
    return gettext_lazy(message)


_ = cached_gettext_lazy

WEEKDAYS = [_("Senin"), _("Selasa"), _("Rabu"), _("Kamis"), _("Jumat"), _("Sabtu"), _("Minggu")]
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@dataclass(frozen=True)
class CertFacts:
    number: str
    expires_on: date | None
    is_verified: bool


@dataclass(frozen=True)
class PhotoFacts:
    image_id: int
    width: int
    height: int
    file_size: int | None
    file_name: str = ""


@dataclass
class ListingFacts:
    """Everything the checks and the channel formats read about one product in one channel."""

    product_id: int
    name: str
    description: str
    price: int  # final price on the channel, whole rupiah
    category_name: str
    is_food: bool
    is_published: bool
    business_name: str
    is_business_verified: bool
    nib: str = ""
    kecamatan: str = ""
    unit: str = ""
    ean13: str = ""
    sku: str = ""
    net_content: str = ""
    weight_grams: int = 0
    shelf_life_days: int | None = None
    composition: str = ""
    has_expiry_date_label: bool = False
    has_production_code_label: bool = False
    halal: CertFacts | None = None
    pirt: CertFacts | None = None
    bpom: CertFacts | None = None
    photo: PhotoFacts | None = None
    stock: int = 0
    availability: str = "available"
    operating_hours: dict = field(default_factory=dict)
    variant_groups: list = field(default_factory=list)
    slug: str = ""
    business_id: int = 0


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    fix: str  # where to fix it: product, photo, business, certification, listing, hours

    def __str__(self) -> str:
        return str(self.message)


def _cert_problem(cert: CertFacts | None, label: str, today: date, code: str) -> Problem | None:
    if cert is None:
        return None
    if not cert.is_verified:
        return Problem(
            f"{code}_unverified", _("%(label)s belum diperiksa petugas.") % {"label": label}, "certification"
        )
    if cert.expires_on and cert.expires_on < today:
        return Problem(
            f"{code}_expired",
            _("%(label)s sudah kedaluwarsa (%(date)s).") % {"label": label, "date": cert.expires_on.isoformat()},
            "certification",
        )
    return None


@functools.lru_cache(maxsize=4096)
def _nib_is_valid(nib: str) -> bool:
    # Every product of a business repeats its NIB: an export checks each one once.
    try:
        validate_nib(nib)
    except ValidationError:
        return False
    return True


def common_problems(facts: ListingFacts) -> list[Problem]:
    found = []
    if not facts.is_business_verified:
        found.append(Problem("business_unverified", _("Usaha belum terverifikasi."), "business"))
    if not facts.is_published:
        found.append(Problem("product_unpublished", _("Produk belum tayang di katalog."), "product"))
    return found


def retail_problems(facts: ListingFacts, limits: dict, today: date) -> list[Problem]:
    """Indomaret/Alfamart curators' list (domain.md, Retail chains)."""
    found = []
    if not _nib_is_valid(facts.nib):
        found.append(Problem("nib_missing", _("NIB belum diisi atau tidak valid (13 digit)."), "business"))

    pirt_problem = _cert_problem(facts.pirt, "P-IRT", today, "pirt")
    bpom_md = facts.bpom if facts.bpom and facts.bpom.number.upper().startswith("MD") else None
    bpom_problem = _cert_problem(bpom_md, "BPOM MD", today, "bpom")
    has_permit = (facts.pirt and not pirt_problem) or (bpom_md and not bpom_problem)
    if not has_permit:
        if pirt_problem or bpom_problem:
            found.extend(p for p in (pirt_problem, bpom_problem) if p)
        else:
            found.append(Problem("permit_missing", _("Belum ada izin edar P-IRT atau BPOM MD."), "certification"))
    if facts.is_food:
        if facts.halal is None:
            found.append(Problem("halal_missing", _("Produk pangan belum punya sertifikat halal."), "certification"))
        else:
            halal_problem = _cert_problem(facts.halal, _("Sertifikat halal"), today, "halal")
            if halal_problem:
                found.append(halal_problem)
    if not facts.ean13:
        found.append(Problem("ean13_missing", _("Barcode EAN-13 belum diisi."), "product"))
    else:
        try:
            validate_ean13(facts.ean13)
        except ValidationError as exc:
            found.append(Problem("ean13_invalid", exc.messages[0], "product"))
    if not facts.net_content.strip():
        found.append(Problem("net_content_missing", _("Berat/isi bersih pada label belum diisi."), "product"))
    if not facts.shelf_life_days:
        found.append(Problem("shelf_life_missing", _("Masa simpan (hari) belum diisi."), "product"))
    if not facts.has_expiry_date_label:
        found.append(Problem("expiry_label_missing", _("Tanggal kedaluwarsa belum tercetak pada kemasan."), "product"))
    if not facts.has_production_code_label:
        found.append(Problem("production_code_missing", _("Kode produksi belum tercetak pada kemasan."), "product"))
    if facts.photo is None:
        found.append(Problem("photo_missing", _("Belum ada foto kemasan produk."), "photo"))
    return found


def photo_problems(photo: PhotoFacts | None, limits: dict) -> list[Problem]:
    if photo is None:
        return [Problem("photo_missing", _("Belum ada foto produk."), "photo")]
    short, long = sorted((photo.width, photo.height))
    found = []
    if short < limits["image_min_px"]:
        found.append(
            Problem(
                "photo_too_small",
                _("Foto terlalu kecil (%(w)s×%(h)s piksel); minimal %(min)s×%(min)s.")
                % {"w": photo.width, "h": photo.height, "min": limits["image_min_px"]},
                "photo",
            )
        )
    # The export crops to a square; a photo much wider than tall would lose the product.
    if short and long / short > limits["image_max_aspect"]:
        found.append(
            Problem(
                "photo_not_square",
                _("Foto harus (hampir) persegi 1:1; foto ini %(w)s×%(h)s piksel.")
                % {"w": photo.width, "h": photo.height},
                "photo",
            )
        )
    if photo.file_size and photo.file_size > limits["image_source_max_bytes"]:
        found.append(
            Problem(
                "photo_too_large",
                _("Berkas foto terlalu besar (%(size)s KB); maksimal %(max)s KB.")
                % {"size": photo.file_size // 1024, "max": limits["image_source_max_bytes"] // 1024},
                "photo",
            )
        )
    return found


def hours_problems(hours: dict) -> list[Problem]:
    valid = 0
    for day, span in sorted((hours or {}).items()):
        if not (
            isinstance(span, (list, tuple))
            and len(span) == 2
            and all(isinstance(t, str) and TIME.match(t) for t in span)
            and span[0] < span[1]
        ):
            name = WEEKDAYS[int(day)] if str(day).isdigit() and int(day) < 7 else day
            return [Problem("hours_invalid", _("Jam operasional hari %(day)s tidak valid.") % {"day": name}, "hours")]
        valid += 1
    if not valid:
        return [Problem("hours_missing", _("Jam operasional outlet belum diisi."), "hours")]
    return []


def variant_problems(groups: list, limits: dict) -> list[Problem]:
    found = []
    if len(groups) > limits["variant_groups_max"]:
        found.append(
            Problem(
                "variants_too_many_groups",
                _("Terlalu banyak grup varian (%(n)s); maksimal %(max)s.")
                % {"n": len(groups), "max": limits["variant_groups_max"]},
                "listing",
            )
        )
    for group in groups:
        name = str(group.get("name", ""))
        options = group.get("options") or []
        low, high = group.get("min", 0), group.get("max", 0)
        if not name.strip() or len(name) > limits["variant_name_max"]:
            found.append(
                Problem(
                    "variant_group_name",
                    _('Nama grup varian "%(name)s" kosong atau lebih dari %(max)s karakter.')
                    % {"name": name[:40], "max": limits["variant_name_max"]},
                    "listing",
                )
            )
        if not options or len(options) > limits["variant_options_max"]:
            found.append(
                Problem(
                    "variant_options_count",
                    _('Grup varian "%(name)s" harus punya 1–%(max)s pilihan.')
                    % {"name": name[:40], "max": limits["variant_options_max"]},
                    "listing",
                )
            )
        if not (isinstance(low, int) and isinstance(high, int) and 0 <= low <= high <= max(len(options), 1)):
            found.append(
                Problem(
                    "variant_min_max",
                    _('Grup varian "%(name)s": minimal/maksimal pilihan tidak cocok.') % {"name": name[:40]},
                    "listing",
                )
            )
        for option in options:
            if not isinstance(option.get("price", 0), int) or option.get("price", 0) < 0:
                found.append(
                    Problem(
                        "variant_price",
                        _('Tambahan harga varian "%(name)s" harus bilangan bulat rupiah ≥ 0.')
                        % {"name": str(option.get("name", ""))[:40]},
                        "listing",
                    )
                )
            if len(str(option.get("name", ""))) > limits["variant_name_max"] or not str(option.get("name", "")).strip():
                found.append(
                    Problem(
                        "variant_option_name",
                        _("Nama pilihan varian kosong atau lebih dari %(max)s karakter.")
                        % {"max": limits["variant_name_max"]},
                        "listing",
                    )
                )
    return found


def delivery_problems(facts: ListingFacts, limits: dict, today: date) -> list[Problem]:
    """GoFood/GrabFood menu requirements (domain.md, Delivery platforms)."""
    found = []
    if len(facts.name) > limits["name_max"]:
        found.append(
            Problem(
                "name_too_long",
                _("Nama produk %(n)s karakter; maksimal %(max)s.") % {"n": len(facts.name), "max": limits["name_max"]},
                "product",
            )
        )
    if not facts.description.strip():
        found.append(Problem("description_missing", _("Deskripsi produk belum diisi."), "product"))
    elif len(facts.description) > limits["description_max"]:
        found.append(
            Problem(
                "description_too_long",
                _("Deskripsi %(n)s karakter; maksimal %(max)s.")
                % {"n": len(facts.description), "max": limits["description_max"]},
                "product",
            )
        )
    if not isinstance(facts.price, int) or facts.price <= 0:
        found.append(Problem("price_invalid", _("Harga akhir harus bilangan bulat rupiah lebih dari 0."), "listing"))
    found.extend(photo_problems(facts.photo, limits))
    if not facts.category_name.strip():
        found.append(Problem("category_missing", _("Kategori menu belum diisi."), "product"))
    elif len(facts.category_name) > limits["category_max"]:
        found.append(
            Problem(
                "category_too_long",
                _("Nama kategori menu lebih dari %(max)s karakter.") % {"max": limits["category_max"]},
                "product",
            )
        )
    if facts.availability == "available" and facts.stock <= 0:
        found.append(
            Problem("out_of_stock", _("Stok 0 padahal ditandai tersedia; isi stok atau tandai habis."), "product")
        )
    found.extend(hours_problems(facts.operating_hours))
    found.extend(variant_problems(facts.variant_groups or [], limits))
    return found


def problems(facts: ListingFacts, fmt, limits: dict, today: date) -> list[Problem]:
    """All problems of one product for one channel format (empty = ready)."""
    found = common_problems(facts)
    if fmt.kind == "retail":
        found.extend(retail_problems(facts, limits, today))
    else:
        found.extend(delivery_problems(facts, limits, today))
    found.extend(fmt.extra_problems(facts, limits))
    return found

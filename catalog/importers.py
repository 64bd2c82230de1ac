"""Bulk product import from CSV or XLSX: every row is checked first and the error report lists
each bad row; only when all rows are valid are the products created, in one transaction."""

from __future__ import annotations

import csv
import io
import zipfile
from xml.parsers.expat import ExpatError

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from catalog.exceptions import ImportRejected
from catalog.models import Category, Product, ProductStatus
from catalog.services import unique_product_slug
from core.audit import audit_record
from core.identifiers import is_ascii_digits, validate_ean13
from core.rupiah import parse_rupiah
from registry.models import Business, BusinessStatus

# column → (required, kind)
COLUMNS = {
    "name": (True, "text"),
    "category": (True, "category"),
    "price": (True, "rupiah"),
    "unit": (False, "text"),
    "stock": (False, "int"),
    "weight_grams": (False, "int"),
    "min_order": (False, "int"),
    "ean13": (False, "ean13"),
    "sku": (False, "text"),
    "net_content": (False, "text"),
    "shelf_life_days": (False, "int"),
    "description": (False, "text"),
}
MAX_ROWS = 2000
LIMITS = {"name": 150, "unit": 30, "sku": 40, "net_content": 40}


def _rows_from_csv(data: bytes) -> list[dict]:
    text = data.decode("utf-8-sig")
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [dict(row) for row in csv.DictReader(io.StringIO(text), dialect=dialect)]


# An XLSX is a ZIP: a few hundred kilobytes can inflate to gigabytes ("zip bomb"). Refuse one
# whose parts add up to more than this before openpyxl inflates anything. zipfile never
# inflates a member past its declared size, so the declared sizes are what counts.
MAX_XLSX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_XLSX_MEMBERS = 500


class ImportTooLarge(ValueError):
    pass


def _check_xlsx_size(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        total = sum(member.file_size for member in members)
    if total > MAX_XLSX_UNCOMPRESSED or len(members) > MAX_XLSX_MEMBERS:
        raise ImportTooLarge(
            _("Isi file XLSX terlalu besar setelah dibuka (%(mb)s MB, maksimal %(max)s MB).")
            % {"mb": total // (1024 * 1024), "max": MAX_XLSX_UNCOMPRESSED // (1024 * 1024)}
        )


def _rows_from_xlsx(data: bytes) -> list[dict]:
    _check_xlsx_size(data)
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(h or "").strip() for h in next(rows, [])]
    result = []
    for values in rows:
        if values is None or all(v in (None, "") for v in values):
            continue
        result.append({header[i]: ("" if v is None else v) for i, v in enumerate(values) if i < len(header)})
        if len(result) > MAX_ROWS:  # enough to refuse the file; do not read the rest
            break
    workbook.close()
    return result


def read_rows(upload) -> list[dict]:
    data = upload.read()
    try:
        if upload.name.lower().endswith(".xlsx"):
            rows = _rows_from_xlsx(data)
        else:
            rows = _rows_from_csv(data)
    except ImportTooLarge as exc:
        raise ImportRejected([(0, str(exc))]) from exc
    except (
        UnicodeDecodeError,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        csv.Error,
        OSError,
        SyntaxError,
        ExpatError,
        TypeError,
        IndexError,
        InvalidFileException,
    ) as exc:
        # SyntaxError covers ElementTree's ParseError: a ZIP whose parts are not a workbook.
        raise ImportRejected([(0, _("File tidak dapat dibaca: %(e)s") % {"e": exc})]) from exc
    return [{str(k).strip().lower(): v for k, v in row.items() if k is not None} for row in rows]


def _to_int(value) -> int:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip().replace(".", "").replace(" ", "")
    if not is_ascii_digits(text):
        raise ValueError
    return int(text)


def _clean_row(row: dict, categories: dict[str, Category]) -> tuple[dict, list[str]]:
    data, problems = {}, []
    for column, (required, kind) in COLUMNS.items():
        raw = row.get(column, "")
        raw = raw.strip() if isinstance(raw, str) else raw
        if raw in ("", None):
            if required:
                problems.append(_("kolom %(c)s wajib diisi") % {"c": column})
            continue
        try:
            if kind == "int":
                data[column] = _to_int(raw)
            elif kind == "rupiah":
                data[column] = parse_rupiah(raw)
            elif kind == "category":
                key = str(raw).strip().lower()
                if key not in categories:
                    raise ValueError
                data["category"] = categories[key]
            elif kind == "ean13":
                data[column] = validate_ean13(str(raw).split(".")[0])
            else:
                text = str(raw)
                if column in LIMITS and len(text) > LIMITS[column]:
                    problems.append(_("%(c)s maksimal %(n)s karakter") % {"c": column, "n": LIMITS[column]})
                    continue
                data[column] = text
        except ValidationError as exc:
            problems.append(f"{column}: {' '.join(exc.messages)}")
        except ValueError:
            if kind == "category":
                problems.append(_('kategori "%(v)s" tidak dikenal') % {"v": raw})
            else:
                problems.append(_('%(c)s harus bilangan bulat 0 atau lebih ("%(v)s")') % {"c": column, "v": raw})
    if data.get("price") == 0:
        problems.append(_("harga minimal Rp 1"))
    if data.get("min_order") == 0:
        problems.append(_("minimal pesan minimal 1"))
    return data, problems


def products_import(*, business: Business, upload, actor) -> list[Product]:
    """Creates draft products from the file, all or nothing; raises ImportRejected with
    (row number, message) pairs, row numbers as the owner sees them in a spreadsheet."""
    if business.status != BusinessStatus.VERIFIED:
        raise ImportRejected([(0, _("Hanya usaha terverifikasi yang dapat menambah produk."))])
    rows = read_rows(upload)
    if not rows:
        raise ImportRejected([(0, _("File tidak berisi baris produk."))])
    if len(rows) > MAX_ROWS:
        raise ImportRejected([(0, _("Maksimal %(n)s baris per impor.") % {"n": MAX_ROWS})])
    missing = [c for c, (required, _kind) in COLUMNS.items() if required and c not in rows[0]]
    if missing:
        raise ImportRejected([(1, _("Kolom wajib tidak ada: %(c)s") % {"c": ", ".join(missing)})])
    categories = {}
    for category in Category.objects.all():
        categories[category.slug.lower()] = category
        categories[category.name.lower()] = category
    errors, cleaned = [], []
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        data, problems = _clean_row(row, categories)
        if problems:
            errors.append((number, "; ".join(problems)))
        cleaned.append(data)
    if errors:
        raise ImportRejected(errors)
    with transaction.atomic():
        products = []
        for data in cleaned:
            product = Product(business=business, status=ProductStatus.DRAFT, **data)
            product.slug = unique_product_slug(product.name)
            product.save()
            products.append(product)
        audit_record(actor=actor, action="product.import", obj=business, detail={"count": len(products)})
    return products


def template_response() -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="contoh-impor-produk.csv"'
    writer = csv.writer(response)
    writer.writerow(list(COLUMNS))
    writer.writerow(
        [
            "Kripik Tempe Original",
            "makanan-minuman",
            "15000",
            "bungkus",
            "40",
            "250",
            "1",
            "8992761111113",
            "KT-001",
            "250 g",
            "90",
            "Kripik tempe renyah",
        ]
    )
    return response

"""Image fixtures built with Pillow at test time (nothing binary in the repository)."""

import io
import struct
import zlib

from PIL import ExifTags, Image


def jpeg_with_gps(size=(64, 32), orientation: int | None = None) -> bytes:
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneCam"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "S"
    gps[ExifTags.GPS.GPSLatitude] = (6.0, 55.0, 12.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (110.0, 12.0, 3.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def png(size=(40, 40), color=(10, 120, 80)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def png_bomb(width=60_000, height=60_000) -> bytes:
    """A valid PNG header claiming 3.6 gigapixels with a tiny body: decoding it would need
    gigabytes; the header alone must be enough to refuse it."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    body = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def pdf_bytes() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def has_gps(path_or_bytes) -> bool:
    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    with Image.open(source) as image:
        exif = image.getexif()
        return bool(exif.get_ifd(ExifTags.IFD.GPSInfo)) or ExifTags.IFD.GPSInfo in exif


def noisy_jpeg(size=(300, 200)) -> bytes:
    """A JPEG that compresses badly (noise), so cutting it short cuts into its pixel data."""
    out = io.BytesIO()
    Image.effect_noise(size, 64).convert("RGB").save(out, "JPEG")
    return out.getvalue()


def jpeg_cut_in_its_pixels() -> bytes:
    """A JPEG whose header is whole and whose pixel data stops at 70 %: only decoding finds out."""
    data = noisy_jpeg()
    return data[: int(len(data) * 0.7)]


def mpo(size=(64, 48)) -> bytes:
    """A JPEG with a multi-picture index, as many phones write (Pillow names it MPO)."""
    out = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(
        out, "MPO", save_all=True, append_images=[Image.new("RGB", size, (40, 40, 200))]
    )
    return out.getvalue()


def plain_png(width: int, height: int) -> bytes:
    """A real PNG of one colour, made by Pillow: tiny on disk, width × height once decoded."""
    out = io.BytesIO()
    Image.new("L", (width, height), 200).save(out, "PNG")
    return out.getvalue()


def plain_jpeg(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(out, "JPEG", quality=85)
    return out.getvalue()


def process_uploads() -> list:
    """What the Celery worker does after commit (catalog.tasks.process_photo_upload), run here,
    in the test's own transaction, for every photo still being processed."""
    from catalog.images import photo_upload_process
    from catalog.models import PhotoUpload, PhotoUploadStatus

    pending = PhotoUpload.objects.filter(status=PhotoUploadStatus.PROCESSING).order_by("pk")
    return [photo_upload_process(upload_id=pk) for pk in pending.values_list("pk", flat=True)]

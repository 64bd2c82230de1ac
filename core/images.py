"""Reading uploaded and stored images with Pillow, safely: the one place the image header is
read and the limits are checked before any pixel is decoded, and the one place pixels are
decoded. Pillow's decompression-bomb guard stays on for the whole process; here its warning is
an error too, so a bomb is refused, never expanded.

Callers (product photos, certificate scans, partner photo packs) choose their limits and word
their own messages for the reason an image is refused."""

from __future__ import annotations

import io
import math
import warnings
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import Enum

from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow's own guard, process-wide (set again by CoreConfig.ready): above this many pixels
# Image.open warns (an error inside this module), above twice this it raises
# DecompressionBombError everywhere, Wagtail's renditions included. Just above the largest image
# the portal takes (product photos 50 MP: a phone's 50-megapixel mode writes 8160×6120 = 49.9 MP;
# certificate scans 25 MP; Wagtail's own uploads 40 MP), so up to here the callers' own limits
# answer, with their clearer messages.
# https://pillow.readthedocs.io/en/stable/reference/Image.html#PIL.Image.MAX_IMAGE_PIXELS
PILLOW_MAX_PIXELS = 64_000_000


def guard_pillow() -> None:
    Image.MAX_IMAGE_PIXELS = PILLOW_MAX_PIXELS


guard_pillow()

# What Pillow raises on a file that is not an image, is truncated, or is malformed inside.
_UNREADABLE = (UnidentifiedImageError, OSError, SyntaxError, ValueError)
_BOMB = (Image.DecompressionBombError, Image.DecompressionBombWarning)


class Refusal(Enum):
    UNREADABLE = "unreadable"  # not an image, or broken
    BOMB = "bomb"  # Pillow's own guard refused the pixel count
    FORMAT = "format"  # an image, but not a format the caller takes
    TOO_MANY_PIXELS = "pixels"
    TOO_LONG = "side"  # one side longer than the caller takes
    TOO_SMALL = "small"


@dataclass(frozen=True)
class ImageHeader:
    format: str
    width: int
    height: int

    @property
    def pixels(self) -> int:
        return self.width * self.height


class ImageRefused(Exception):
    def __init__(self, reason: Refusal, header: ImageHeader | None = None):
        super().__init__(reason.value)
        self.reason = reason
        self.header = header


def _source(data):
    return io.BytesIO(data) if isinstance(data, bytes | bytearray) else data


def inspect_image(
    data,
    *,
    formats: Collection[str],
    max_pixels: int | Mapping[str, int],
    max_side: int | None = None,
    min_side: int = 0,
) -> ImageHeader:
    """The header of `data` (bytes or a file, rewound afterwards), checked against the limits;
    raises ImageRefused with the reason. Decodes no pixels: Image.open reads the header and
    nothing is loaded. `max_pixels` may differ per format ({"PNG": ..., "JPEG": ...})."""
    source = _source(data)
    position = source.tell() if hasattr(source, "tell") else 0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(source) as probe:
                header = ImageHeader(str(probe.format), *probe.size)
    except _BOMB as exc:
        raise ImageRefused(Refusal.BOMB) from exc
    except _UNREADABLE as exc:
        raise ImageRefused(Refusal.UNREADABLE) from exc
    finally:
        if hasattr(source, "seek"):
            source.seek(position)
    if header.format not in formats:
        raise ImageRefused(Refusal.FORMAT, header)
    limit = max_pixels[header.format] if isinstance(max_pixels, Mapping) else max_pixels
    if header.pixels > limit:
        raise ImageRefused(Refusal.TOO_MANY_PIXELS, header)
    if max_side is not None and max(header.width, header.height) > max_side:
        raise ImageRefused(Refusal.TOO_LONG, header)
    if min(header.width, header.height) < min_side:
        raise ImageRefused(Refusal.TOO_SMALL, header)
    return header


def decode_image(data, *, fit: int | None = None) -> Image.Image:
    """Every pixel of `data` decoded and turned upright by its EXIF orientation; raises
    ImageRefused (UNREADABLE or BOMB). With `fit`, a JPEG is decoded at the smallest scale
    (1/2, 1/4, 1/8) whose long side is still at least `fit` (libjpeg scales while it decodes,
    so a 50-megapixel photo costs a fraction of its full size in memory and time); other
    formats are decoded whole."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(_source(data)) as original:
                if fit is not None and original.format in ("JPEG", "MPO") and max(original.size) > fit:
                    scale = fit / max(original.size)
                    original.draft(None, (math.ceil(original.width * scale), math.ceil(original.height * scale)))
                original.load()
                return ImageOps.exif_transpose(original)
    except _BOMB as exc:
        raise ImageRefused(Refusal.BOMB) from exc
    except _UNREADABLE as exc:
        raise ImageRefused(Refusal.UNREADABLE) from exc

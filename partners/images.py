"""Photos converted to a channel's spec with Pillow: square (centre crop), RGB JPEG, no EXIF or
other metadata, side between the minimum and the target size, file within the byte limit."""

from __future__ import annotations

import io

from PIL import Image

from core.images import ImageRefused, decode_image

QUALITIES = (88, 80, 72, 64, 56, 48)


class PhotoUnreadable(Exception):
    """The stored file is missing or not an image Pillow can read."""


def channel_jpeg(source, *, side: int, min_px: int, max_bytes: int) -> bytes:
    try:
        image = decode_image(source)
    except ImageRefused as exc:
        raise PhotoUnreadable(str(exc)) from exc
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        image = background
    elif image.mode != "RGB":
        image = image.convert("RGB")
    short = min(image.size)
    left, top = (image.width - short) // 2, (image.height - short) // 2
    image = image.crop((left, top, left + short, top + short))
    target = max(min_px, min(short, side))
    while True:
        sized = image.resize((target, target), Image.Resampling.LANCZOS) if target != short else image
        for quality in QUALITIES:
            buffer = io.BytesIO()
            # No exif=/icc_profile= arguments: Pillow then writes no metadata at all.
            sized.save(buffer, "JPEG", quality=quality, optimize=True)
            if buffer.tell() <= max_bytes:
                return buffer.getvalue()
        if target <= min_px:
            raise PhotoUnreadable(f"cannot fit {min_px}px JPEG in {max_bytes} bytes")
        target = max(min_px, int(target * 0.8))

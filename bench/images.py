"""Rendition time for a 12-megapixel phone photo through the catalogue's image code: the upload
check and clean-up (catalog.images.clean_upload: header checks, decode, EXIF strip, downscale to
2000 px, re-encode) and the three renditions the pages use (catalog.tasks.make_renditions).

    python bench/images.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json

import harness

SCRIPT = """
import io, json, statistics, time
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFilter
from wagtail.images import get_image_model
from catalog.images import clean_upload
from catalog.models import RENDITION_SPECS

# A 4000x3000 (12 MP) photo-like JPEG: gradients, shapes and noise, so it compresses like a
# real photo (several MB) rather than like a flat colour.
width, height = 4000, 3000
base = Image.linear_gradient("L").resize((width, height)).convert("RGB")
draw = ImageDraw.Draw(base)
for i in range(60):
    x, y = (i * 677) % width, (i * 331) % height
    draw.ellipse((x, y, x + 400 + i * 7, y + 300 + i * 5), fill=((i * 37) % 255, (i * 91) % 255, (i * 53) % 255))
noise = Image.effect_noise((width, height), 40).convert("RGB")
photo = Image.blend(base, noise, 0.25).filter(ImageFilter.SMOOTH)
exif = Image.Exif(); exif[0x010F] = "PhoneCam"
out = io.BytesIO(); photo.save(out, "JPEG", quality=90, exif=exif)
data = out.getvalue()

clean_times, rendition_times, created = [], [], []
Image_ = get_image_model()
for _ in range(REPEAT):
    started = time.perf_counter()
    clean = clean_upload(SimpleUploadedFile("foto.jpg", data, "image/jpeg"))
    clean_times.append(time.perf_counter() - started)
    image = Image_(title="bench 12mp", width=clean.width, height=clean.height)
    image.file.save("bench-12mp.jpg", ContentFile(clean.content), save=False)
    image.width, image.height = clean.width, clean.height
    image._set_image_file_metadata()
    image.save()
    created.append(image)
    started = time.perf_counter()
    image.get_renditions(*RENDITION_SPECS)
    rendition_times.append(time.perf_counter() - started)
for image in created:
    image.delete()
print(json.dumps({
    "bytes": len(data), "stored": [clean.width, clean.height],
    "clean": statistics.median(clean_times), "renditions": statistics.median(rendition_times),
    "specs": list(RENDITION_SPECS),
}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--businesses", type=int, default=0, help="ignored (bench/run passes it to every script)")
    parser.add_argument("--products", type=int, default=0, help="ignored")
    args = parser.parse_args()
    harness.ensure_database(max(args.businesses, 1), max(args.products, 1))
    out = harness.manage("shell", "-c", SCRIPT.replace("REPEAT", str(args.repeat)), env=harness.bench_env())
    f = json.loads(out.stdout.strip().splitlines()[-1])
    total = f["clean"] + f["renditions"]
    print(
        f"images.upload_bytes: {f['bytes'] / 1e6:.1f} MB (4000x3000 JPEG, stored as {f['stored'][0]}x{f['stored'][1]})"
    )
    print(f"images.clean_upload: {f['clean'] * 1000:.0f} ms")
    print(f"images.renditions: {f['renditions'] * 1000:.0f} ms ({', '.join(f['specs'])})")
    print(f"images.total: {total * 1000:.0f} ms")
    print(
        f"summary.images: {total:.2f} s per 12-megapixel photo (median of {args.repeat}; renditions run in Celery, never in a page view)"
    )


if __name__ == "__main__":
    main()

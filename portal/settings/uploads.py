"""Photo uploads (catalog.images): what one photo, one request and one owner may send. The web
request reads only image headers against these limits; decoding and re-encoding run in Celery
(catalog.tasks.process_photo_upload). Issue 17: eight 40-megapixel PNGs (1.3 MB on disk) cost
57 s and 579 MB in one request before these limits.
https://pillow.readthedocs.io/en/stable/reference/Image.html#PIL.Image.open
"""

from .env import env

# Bytes per photo; nginx takes 12 MB per request (deploy/nginx-etalase.conf).
CATALOG_IMAGE_MAX_BYTES = env.int("CATALOG_IMAGE_MAX_BYTES", default=10 * 1024 * 1024)
# Pixels per JPEG/WebP photo: the largest a phone camera writes in a mode whose files fit in 10 MB.
# 50-megapixel sensors write 8160×6120 = 49.9 MP (Samsung ISOCELL GN/HP, Sony IMX890 class); the
# default on phones is 12 MP (4032×3024) or 24 MP (iPhone 15: 5712×4284). 200 MP modes write
# 20–50 MB files, over the byte limit anyway.
CATALOG_IMAGE_MAX_PIXELS = env.int("CATALOG_IMAGE_MAX_PIXELS", default=50_000_000)
# Pixels per PNG: cameras never write PNG; a PNG is a screenshot (a phone screen is at most
# ~3200×1440 = 4.6 MP) or a photo cut out of its background, at the camera's size (24.5 MP at
# most at the phones' default resolutions above).
CATALOG_IMAGE_MAX_PNG_PIXELS = env.int("CATALOG_IMAGE_MAX_PNG_PIXELS", default=25_000_000)
# The longest side: a 50 MP frame is 8160 px long, a 3:1 crop of it 12,240; only panoramas are
# longer, and a panorama is not a product photo.
CATALOG_IMAGE_MAX_SIDE = env.int("CATALOG_IMAGE_MAX_SIDE", default=12_000)
# All photos of one request together: eight 12-megapixel phone photos (97.5 MP) fit.
CATALOG_UPLOAD_MAX_PIXELS_PER_REQUEST = env.int("CATALOG_UPLOAD_MAX_PIXELS_PER_REQUEST", default=100_000_000)
# All photos one owner sent in the last hour (counted from catalog.PhotoUpload rows, refused ones
# included: the worker decoded them): about forty 12 MP phone photos, five products' worth.
CATALOG_UPLOAD_MAX_PIXELS_PER_HOUR = env.int("CATALOG_UPLOAD_MAX_PIXELS_PER_HOUR", default=500_000_000)

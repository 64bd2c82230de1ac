"""Uploaded files that are personal or commercial (certificate scans, partner export files)
live under MEDIA_ROOT like the rest but are never served as /media/: nginx refuses their
prefixes (deploy/nginx-etalase.conf) and so does the development media view. They reach a
user only through a view that checks the role and writes the audit log."""

from __future__ import annotations

import hashlib
import mimetypes
import os

from django.conf import settings
from django.http import FileResponse, Http404
from django.views.static import serve


def is_private_media(path: str) -> bool:
    path = os.path.normpath(path).lstrip("/")
    return any(path.startswith(prefix) for prefix in settings.PRIVATE_MEDIA_PREFIXES)


def serve_public_media(request, path: str):
    """Development stand-in for nginx's /media/ location."""
    if is_private_media(path):
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def private_file_response(field_file, *, attachment: bool = False) -> FileResponse:
    """Streams a stored file to a user the caller has already authorised."""
    if not field_file:
        raise Http404
    name = os.path.basename(field_file.name)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(field_file.open("rb"), content_type=content_type, as_attachment=attachment, filename=name)
    if not attachment:
        response["Content-Disposition"] = "inline"
    response["X-Frame-Options"] = "SAMEORIGIN"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def file_sha256(path) -> str:
    """Checksum of a file on disk (export records, backup manifests), read in blocks."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()

"""scripts/vendor-assets: npm tarballs pinned by integrity → static/vendor/. Standard library only."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import sys
import tarfile
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "npm"
TARGET = ROOT / "static" / "vendor"
TIMEOUT = 30  # seconds per download attempt


def integrity_ok(data: bytes, integrity: str) -> bool:
    algorithm, _, expected = integrity.partition("-")
    return base64.b64encode(hashlib.new(algorithm, data).digest()).decode() == expected


def fetch(url: str, integrity: str, dest: Path) -> bytes | None:
    if dest.exists():
        data = dest.read_bytes()
        if integrity_ok(data, integrity):
            return data
    for attempt in range(3):
        try:
            with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
                data = response.read()
            break
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            print(f"vendor-assets: {url}: {exc} (attempt {attempt + 1}/3)", file=sys.stderr)
    else:
        return None
    if not integrity_ok(data, integrity):
        raise SystemExit(f"vendor-assets: integrity mismatch for {url}: refusing to use it")
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(data)
    return data


def main() -> int:
    manifest = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    TARGET.mkdir(parents=True, exist_ok=True)
    for name, files in manifest["vendor"].items():
        entry = lock[f"node_modules/{name}"]
        stamp = TARGET / f".{name}.version"
        wanted = [TARGET / Path(f).name for f in files]
        if stamp.exists() and stamp.read_text() == entry["integrity"] and all(p.exists() for p in wanted):
            continue
        tarball = CACHE / Path(entry["resolved"]).name
        data = fetch(entry["resolved"], entry["integrity"], tarball)
        if data is None:
            print(f"vendor-assets: {name} {entry['version']} not available offline; charts stay off", file=sys.stderr)
            continue
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
            for member_path, out in zip(files, wanted):
                member = archive.extractfile(f"package/{member_path}")
                out.write_bytes(member.read())
        stamp.write_text(entry["integrity"])
        print(f"vendor-assets: {name} {entry['version']} -> {', '.join(str(p.relative_to(ROOT)) for p in wanted)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

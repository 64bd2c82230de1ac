"""scripts/vendor-assets: the pinned Chart.js is used only if its sha512 integrity matches."""

import base64
import hashlib
import importlib.util
import io
import json
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def vendor(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("vendor_assets", ROOT / "scripts" / "vendor_assets.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    (tmp_path / "package.json").write_text(json.dumps({"vendor": {"chart.js": ["dist/chart.umd.min.js"]}}))
    monkeypatch.setattr(module, "ROOT", tmp_path)
    monkeypatch.setattr(module, "CACHE", tmp_path / ".cache" / "npm")
    monkeypatch.setattr(module, "TARGET", tmp_path / "static" / "vendor")
    return module


def tarball(content: bytes) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as archive:
        info = tarfile.TarInfo("package/dist/chart.umd.min.js")
        info.size = len(content)
        archive.addfile(info, io.BytesIO(content))
    return out.getvalue()


def lock(tmp_path, data: bytes):
    integrity = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    (tmp_path / "package-lock.json").write_text(
        json.dumps(
            {
                "packages": {
                    "node_modules/chart.js": {
                        "version": "4.5.1",
                        "resolved": "https://registry.npmjs.org/chart.js/-/chart.js-4.5.1.tgz",
                        "integrity": integrity,
                    }
                }
            }
        )
    )


def serve(monkeypatch, vendor, data: bytes):
    class Response(io.BytesIO):
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(vendor.urllib.request, "urlopen", lambda url, timeout: Response(data))


def test_extracts_the_pinned_file_when_integrity_matches(vendor, tmp_path, monkeypatch):
    data = tarball(b"/* Chart.js */")
    lock(tmp_path, data)
    serve(monkeypatch, vendor, data)
    assert vendor.main() == 0
    assert (tmp_path / "static" / "vendor" / "chart.umd.min.js").read_bytes() == b"/* Chart.js */"
    assert (tmp_path / ".cache" / "npm" / "chart.js-4.5.1.tgz").read_bytes() == data


def test_refuses_a_tarball_with_another_integrity(vendor, tmp_path, monkeypatch):
    lock(tmp_path, tarball(b"/* the real one */"))
    serve(monkeypatch, vendor, tarball(b"/* tampered */"))
    with pytest.raises(SystemExit, match="integrity mismatch"):
        vendor.main()
    assert not (tmp_path / "static" / "vendor" / "chart.umd.min.js").exists()


def test_offline_warns_and_goes_on(vendor, tmp_path, monkeypatch, capsys):
    lock(tmp_path, tarball(b"x"))

    def offline(url, timeout):
        raise vendor.urllib.error.URLError("no network")

    monkeypatch.setattr(vendor.urllib.request, "urlopen", offline)
    assert vendor.main() == 0
    assert "not available offline" in capsys.readouterr().err


def test_the_repository_pins_chart_js_with_sha512():
    entry = json.loads((ROOT / "package-lock.json").read_text())["packages"]["node_modules/chart.js"]
    assert entry["integrity"].startswith("sha512-") and entry["resolved"].endswith(f"chart.js-{entry['version']}.tgz")
    assert json.loads((ROOT / "package.json").read_text())["dependencies"]["chart.js"] == entry["version"]

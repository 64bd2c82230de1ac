"""Production collects static files with hashed names (whitenoise's manifest storage): every
url() and sourceMappingURL a shipped or vendored file refers to must resolve, or the deploy
fails at collectstatic."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings


@pytest.mark.skipif(
    not (Path(__file__).parents[2] / "static" / "vendor" / "chart.umd.min.js").exists(),
    reason="scripts/vendor-assets has not run (scripts/bootstrap runs it)",
)
def test_collectstatic_with_hashed_names_resolves_every_reference(tmp_path, settings):
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", "--noinput", stdout=io.StringIO())
    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("vendor/chart.umd.min.*.js"))

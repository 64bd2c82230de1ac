"""Reference data loaded from the shipped files: Kemendagri regions and KBLI codes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("provinsi")
    KABUPATEN = "kabupaten", _("kabupaten/kota")
    KECAMATAN = "kecamatan", _("kecamatan")
    DESA = "desa", _("desa/kelurahan")


class Region(models.Model):
    """A Kemendagri region code (e.g. 33.24.01 = Kecamatan Plantungan, Kendal)."""

    code = models.CharField(max_length=13, primary_key=True)
    name = models.CharField(max_length=120)
    level = models.CharField(max_length=10, choices=RegionLevel.choices, db_index=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")

    class Meta:
        db_table = "portal_region"
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")

    def __str__(self) -> str:
        return self.name

    @property
    def is_kelurahan(self) -> bool:
        return self.level == RegionLevel.DESA and self.code.rsplit(".", 1)[-1].startswith("1")

    @staticmethod
    def level_for_code(code: str) -> str:
        return {
            0: RegionLevel.PROVINCE,
            1: RegionLevel.KABUPATEN,
            2: RegionLevel.KECAMATAN,
            3: RegionLevel.DESA,
        }[code.count(".")]


class KbliCode(models.Model):
    """A KBLI code of one version (2020 now; 2025 can be loaded beside it)."""

    version = models.CharField(max_length=4, default="2020")
    code = models.CharField(max_length=5)
    title = models.CharField(max_length=400)
    section = models.CharField(_("kategori"), max_length=1)

    class Meta:
        db_table = "portal_kblicode"
        ordering = ["version", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="kbli_version_code_unique")]
        verbose_name = _("kode KBLI")
        verbose_name_plural = _("kode KBLI")

    def __str__(self) -> str:
        return f"{self.code} {self.title.capitalize()} (KBLI {self.version})"

    @property
    def is_five_digit(self) -> bool:
        return len(self.code) == 5 and self.code.isdigit()

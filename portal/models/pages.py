"""Pages editors manage in Wagtail: home, news, the MPP service directory, FAQ and contact.

Page models only describe pages; what they list comes from selectors."""

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core import panels


class HomePage(Page):
    """The portal's home page. Featured products and upcoming training come from the apps that
    own them through the `core.panels.home` registry; editors pick featured businesses."""

    intro = RichTextField(blank=True)
    news_count = models.PositiveSmallIntegerField(_("jumlah berita di beranda"), default=3)

    content_panels = Page.content_panels + [
        "intro",
        InlinePanel("featured_businesses", label=_("Usaha unggulan"), max_num=12),
        "news_count",
    ]
    max_count = 1
    subpage_types = [
        "portal.NewsIndexPage",
        "portal.ServiceDirectoryPage",
        "portal.FaqPage",
        "portal.ContactPage",
    ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["panels_html"] = panels.home.render_kept(request, f"portal:home-panels:{self.pk}", page=self)
        return context


class HomeFeaturedBusiness(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_businesses")
    business = models.ForeignKey(
        "registry.Business", on_delete=models.CASCADE, related_name="+", verbose_name=_("usaha")
    )

    panels = ["business"]


class NewsIndexPage(Page):
    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + ["intro"]
    subpage_types = ["portal.NewsPage"]
    parent_page_types = ["portal.HomePage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = NewsPage.objects.child_of(self).live().order_by("-date", "-pk")
        context["news"] = Paginator(news, 12).get_page(request.GET.get("page"))
        return context


class NewsPage(Page):
    date = models.DateField(_("tanggal"), default=timezone.localdate)
    summary = models.CharField(_("ringkasan"), max_length=300, blank=True)
    body = RichTextField(_("isi"))

    content_panels = Page.content_panels + ["date", "summary", "body"]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["portal.NewsIndexPage"]
    subpage_types: list = []

    class Meta:
        verbose_name = _("berita")


class Opd(ClusterableModel):
    """A regional agency (OPD) with a counter in the MPP; edited as a snippet."""

    name = models.CharField(_("nama OPD"), max_length=150)
    short_name = models.CharField(_("singkatan"), max_length=40, blank=True)
    counter = models.CharField(_("loket"), max_length=40, blank=True)
    opening_hours = models.CharField(_("jam layanan"), max_length=120, default="Senin–Jumat 08.00–15.00")
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    website = models.URLField(_("situs web"), blank=True)
    description = models.TextField(_("keterangan"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    panels = [
        "name",
        "short_name",
        "counter",
        "opening_hours",
        "phone",
        "website",
        "description",
        "sort_order",
        InlinePanel("services", label=_("Layanan")),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("OPD")
        verbose_name_plural = _("OPD")

    def __str__(self) -> str:
        return self.short_name or self.name


class OpdService(Orderable):
    opd = ParentalKey(Opd, on_delete=models.CASCADE, related_name="services")
    name = models.CharField(_("nama layanan"), max_length=150)
    requirements = models.TextField(_("persyaratan"), blank=True, help_text=_("satu syarat per baris"))
    duration = models.CharField(_("lama proses"), max_length=80, blank=True)
    fee = models.CharField(_("biaya"), max_length=80, blank=True, default="Gratis")
    opening_hours = models.CharField(_("jam layanan (jika berbeda)"), max_length=120, blank=True)

    panels = ["name", "requirements", "duration", "fee", "opening_hours"]

    class Meta(Orderable.Meta):
        verbose_name = _("layanan OPD")

    def __str__(self) -> str:
        return self.name

    @property
    def requirement_list(self) -> list[str]:
        return [line.strip(" -•") for line in self.requirements.splitlines() if line.strip(" -•")]


class ServiceDirectoryPage(Page):
    """Lists the OPDs with counters in the MPP and their services (edited as OPD snippets)."""

    intro = RichTextField(blank=True)
    address = models.CharField(_("alamat MPP"), max_length=255, blank=True)

    content_panels = Page.content_panels + ["intro", "address"]
    parent_page_types = ["portal.HomePage"]
    subpage_types: list = []
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["opds"] = Opd.objects.prefetch_related("services").order_by("sort_order", "name")
        return context


class FaqBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("pertanyaan"))
    answer = blocks.RichTextBlock(label=_("jawaban"))

    class Meta:
        icon = "help"


class FaqPage(Page):
    intro = RichTextField(blank=True)
    questions = StreamField([("faq", FaqBlock())], blank=True, verbose_name=_("pertanyaan"))

    content_panels = Page.content_panels + ["intro", "questions"]
    parent_page_types = ["portal.HomePage"]
    subpage_types: list = []


class ContactPage(Page):
    intro = RichTextField(blank=True)
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    whatsapp = models.CharField(_("WhatsApp (E.164)"), max_length=16, blank=True)
    email = models.EmailField(_("email"), blank=True)
    opening_hours = models.CharField(_("jam layanan"), max_length=120, blank=True)
    map_url = models.URLField(_("tautan peta"), blank=True)

    content_panels = Page.content_panels + [
        "intro",
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("whatsapp"),
                FieldPanel("email"),
                FieldPanel("opening_hours"),
                FieldPanel("map_url"),
            ],
            heading=_("Kontak"),
        ),
    ]
    parent_page_types = ["portal.HomePage"]
    subpage_types: list = []
    max_count = 1

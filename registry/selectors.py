"""Reads of portal data used by pages, the admin queue and the API."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from core.text import QUERY_STOPWORDS, edit_distance, fuzziness, raw_tokens
from portal import roles
from portal.models import HomeFeaturedBusiness
from registry.models import Business, BusinessStatus, KbliCode, Region, RegionLevel, RegistrationChannel
from registry.reference_data import kbli_synonym_rows


def portal_region() -> Region | None:
    return Region.objects.filter(code=settings.PORTAL_REGION_CODE).first()


def region_kecamatan() -> QuerySet[Region]:
    return Region.objects.filter(
        level=RegionLevel.KECAMATAN, code__startswith=settings.PORTAL_REGION_CODE + "."
    ).order_by("name")


def desa_of(kecamatan_code: str) -> QuerySet[Region]:
    return Region.objects.filter(level=RegionLevel.DESA, parent_id=kecamatan_code).order_by("name")


def region_desa() -> QuerySet[Region]:
    return Region.objects.filter(level=RegionLevel.DESA, code__startswith=settings.PORTAL_REGION_CODE + ".").order_by(
        "parent_id", "name"
    )


def kbli_sections() -> QuerySet[KbliCode]:
    """The 21 KBLI 2020 sections (A–U): the "sector" filter of the directory and the queue."""
    return KbliCode.objects.filter(version="2020", code__regex=r"^[A-Z]$").order_by("code")


def kbli_lookup(codes: list[str], version: str = "2020") -> dict[str, KbliCode]:
    return {k.code: k for k in KbliCode.objects.filter(version=version, code__in=codes)}


# --- finding a KBLI code by everyday words ("keripik", "warung makan", "107") ----------------------

KBLI_QUERY_MIN_LENGTH = 2
KBLI_QUERY_MAX_LENGTH = 100
KBLI_SEARCH_LIMIT = 10
# Words that do not tell one code from another ("usaha keripik", "jualan batik di kendal").
KBLI_QUERY_STOPWORDS = QUERY_STOPWORDS | {"usaha", "jualan", "jual", "bisnis"}
KBLI_MATCH_EXACT, KBLI_MATCH_PREFIX, KBLI_MATCH_FUZZY = 3, 2, 1
# The rank of a code no synonym phrase was typed for: any curated synonym outranks it.
_NO_SYNONYM = 1_000_000


class InvalidKbliQuery(ValueError):
    pass


def _letters(word: str) -> int:
    mask = 0
    for character in word:
        mask |= 1 << (ord(character) % 64)
    return mask


@dataclass(frozen=True)
class KbliSuggestion:
    code: str
    title: str


@dataclass
class KbliIndex:
    """The five-digit (kelompok) codes of one KBLI version, found by their title words, the code
    itself and the everyday synonyms of registry/data/kbli<version>_synonyms.csv."""

    titles: dict[str, str] = field(default_factory=dict)
    title_words: dict[str, int] = field(default_factory=dict)
    # word -> {code: True for a word of its title (or the code), False for a synonym's word}
    codes_by_word: dict[str, dict[str, bool]] = field(default_factory=dict)
    # (words, code, row): a synonym ranks its code first only when all its words were typed, so
    # "keripik tempe" → 10794 does not lift 10794 above 10391 Industri tempe for "tempe" alone.
    synonyms: list[tuple[frozenset[str], str, int]] = field(default_factory=list)
    synonyms_by_word: dict[str, list[int]] = field(default_factory=dict)
    sorted_words: list[str] = field(default_factory=list)
    # (word, its letters as bits) by length: the typo pass looks only at lengths within reach and
    # skips, without computing a distance, words whose letters alone differ too much.
    words_by_length: dict[int, list[tuple[str, int]]] = field(default_factory=dict)

    @classmethod
    def build(cls, rows, synonym_rows) -> KbliIndex:
        index = cls()
        for code, title in rows:
            words = raw_tokens(title)
            index.titles[code] = title
            index.title_words[code] = len(words)
            for word in [code, *words]:
                index.codes_by_word.setdefault(word, {})[code] = True
        for row_number, row in enumerate(synonym_rows):
            code, words = row["kode"], frozenset(raw_tokens(row["kata"]))
            if code not in index.titles or not words:
                continue
            for word in words:
                index.codes_by_word.setdefault(word, {}).setdefault(code, False)
                index.synonyms_by_word.setdefault(word, []).append(len(index.synonyms))
            index.synonyms.append((words, code, row_number))
        index.sorted_words = sorted(index.codes_by_word)
        for word in index.sorted_words:
            if not word.isdigit():
                index.words_by_length.setdefault(len(word), []).append((word, _letters(word)))
        return index

    def words_matching(self, token: str):
        """(word, quality) for the index words a query word can mean: itself, the words it starts
        and, when it is no word of the index and has four letters or more, words a small typo
        away (a known word is not also read as a typo: "salon" is not "sablon")."""
        start = bisect_left(self.sorted_words, token)
        for word in self.sorted_words[start:]:
            if not word.startswith(token):
                break
            yield word, KBLI_MATCH_EXACT if word == token else KBLI_MATCH_PREFIX
        if token in self.codes_by_word or len(token) < 4 or token.isdigit():
            return
        limit, letters = fuzziness(token), _letters(token)
        for length in range(len(token) - limit, len(token) + limit + 1):
            for word, word_letters in self.words_by_length.get(length, ()):
                # Each letter one word has and the other lacks costs at least one edit.
                if (letters & ~word_letters).bit_count() > limit or (word_letters & ~letters).bit_count() > limit:
                    continue
                if not word.startswith(token) and edit_distance(token, word, limit) <= limit:
                    yield word, KBLI_MATCH_FUZZY

    def synonym_ranks(self, matched_words: set[str]) -> dict[str, int]:
        """code -> the first row of a synonym whose every word was matched."""
        ranks: dict[str, int] = {}
        for word in matched_words:
            for position in self.synonyms_by_word.get(word, ()):
                words, code, row_number = self.synonyms[position]
                if row_number < ranks.get(code, _NO_SYNONYM) and words <= matched_words:
                    ranks[code] = row_number
        return ranks


# One index per process and version: the table is about 1,800 rows and changes only when a new
# list is loaded, which comes with a deploy (and load_kbli clears its own process's copy).
_kbli_indexes: dict[str, KbliIndex] = {}


def kbli_index(version: str = "2020") -> KbliIndex:
    index = _kbli_indexes.get(version)
    if index is None:
        rows = KbliCode.objects.filter(version=version, code__regex=r"^[0-9]{5}$").values_list("code", "title")
        index = KbliIndex.build(list(rows), kbli_synonym_rows(version))
        if index.titles:
            _kbli_indexes[version] = index
    return index


def kbli_index_clear() -> None:
    _kbli_indexes.clear()


def kbli_query_clean(text: str) -> str:
    text = " ".join((text or "").split())
    if len(text) < KBLI_QUERY_MIN_LENGTH:
        raise InvalidKbliQuery(_("Ketik minimal %(count)s huruf atau angka.") % {"count": KBLI_QUERY_MIN_LENGTH})
    if len(text) > KBLI_QUERY_MAX_LENGTH:
        raise InvalidKbliQuery(
            _("Kata pencarian terlalu panjang: maksimal %(count)s karakter.") % {"count": KBLI_QUERY_MAX_LENGTH}
        )
    return text


def kbli_search(text: str, *, version: str = "2020", limit: int = KBLI_SEARCH_LIMIT) -> list[KbliSuggestion]:
    """Five-digit KBLI codes (the ones registration accepts) for everyday words or a code prefix,
    best first: the codes matching most query words, then exact words over prefixes over typos,
    then a typed synonym (in file order) over title words, then title words over a synonym's
    stray word ("ayam" of "mie ayam"), then shorter (more specific) titles. Raises
    InvalidKbliQuery for a query too short or too long."""
    text = kbli_query_clean(text)
    index = kbli_index(version)
    words = list(dict.fromkeys(raw_tokens(text)))
    query = [word for word in words if word not in KBLI_QUERY_STOPWORDS][:8] or words[:8]
    matched_words: set[str] = set()
    coverage: dict[str, int] = {}
    quality: dict[str, int] = {}
    loose: dict[str, int] = {}  # query words a code matched only through part of a synonym
    for token in query:
        best: dict[str, tuple[int, bool]] = {}
        for word, word_quality in index.words_matching(token):
            matched_words.add(word)
            for code, in_title in index.codes_by_word[word].items():
                best[code] = max(best.get(code, (0, False)), (word_quality, in_title))
        for code, (code_quality, in_title) in best.items():
            coverage[code] = coverage.get(code, 0) + 1
            quality[code] = quality.get(code, 0) + code_quality
            loose[code] = loose.get(code, 0) + (not in_title)
    synonym_rank = index.synonym_ranks(matched_words)
    numeric = all(token.isdigit() for token in query)
    ranked = sorted(
        coverage,
        key=lambda code: (
            -coverage[code],
            -quality[code],
            synonym_rank.get(code, _NO_SYNONYM),
            loose[code],
            0 if numeric else index.title_words[code],
            code,
        ),
    )
    return [KbliSuggestion(code, index.titles[code]) for code in ranked[:limit]]


def verified_businesses() -> QuerySet[Business]:
    return Business.objects.filter(status=BusinessStatus.VERIFIED).select_related("kecamatan", "desa", "primary_kbli")


def business_directory(*, kecamatan: str = "", sector: str = "", q: str = "") -> QuerySet[Business]:
    """The public directory: verified only, filtered by kecamatan code and KBLI section."""
    businesses = verified_businesses()
    if kecamatan:
        businesses = businesses.filter(kecamatan_id=kecamatan)
    if sector:
        businesses = businesses.filter(primary_kbli__section=sector)
    if q:
        businesses = businesses.filter(Q(name__icontains=q) | Q(description__icontains=q))
    return businesses.order_by("name", "pk")


def businesses_of_owner(user) -> QuerySet[Business]:
    return user.businesses.select_related("kecamatan", "primary_kbli").order_by("-updated_at", "pk")


def business_for_editor(user, pk: int) -> Business | None:
    """The registration a user may fill in: their own, or one they registered at the counter."""

    if not user.is_authenticated:
        return None
    scope = Q(owner=user)
    if roles.has_any_role(user, roles.COUNTER_STAFF, roles.ADMINISTRATOR):
        scope |= Q(registered_by=user)
        if roles.has_role(user, roles.ADMINISTRATOR):
            scope = Q()
    return (
        Business.objects.select_related("owner", "owner__owner_profile", "kecamatan", "desa", "primary_kbli")
        .filter(scope, pk=pk)
        .first()
    )


def business_of_owner(user, pk: int) -> Business | None:
    """A business the user owns (the owner's edit and certification pages): anyone else's is
    None, which the views answer with 404."""
    if not user.is_authenticated:
        return None
    return (
        Business.objects.select_related("owner__owner_profile", "kecamatan", "desa", "primary_kbli")
        .filter(owner=user, pk=pk)
        .first()
    )


def counter_drafts(user) -> QuerySet[Business]:
    """Counter registrations not yet submitted (drafts and those sent back for changes) that the
    user may resume: their own as counter staff, every counter draft for an administrator."""

    drafts = Business.objects.filter(
        channel=RegistrationChannel.COUNTER,
        status__in=(BusinessStatus.DRAFT, BusinessStatus.NEEDS_CHANGES),
    ).select_related("owner__owner_profile", "registered_by")
    if not roles.has_role(user, roles.ADMINISTRATOR):
        drafts = drafts.filter(registered_by=user)
    return drafts.order_by("-updated_at", "pk")


AGE_FILTERS = {"1": 1, "3": 3, "7": 7, "14": 14}
CERTIFICATES_PENDING = "certificates"


def verification_queue(
    *, status: str = "", kecamatan: str = "", sector: str = "", older_than_days: str = "", q: str = ""
) -> QuerySet[Business]:
    """The DPMPTSP queue: submitted registrations first, oldest first."""
    businesses = Business.objects.exclude(status=BusinessStatus.DRAFT).select_related(
        "owner", "kecamatan", "desa", "primary_kbli", "registered_by"
    )
    if status == CERTIFICATES_PENDING:
        # Verified businesses whose owner added or replaced a certificate scan since.
        businesses = businesses.filter(
            status=BusinessStatus.VERIFIED, certifications__is_verified=False, certifications__scan__gt=""
        ).distinct()
    elif status != "all":
        businesses = businesses.filter(status=status or BusinessStatus.SUBMITTED)
    if kecamatan:
        businesses = businesses.filter(kecamatan_id=kecamatan)
    if sector:
        businesses = businesses.filter(primary_kbli__section=sector)
    if older_than_days in AGE_FILTERS:
        businesses = businesses.filter(submitted_at__lte=timezone.now() - timedelta(days=AGE_FILTERS[older_than_days]))
    if q:
        businesses = businesses.filter(
            Q(name__icontains=q) | Q(registration_number__icontains=q) | Q(nib__startswith=q)
        )
    return businesses.order_by("submitted_at", "pk")


def next_in_queue(after: Business) -> Business | None:
    """The registration to review after `after`: the oldest still waiting, other than it."""
    return verification_queue().exclude(pk=after.pk).first()


def featured_businesses(page=None, limit: int = 6, picks: list[int] | None = None) -> list[Business]:
    """Editors' picks on the home page (in their order), topped up with the most recently
    verified businesses — one query. The picks are the page's saved ones, or `picks` (business
    ids in order) for a draft being previewed."""
    businesses = verified_businesses()
    if page is None and picks is None:
        return list(businesses.order_by("-verified_at", "pk")[:limit])

    recent = businesses.order_by("-verified_at", "pk").values("pk")[:limit]
    if picks is None:
        picked = HomeFeaturedBusiness.objects.filter(page=page)
        picked_ids = picked.values("business_id")
        pick_order = Subquery(picked.filter(business=OuterRef("pk")).values("sort_order")[:1])
    else:
        picked_ids = picks
        pick_order = Case(
            *[When(pk=pk, then=Value(order)) for order, pk in enumerate(picks)],
            default=None,
            output_field=IntegerField(),
        )
    return list(
        businesses.filter(Q(pk__in=Subquery(recent)) | Q(pk__in=picked_ids))
        .annotate(pick_order=pick_order)
        .order_by(F("pick_order").asc(nulls_last=True), "-verified_at", "pk")[:limit]
    )


# --- Dashboard aggregates (portal/dashboard assembles them; counts only, nothing personal) ----


def registered_businesses(filters) -> QuerySet[Business]:
    """Businesses registered (submitted, whatever their status now) in the filter's period; the
    registration date is when the registration was submitted (created, for older rows)."""

    return (
        Business.objects.exclude(status=BusinessStatus.DRAFT)
        .alias(registered_at=Coalesce("submitted_at", "created_at"))
        .filter(filters.period_q("registered_at"), filters.business_q())
    )


def registrations_by_month(filters) -> list[dict]:
    """[{month, status, n}] for the registrations of the period, by their current status."""

    return list(
        registered_businesses(filters)
        .annotate(month=TruncMonth("registered_at"))
        .values("month", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )


def businesses_by(filters, field: str) -> list[dict]:
    """[{<field>, total, verified}] of the period's registrations grouped by one field."""

    return list(
        registered_businesses(filters)
        .values(field)
        .annotate(total=Count("pk"), verified=Count("pk", filter=Q(status=BusinessStatus.VERIFIED)))
        .order_by(field)
    )


def business_funnel(filters, steps: list[tuple[str, object]]) -> dict[str, int]:
    """How many of the period's registrations reached each step: one query, one COUNT per step,
    each step a condition on the business (a Q or an Exists from the app that owns the step)."""

    aggregates = {
        key: Count("pk", filter=condition) if condition is not None else Count("pk") for key, condition in steps
    }
    return registered_businesses(filters).aggregate(**aggregates)

"""Matching a business and a loan request against loan products: a pure function.

Nothing here touches the database: `financing.selectors` turns models into the frozen
dataclasses below, so the rules are fast (see bench/matching.py), deterministic and testable
as a table. Every rule that fails is reported, not only the first, so an owner learns all
that stands between them and a product.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

MODAL_KERJA = "modal_kerja"
INVESTASI = "investasi"
PURPOSES = (MODAL_KERJA, INVESTASI)

# Existing-loan types an owner can declare (API and form use the same codes).
LOAN_KUR = "kur"
LOAN_PRODUCTIVE = "productive"  # commercial productive credit (e.g. Kupedes, bank working capital)
LOAN_CONSUMER = "consumer"  # household consumer credit
LOAN_MORTGAGE = "mortgage"  # KPR
LOAN_ULTRA_MICRO = "ultra_micro"  # UMi, Mekaar and similar
LOAN_MOTORBIKE = "motorbike"  # productive motorbike loan
LOAN_TYPES = (LOAN_KUR, LOAN_PRODUCTIVE, LOAN_CONSUMER, LOAN_MORTGAGE, LOAN_ULTRA_MICRO, LOAN_MOTORBIKE)


@dataclass(frozen=True, slots=True)
class ExistingLoan:
    type: str
    lender: str = ""  # lender code when known (KUR at the same lender is allowed)
    amount: int = 0


@dataclass(frozen=True, slots=True)
class Profile:
    started_on: date | None
    kbli: str
    region_code: str  # kecamatan (33.24.12) or desa code; prefixes decide coverage
    annual_sales: int = 0
    capital: int = 0
    has_nib: bool = False
    has_npwp: bool = False
    current_loans: tuple[ExistingLoan, ...] = ()
    previous_kur_count: int = 0


@dataclass(frozen=True, slots=True)
class LoanRequest:
    amount: int
    purpose: str
    tenor_months: int


@dataclass(frozen=True, slots=True)
class RateRule:
    rate: Decimal
    valid_from: date
    valid_to: date | None = None
    loan_number_from: int = 1
    loan_number_to: int | None = None


@dataclass(frozen=True, slots=True)
class RepeatLimit:
    kbli_prefixes: tuple[str, ...]  # empty = every other sector
    sector_label: str
    max_loans: int
    valid_from: date
    valid_to: date | None = None


@dataclass(frozen=True, slots=True)
class ProductRules:
    code: str
    name: str
    lender_code: str
    lender_name: str
    min_amount: int
    max_amount: int
    max_tenor: dict  # purpose -> months; a missing purpose is not offered
    is_kur: bool = False
    min_business_age_months: int = 0
    kbli_include: tuple[str, ...] = ()
    kbli_exclude: tuple[str, ...] = ()
    region_prefixes: tuple[str, ...] = ()
    region_label: str = ""
    collateral_free_up_to: int = 0
    collateral_rule: str = ""
    required_documents: tuple[str, ...] = ()
    npwp_required_above: int | None = None
    ultra_micro_allowed_up_to: int = 20_000_000
    rates: tuple[RateRule, ...] = ()
    repeat_limits: tuple[RepeatLimit, ...] = ()
    sort_order: int = 0


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(slots=True)
class ProductMatch:
    product: ProductRules
    is_eligible: bool
    reasons: list[Reason] = field(default_factory=list)
    score: int = 0
    rate: Decimal | None = None
    monthly_instalment: int | None = None
    max_amount: int = 0
    npwp_required: bool = False
    documents: tuple[str, ...] = ()

    @property
    def failed_codes(self) -> list[str]:
        return [] if self.is_eligible else [reason.code for reason in self.reasons]


@dataclass(slots=True)
class MatchResult:
    eligible: list[ProductMatch]
    ineligible: list[ProductMatch]
    suggested_kur: ProductRules | None
    npwp_required: bool
    business_age_months: int | None

    @property
    def eligible_codes(self) -> set[str]:
        return {match.product.code for match in self.eligible}

    def for_product(self, code: str) -> ProductMatch:
        for match in self.eligible + self.ineligible:
            if match.product.code == code:
                return match
        raise KeyError(code)


def rupiah(amount: int) -> str:
    return f"Rp{amount:,}".replace(",", ".")


def months_between(start: date, end: date) -> int:
    """Whole months from start to end (a business started 15 Jan is 1 month old on 15 Feb)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return months


def monthly_instalment(principal: int, annual_rate_percent: Decimal | float, months: int) -> int:
    """Annuity instalment at the effective annual rate (monthly rate = annual / 12), rounded up
    to the rupiah so the schedule never underpays."""
    if months <= 0:
        return principal
    rate = float(annual_rate_percent) / 1200.0
    if rate == 0:
        return -(-principal // months)
    payment = principal * rate / (1.0 - (1.0 + rate) ** -months)
    whole = int(payment)
    return whole if payment - whole < 1e-9 else whole + 1


def _valid(valid_from: date, valid_to: date | None, today: date) -> bool:
    return valid_from <= today and (valid_to is None or today <= valid_to)


def rate_for(product: ProductRules, *, loan_number: int, today: date) -> Decimal | None:
    """The rate in force today for the borrower's n-th KUR loan; the newest rule wins, so a flat
    rate entered from 2026-01-01 overrides older open-ended tiers."""
    best: RateRule | None = None
    for rule in product.rates:
        if not _valid(rule.valid_from, rule.valid_to, today):
            continue
        if loan_number < rule.loan_number_from:
            continue
        if rule.loan_number_to is not None and loan_number > rule.loan_number_to:
            continue
        if best is None or rule.valid_from > best.valid_from:
            best = rule
    return best.rate if best else None


def repeat_limit_for(product: ProductRules, *, kbli: str, today: date) -> RepeatLimit | None:
    sector_specific = None
    fallback = None
    for limit in product.repeat_limits:
        if not _valid(limit.valid_from, limit.valid_to, today):
            continue
        if limit.kbli_prefixes:
            if kbli.startswith(limit.kbli_prefixes):
                sector_specific = limit
        else:
            fallback = limit
    return sector_specific or fallback


def _blocking_loans(product: ProductRules, loans: tuple[ExistingLoan, ...]) -> list[ExistingLoan]:
    """KUR may not sit beside commercial productive credit. Allowed: consumer credit, mortgages,
    productive motorbike loans, ultra-micro loans up to the product's limit, KUR at the same lender."""
    blocking = []
    for loan in loans:
        if loan.type == LOAN_PRODUCTIVE:
            blocking.append(loan)
        elif loan.type == LOAN_ULTRA_MICRO and loan.amount > product.ultra_micro_allowed_up_to:
            blocking.append(loan)
        elif loan.type == LOAN_KUR and loan.lender != product.lender_code:
            blocking.append(loan)
    return blocking


def _loan_label(loan: ExistingLoan) -> str:
    labels = {
        LOAN_KUR: _("KUR"),
        LOAN_PRODUCTIVE: _("kredit produktif"),
        LOAN_CONSUMER: _("kredit konsumtif"),
        LOAN_MORTGAGE: _("KPR"),
        LOAN_ULTRA_MICRO: _("pinjaman ultra mikro"),
        LOAN_MOTORBIKE: _("kredit motor produktif"),
    }
    label = labels.get(loan.type, loan.type)
    if loan.lender:
        label = f"{label} ({loan.lender})"
    if loan.amount:
        label = f"{label} {rupiah(loan.amount)}"
    return label


def evaluate(
    product: ProductRules, profile: Profile, request: LoanRequest, *, today: date, age_months: int | None = None
) -> ProductMatch:
    """Check one product; every failed rule becomes a reason."""
    failed: list[Reason] = []
    scheme = _("KUR") if product.is_kur else product.name
    if age_months is None and profile.started_on is not None:
        age_months = months_between(profile.started_on, today)

    max_tenor = product.max_tenor.get(request.purpose)
    purpose_label = _("modal kerja") if request.purpose == MODAL_KERJA else _("investasi")
    if max_tenor is None:
        failed.append(
            Reason(
                "purpose",
                _("%(product)s tidak melayani kredit %(purpose)s.")
                % {"product": product.name, "purpose": purpose_label},
            )
        )
    elif request.tenor_months > max_tenor:
        failed.append(
            Reason(
                "tenor",
                _("tenor %(tenor)s bulan melebihi batas %(max)s bulan untuk %(purpose)s pada %(product)s.")
                % {"tenor": request.tenor_months, "max": max_tenor, "purpose": purpose_label, "product": product.name},
            )
        )

    if request.amount < product.min_amount:
        failed.append(
            Reason(
                "amount_below",
                _("plafon %(amount)s di bawah batas minimal %(product)s (%(min)s).")
                % {"amount": rupiah(request.amount), "product": product.name, "min": rupiah(product.min_amount)},
            )
        )
    elif request.amount > product.max_amount:
        failed.append(
            Reason(
                "amount_above",
                _("plafon %(amount)s di atas batas maksimal %(product)s (%(max)s).")
                % {"amount": rupiah(request.amount), "product": product.name, "max": rupiah(product.max_amount)},
            )
        )

    if product.min_business_age_months:
        if age_months is None:
            failed.append(
                Reason(
                    "age_unknown",
                    _("tanggal mulai usaha belum diisi; %(scheme)s mensyaratkan usaha berjalan minimal %(min)s bulan.")
                    % {"scheme": scheme, "min": product.min_business_age_months},
                )
            )
        elif age_months < product.min_business_age_months:
            failed.append(
                Reason(
                    "age",
                    _("usaha baru berjalan %(age)s bulan; %(scheme)s mensyaratkan minimal %(min)s bulan.")
                    % {"age": age_months, "scheme": scheme, "min": product.min_business_age_months},
                )
            )

    kbli = profile.kbli or ""
    if product.kbli_include and not kbli.startswith(product.kbli_include):
        failed.append(
            Reason(
                "sector",
                _("sektor usaha (KBLI %(kbli)s) tidak dilayani %(product)s.")
                % {"kbli": kbli or "-", "product": product.name},
            )
        )
    elif product.kbli_exclude and kbli.startswith(product.kbli_exclude):
        failed.append(
            Reason(
                "sector",
                _("sektor usaha (KBLI %(kbli)s) dikecualikan dari %(product)s.")
                % {"kbli": kbli, "product": product.name},
            )
        )

    if product.region_prefixes and not _in_region(profile.region_code, product.region_prefixes):
        failed.append(
            Reason(
                "region",
                _("%(lender)s hanya melayani usaha di %(region)s.")
                % {"lender": product.lender_name, "region": product.region_label or ", ".join(product.region_prefixes)},
            )
        )

    if product.is_kur:
        blocking = _blocking_loans(product, profile.current_loans)
        if blocking:
            failed.append(
                Reason(
                    "other_credit",
                    _(
                        "masih ada kredit produktif berjalan (%(loans)s); KUR hanya untuk "
                        "yang tidak sedang menerima kredit produktif komersial."
                    )
                    % {"loans": "; ".join(_loan_label(loan) for loan in blocking)},
                )
            )
        limit = repeat_limit_for(product, kbli=kbli, today=today)
        if limit is not None and profile.previous_kur_count >= limit.max_loans:
            failed.append(
                Reason(
                    "repeat_limit",
                    _("sudah %(count)s kali menerima KUR; sektor %(sector)s dibatasi maksimal %(max)s kali.")
                    % {"count": profile.previous_kur_count, "sector": limit.sector_label, "max": limit.max_loans},
                )
            )

    loan_number = profile.previous_kur_count + 1 if product.is_kur else 1
    rate = rate_for(product, loan_number=loan_number, today=today)
    if rate is None:
        failed.append(
            Reason("no_rate", _("%(product)s belum memiliki suku bunga yang berlaku.") % {"product": product.name})
        )

    if failed or rate is None:  # no rate is one of the failed reasons
        return ProductMatch(
            product=product, is_eligible=False, reasons=failed, rate=rate, max_amount=product.max_amount
        )

    reasons: list[Reason] = [
        Reason(
            "amount_ok",
            _("plafon %(amount)s sesuai batas %(product)s (%(min)s–%(max)s).")
            % {
                "amount": rupiah(request.amount),
                "product": product.name,
                "min": rupiah(product.min_amount),
                "max": rupiah(product.max_amount),
            },
        ),
        Reason("rate", _("bunga efektif %(rate)s%% per tahun.") % {"rate": _format_rate(rate)}),
    ]
    if age_months is not None and product.min_business_age_months:
        reasons.append(
            Reason(
                "age_ok",
                _("usaha sudah berjalan %(age)s bulan (minimal %(min)s bulan).")
                % {"age": age_months, "min": product.min_business_age_months},
            )
        )
    score = 60
    if product.collateral_free_up_to and request.amount <= product.collateral_free_up_to:
        reasons.append(
            Reason(
                "no_collateral",
                _("tanpa agunan tambahan sampai %(limit)s.") % {"limit": rupiah(product.collateral_free_up_to)},
            )
        )
        score += 15
    elif product.collateral_rule:
        reasons.append(Reason("collateral", product.collateral_rule))
    npwp_limit = product.npwp_required_above
    npwp_required = npwp_limit is not None and request.amount > npwp_limit
    if npwp_limit is not None and npwp_required:
        if profile.has_npwp:
            reasons.append(
                Reason(
                    "npwp_ok",
                    _("NPWP wajib untuk plafon di atas %(limit)s; Anda sudah memiliki NPWP.")
                    % {"limit": rupiah(npwp_limit)},
                )
            )
        else:
            reasons.append(
                Reason(
                    "npwp_missing",
                    _("NPWP wajib untuk plafon di atas %(limit)s; siapkan NPWP sebelum ke bank.")
                    % {"limit": rupiah(npwp_limit)},
                )
            )
            score -= 10
    if not profile.has_nib:
        reasons.append(Reason("nib_missing", _("belum ada NIB: bawa surat keterangan usaha (SKU) dari desa.")))
        score -= 5
    # Cheaper money scores higher; 20% p.a. or more adds nothing.
    score += max(0, int(round((20 - float(rate)) * 1.5)))
    documents = product.required_documents
    if npwp_required and not any("NPWP" in doc for doc in documents):
        documents = documents + ("NPWP",)
    return ProductMatch(
        product=product,
        is_eligible=True,
        reasons=reasons,
        score=max(0, min(100, score)),
        rate=rate,
        monthly_instalment=monthly_instalment(request.amount, rate, request.tenor_months),
        max_amount=product.max_amount,
        npwp_required=npwp_required,
        documents=documents,
    )


def _in_region(code: str, prefixes: tuple[str, ...]) -> bool:
    code = code or ""
    return any(code == prefix or code.startswith(prefix + ".") for prefix in prefixes)


def _format_rate(rate: Decimal) -> str:
    text = f"{rate:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def match(
    profile: Profile, request: LoanRequest, products: list[ProductRules] | tuple[ProductRules, ...], *, today: date
) -> MatchResult:
    """Evaluate every product; eligible ones best first (score, then the product's order)."""
    age_months = months_between(profile.started_on, today) if profile.started_on else None
    eligible: list[ProductMatch] = []
    ineligible: list[ProductMatch] = []
    for product in products:
        result = evaluate(product, profile, request, today=today, age_months=age_months)
        (eligible if result.is_eligible else ineligible).append(result)
    eligible.sort(key=lambda m: (-m.score, m.product.sort_order, m.product.code))
    suggested = None
    for product in products:
        if product.is_kur and product.min_amount <= request.amount <= product.max_amount:
            suggested = product
            break
    npwp_required = any(m.npwp_required for m in eligible) or (
        suggested is not None
        and suggested.npwp_required_above is not None
        and request.amount > suggested.npwp_required_above
    )
    return MatchResult(
        eligible=eligible,
        ineligible=ineligible,
        suggested_kur=suggested,
        npwp_required=npwp_required,
        business_age_months=age_months,
    )

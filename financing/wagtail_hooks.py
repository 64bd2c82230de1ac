"""Lenders, branches, loan products (with their rates and repeat limits) and officer links are
data administrators edit in the Wagtail admin, under one "Pembiayaan" menu."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from financing.models import BankOfficer, Lender, LenderBranch, LoanProduct


class LenderViewSet(ModelViewSet):
    model = Lender
    icon = "site"
    menu_label = _("Pemberi pinjaman")
    list_display = ["name", "code", "kind", "region_codes", "is_active"]
    search_fields = ["name", "code"]


class LenderBranchViewSet(ModelViewSet):
    model = LenderBranch
    icon = "home"
    menu_label = _("Cabang/unit bank")
    list_display = ["name", "lender", "code"]
    list_filter = ["lender"]
    search_fields = ["name", "code"]


class LoanProductViewSet(ModelViewSet):
    model = LoanProduct
    icon = "form"
    menu_label = _("Produk pinjaman")
    list_display = ["name", "lender", "min_amount", "max_amount", "is_kur", "is_active"]
    list_filter = ["lender", "is_kur", "is_active"]
    search_fields = ["name", "code"]


class BankOfficerViewSet(ModelViewSet):
    model = BankOfficer
    icon = "user"
    menu_label = _("Petugas bank")
    list_display = ["user", "lender", "branch"]
    list_filter = ["lender"]


class FinancingViewSetGroup(ViewSetGroup):
    menu_label = _("Pembiayaan")
    menu_icon = "form"
    menu_order = 300
    items = (
        LoanProductViewSet("financing_product"),
        LenderViewSet("financing_lender"),
        LenderBranchViewSet("financing_branch"),
        BankOfficerViewSet("financing_officer"),
    )


@hooks.register("register_admin_viewset")
def register_financing_viewsets():
    return FinancingViewSetGroup()

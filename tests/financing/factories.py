import factory

from financing import eligibility as el
from financing.models import BankOfficer, Lender, LenderBranch
from financing.services import application_submit
from portal import roles
from tests.portal.factories import UserFactory


class LenderBranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LenderBranch
        skip_postgeneration_save = True  # the hook only sets a many-to-many

    lender = factory.LazyFunction(lambda: Lender.objects.get(code="bri"))
    code = factory.Sequence(lambda n: f"unit-{n}")
    name = factory.Sequence(lambda n: f"BRI Unit {n}")

    @factory.post_generation
    def kecamatan(self, create, extracted, **kwargs):
        if create and extracted:
            self.kecamatan.set(extracted)


class BankOfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BankOfficer

    user = factory.SubFactory(UserFactory, roles=[roles.BANK_OFFICER])
    lender = factory.LazyFunction(lambda: Lender.objects.get(code="bri"))
    branch = None


def submit(
    business, products=("kur-mikro",), *, amount=20_000_000, purpose=el.MODAL_KERJA, tenor=12, loans=(), previous=0
):
    """Submit an application as the business's owner with consent to every lender involved."""
    from financing.models import LoanProduct

    lenders = list(LoanProduct.objects.filter(code__in=products).values_list("lender__code", flat=True))
    return application_submit(
        user=business.owner,
        business=business,
        request=el.LoanRequest(amount=amount, purpose=purpose, tenor_months=tenor),
        current_loans=list(loans),
        previous_kur_count=previous,
        product_codes=list(products),
        consented_lenders=lenders,
    )

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from portal import roles as portal_roles
from portal.models import User
from registry.models import Business, BusinessStatus, Certification, CertificationKind, OwnerProfile


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True  # the hooks below only add groups (and the profile)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.id")
    first_name = "Sri"
    last_name = "Rahayu"
    password = factory.django.Password("rahasia-123")  # hashed before the one save

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            self.groups.add(Group.objects.get(name=role))


class OwnerFactory(UserFactory):
    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or (portal_roles.OWNER,):
            self.groups.add(Group.objects.get(name=role))

    profile = factory.RelatedFactory("tests.portal.factories.OwnerProfileFactory", factory_related_name="user")


class OwnerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OwnerProfile

    user = factory.SubFactory(UserFactory)
    full_name = factory.LazyAttribute(lambda p: p.user.get_full_name())
    nik = factory.Sequence(lambda n: f"3324015708{80 + n % 20:02d}{n % 9999 + 1:04d}")
    phone = "+6281234567890"
    email = factory.LazyAttribute(lambda p: p.user.email)
    allows_whatsapp_contact = True


class BusinessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Business
        skip_postgeneration_save = True  # the kbli hook saves what it sets

    owner = factory.SubFactory(OwnerFactory)
    name = factory.Sequence(lambda n: f"Kripik Tempe Bu Sri {n}")
    slug = factory.Sequence(lambda n: f"kripik-tempe-bu-sri-{n}")
    nib = factory.Sequence(lambda n: f"{9120000000000 + n}")
    started_on = factory.LazyFunction(
        lambda: timezone.localdate().replace(day=1).replace(year=timezone.localdate().year - 2)
    )
    capital = 50_000_000
    annual_sales = 120_000_000
    kecamatan_id = "33.24.12"
    desa_id = factory.LazyAttribute(lambda b: f"{b.kecamatan_id}.2001")
    address = "Jl. Pemuda No. 1"
    status = BusinessStatus.VERIFIED
    verified_at = factory.LazyFunction(timezone.now)
    registration_number = factory.Sequence(lambda n: f"MPP-3324-T{n:06d}")

    @factory.post_generation
    def kbli(self, create, extracted, **kwargs):
        from registry.models import KbliCode

        code = extracted or "10794"
        kbli = KbliCode.objects.get(version="2020", code=code)
        self.primary_kbli = kbli
        if create:
            self.save(update_fields=["primary_kbli"])
            self.kbli_codes.add(kbli)


class CertificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certification

    business = factory.SubFactory(BusinessFactory)
    kind = CertificationKind.HALAL
    number = factory.Sequence(lambda n: f"ID33240000{n:06d}")
    expires_on = factory.LazyFunction(lambda: timezone.localdate().replace(year=timezone.localdate().year + 3))
    is_verified = True

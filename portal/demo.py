"""Demo staff accounts, one per role (password core.demo.DEMO_PASSWORD)."""

from __future__ import annotations

from django.contrib.auth.models import Group

from core.demo import DEMO_PASSWORD, DemoContext
from portal import roles
from portal.models import User


def _user(username: str, *, role: str, first: str, last: str = "", superuser: bool = False) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{username}@demo.etalase-mpp.id",
            "is_staff": superuser,
            "is_superuser": superuser,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.groups.add(Group.objects.get(name=role))
    return user


def staff_users() -> dict[str, User]:
    return {
        "admin": _user("admin", role=roles.ADMINISTRATOR, first="Admin", last="Portal", superuser=True),
        "counter": _user("loket", role=roles.COUNTER_STAFF, first="Petugas", last="Loket"),
        "training": _user("pelatihan", role=roles.TRAINING_OFFICER, first="Petugas", last="Pelatihan"),
        "curator": _user("kurator", role=roles.PARTNER_CURATOR, first="Kurator", last="Mitra"),
        "bri": _user("bri", role=roles.BANK_OFFICER, first="Petugas", last="BRI"),
        "bkk": _user("bkk", role=roles.BANK_OFFICER, first="Petugas", last="BPR BKK"),
    }


def seed(ctx: DemoContext) -> None:
    ctx.staff = staff_users()

"""The personal-data registry (UU 27/2022): each app says what it holds about a person, so the
rights in privacy/ (a copy of everything, erasure) can reach every app without importing them.

Each app contributes what it holds through `register()` in its own `personal_data.py` module
(discovered like admin.py), so core never imports the other apps:

    from core.personal_data import register
    register("catalog.products", collect=my_products, erase=forget_buyer_contact, order=20)

`collect(user)` returns JSON-ready data; `files(user)` yields (name in the ZIP, FieldFile);
`erase(user)` anonymises the app's personal fields of that user and returns counts;
`audited(user)` returns querysets of the app's rows that are this person's data (their profile,
businesses, certifications, leads…): every audit-log entry about one of those rows goes in the
person's access log ("who viewed or changed my data"), whichever view or task wrote it.

What deletion removes and what it keeps is listed in README "Data pribadi / Personal data rights";
the services that run the rights are in privacy/services.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.module_loading import autodiscover_modules

from core.crypto import is_undecryptable

ERASED = "[dihapus]"


@dataclass(frozen=True)
class Section:
    key: str
    collect: Callable
    files: Callable | None
    erase: Callable | None
    order: int
    audited: Callable | None = None


_sections: dict[str, Section] = {}
_discovered = False


def register(
    key: str,
    *,
    collect: Callable,
    files: Callable | None = None,
    erase: Callable | None = None,
    audited: Callable | None = None,
    order: int = 50,
) -> None:
    _sections[key] = Section(key, collect, files, erase, order, audited)


def audited_rows(user) -> list:
    """Querysets (one per model) of every row that is this person's data, from all apps."""
    return [queryset for section in sections() if section.audited for queryset in section.audited(user)]


def sections() -> list[Section]:
    global _discovered
    if not _discovered:
        autodiscover_modules("personal_data")
        _discovered = True
    return sorted(_sections.values(), key=lambda s: (s.order, s.key))


def as_dict(obj, *, exclude: Iterable[str] = ()) -> dict:
    """Every stored column of a row (foreign keys as ids, files as their names)."""
    skip = set(exclude)
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in skip or field.attname in skip:
            continue
        value = getattr(obj, field.attname)
        if hasattr(value, "name") and field.get_internal_type() == "FileField":
            value = value.name or ""
        elif is_undecryptable(value):
            value = str(value)  # the placeholder: the stored value exists but cannot be opened
        data[field.attname] = value
    return data

from functools import cache

from django.conf import settings

from portal import navigation


def portal(request):
    user = getattr(request, "user", None)
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "PORTAL_REGION_CODE": settings.PORTAL_REGION_CODE,
        # Callables: templates evaluate them only where the header shows them.
        "nav_entries": cache(lambda: navigation.header_entries(user) if user is not None else []),
        "work_elsewhere": cache(lambda: navigation.work_entry(user) if user is not None else None),
        "role_label": cache(lambda: navigation.role_label(user) if user is not None else ""),
        # Wagtail's user bar (edit this page) for staff only: its own check costs two permission
        # queries on every page, for every visitor.
        "shows_userbar": cache(lambda: user is not None and navigation.works_in_admin(user)),
    }

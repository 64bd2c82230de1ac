"""Wagtail admin menu items shown only to the users their pages let in (`shown_to(user)`); the
views check the same rule again. Every app's staff menu entries use these."""

from collections.abc import Callable

from wagtail.admin.menu import MenuItem, SubmenuMenuItem


class _ShownTo:
    def __init__(self, *args, shown_to: Callable[[object], bool], **kwargs):
        super().__init__(*args, **kwargs)
        self.shown_to = shown_to

    def is_shown(self, request) -> bool:
        return self.shown_to(request.user)


class RestrictedMenuItem(_ShownTo, MenuItem):
    pass


class RestrictedSubmenuMenuItem(_ShownTo, SubmenuMenuItem):
    pass

"""The site shell's models: the user model (app label kept: no swap) and the CMS pages."""

from .accounts import User
from .pages import (
    ContactPage,
    FaqPage,
    HomeFeaturedBusiness,
    HomePage,
    NewsIndexPage,
    NewsPage,
    Opd,
    OpdService,
    ServiceDirectoryPage,
)

__all__ = [
    "ContactPage",
    "FaqPage",
    "HomeFeaturedBusiness",
    "HomePage",
    "NewsIndexPage",
    "NewsPage",
    "Opd",
    "OpdService",
    "ServiceDirectoryPage",
    "User",
]

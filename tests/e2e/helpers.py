"""Steps shared by the browser journeys."""

from playwright.sync_api import Page

# The factories' password (tests/portal/factories.py).
PASSWORD = "rahasia-123"


def login(page: Page, base_url: str, username: str, next_url: str = "/akun/") -> None:
    """Signs in through the portal's own login form, as a person would."""
    page.goto(f"{base_url}/akun/login/?next={next_url}")
    page.get_by_label("Nama pengguna atau email").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()

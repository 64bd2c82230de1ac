"""See scripts/screenshots. The page list and the phone check live in tests/e2e/pages.py."""
import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.e2e.pages import PUBLIC, SCREENSHOT_SIZES, VISITS, login, page_problems  # noqa: E402

DEMO_PASSWORD = "etalase-demo-2026"  # portal/demo.py
DEMO_USERS = {"pemilik": "pemilik1", "bank": "bri", "loket": "loket", "pelatihan": "pelatihan", "kurator": "kurator"}


def main(base: str) -> int:
    out = Path("var/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    findings = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
        for size, context_args in SCREENSHOT_SIZES.items():
            for role in dict.fromkeys(v.role for v in VISITS):
                context = browser.new_context(**context_args, locale="id-ID")
                page = context.new_page()
                errors = []
                # Wagtail's userbar logs its accessibility checker's results to the console for staff.
                page.on("console", lambda m: errors.append(m.text)
                        if m.type == "error" and not m.text.startswith("axe.run") else None)
                if role != PUBLIC:
                    login(page, base, DEMO_USERS[role], DEMO_PASSWORD)
                for visit in (v for v in VISITS if v.role == role):
                    url = visit.url(page, base)
                    if url is None:
                        findings.append(f"{size} {role} {visit.name}: no link {visit.link} on {visit.path}")
                        continue
                    errors.clear()
                    page.goto(url)
                    (out / role).mkdir(exist_ok=True)
                    page.screenshot(path=str(out / role / f"{visit.name}-{size}.png"), full_page=True)
                    if size == "ponsel" and not visit.staff:
                        findings += [f"{size} {role} {visit.name}: {p}" for p in page_problems(page)]
                    findings += [f"{size} {role} {visit.name}: console: {e}" for e in errors]
                context.close()
        browser.close()
    (out / "problems.txt").write_text("\n".join(findings) + "\n")
    print(f"{sum(1 for _ in out.rglob('*.png'))} screenshots in {out}/; {len(findings)} findings in {out}/problems.txt")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"))

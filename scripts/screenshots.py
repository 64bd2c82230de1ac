"""See scripts/screenshots. The page list and the phone check live in tests/e2e/pages.py."""

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.e2e.pages import SCREENSHOT_SIZES, VISITS, walk  # noqa: E402

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

                def shoot(visit, page, role=role, size=size):
                    (out / role).mkdir(exist_ok=True)
                    page.screenshot(path=str(out / role / f"{visit.name}-{size}.png"), full_page=True)

                found = walk(
                    browser,
                    base,
                    role,
                    username=DEMO_USERS.get(role, ""),
                    password=DEMO_PASSWORD,
                    context_args=context_args,
                    check=size == "ponsel",
                    on_page=shoot,
                )
                findings += [f"{size} {role} {line}" for line in found]
        browser.close()
    (out / "problems.txt").write_text("\n".join(findings) + "\n")
    print(f"{sum(1 for _ in out.rglob('*.png'))} screenshots in {out}/; {len(findings)} findings in {out}/problems.txt")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"))

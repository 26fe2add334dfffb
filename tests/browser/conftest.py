"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright; axe-core checks each page."""

import os
import shutil
from pathlib import Path

import pytest

from tests.factories import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(
    os.environ.get("SCREENSHOT_DIR", Path(__file__).resolve().parents[2] / "var" / "screenshots")
)
AXE_SOURCE = AXE.read_text() if AXE.exists() else ""
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(config, items):
    missing = []
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        missing.append(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    if not AXE.exists():
        missing.append("axe-core not installed (npm install)")
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            # One browser per worker process: keep browser tests together on one worker.
            item.add_marker(pytest.mark.xdist_group("browser"))
            if missing:
                if os.environ.get("CI"):
                    raise pytest.UsageError("Browser tests cannot run in CI: " + "; ".join(missing))
                item.add_marker(pytest.mark.skip(reason="; ".join(missing)))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base = live_server.url
    page.csp_errors = []
    page.on(
        "console",
        lambda msg: (
            msg.type == "error"
            and "Content Security Policy" in msg.text
            and page.csp_errors.append(msg.text)
        ),
    )
    page.on(
        "dialog",
        lambda dialog: (_ for _ in ()).throw(AssertionError(f"dialog opened: {dialog.message}")),
    )
    yield page
    context.close()


def check_accessibility(page, name: str | None = None) -> None:
    """Fail on any serious or critical axe-core finding; save desktop and phone screenshots."""
    # Evaluated through the DevTools protocol: our CSP (rightly) refuses injected script tags.
    page.evaluate(AXE_SOURCE)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, "Accessibility problems:\n" + "\n".join(bad)
    assert not page.csp_errors, f"CSP violations: {page.csp_errors}"
    if name:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-desktop.png"), full_page=True)
        size = page.viewport_size
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(SCREENSHOTS / f"{name}-phone.png"), full_page=True)
        page.set_viewport_size(size)


def login(page, username: str, password: str = PASSWORD) -> None:
    page.goto(page.base + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state()

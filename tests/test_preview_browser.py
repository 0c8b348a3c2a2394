"""The preview in a real browser: Debian's chromium driven by Playwright.

Opens the preview of a project copy, saves a changed msgstr as a translator's
editor would, and waits (on the page's own state, never on a clock) for the
picture to change and the pointer to show the new text. Then breaks the
catalog and sees the error in words with the last good pages still there.
"""

import shutil

import pytest

from campaign.po_files import po_path
from campaign.preview.process import PreviewProcess

playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (./run installs it)")

EDITION = "?country=FR&locale=fr_FR&audience=children&target=screen"
OLD, NEW = "Les gens sur Internet", "Les gens en ligne"


@pytest.fixture
def browser_page():
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield browser.new_page(viewport={"width": 1400, "height": 1000})
        finally:
            browser.close()


def wait_for_version_after(page, version):
    page.wait_for_function(
        "version => Number(document.getElementById('pages').dataset.version) > version",
        arg=version, timeout=60_000)
    return int(page.get_attribute("#pages", "data-version"))


def point_at(page, english):
    """Hover the first hotspot of the message whose English is `english`."""
    number = page.evaluate(
        """english => fetch('/api/preview' + location.search).then(r => r.json())
             .then(state => state.messages.findIndex(m => m.english === english))""", english)
    assert number >= 0
    page.hover(f'.hotspot[data-message="{number}"] >> nth=0')
    return page.locator("#details")


def test_a_saved_translation_shows_up_on_the_page(project_copy, browser_page):
    page = browser_page
    catalog = po_path(project_copy, "fr")
    before_files = files_and_times(project_copy.root)
    with PreviewProcess(project_copy.root) as preview:
        assert preview.address.startswith("http://127.0.0.1:")  # loopback only
        page.goto(preview.address + EDITION)
        version = wait_for_version_after(page, 0)
        assert [page.input_value(f"#{name}") for name in ("country", "locale", "audience", "target")] == [
            "FR", "fr_FR", "children", "screen"]
        assert point_at(page, "People online").locator(".translation").inner_text() == OLD
        before = [preview.get_bytes(src) for src in page.eval_on_selector_all(
            ".page-image", "images => images.map(i => i.getAttribute('src'))")]

        catalog.write_text(catalog.read_text(encoding="utf-8").replace(
            f'msgstr "{OLD}"', f'msgstr "{NEW}"', 1), encoding="utf-8")
        version = wait_for_version_after(page, version)

        after = [preview.get_bytes(src) for src in page.eval_on_selector_all(
            ".page-image", "images => images.map(i => i.getAttribute('src'))")]
        assert after[0] == before[0] and after[1] != before[1]  # the heading is on the inside sheet
        details = point_at(page, "People online")
        assert details.locator(".translation").inner_text() == NEW
        assert "locales/fr/LC_MESSAGES/leaflets.po, line" in details.locator(".where").inner_text()
        assert "ms after the save" in page.inner_text("#status")
        assert page.is_hidden("#errors")
        # The check problems follow the pictures: a translation much longer than the English.
        page.wait_for_selector('#pages[data-checked="true"]', timeout=60_000)
        longer = point_at(page, "But some people online are not who they say they are. "
                                "A grown-up can pretend to be a child.")
        assert "[length] fr: the translation is" in longer.locator(".problems").inner_text()

        # A syntax error: told in words, with its file and line; the pages stay.
        catalog.write_text(catalog.read_text(encoding="utf-8").replace(
            f'msgstr "{NEW}"', f'msgstr "{NEW}', 1), encoding="utf-8")
        wait_for_version_after(page, version)
        errors = page.inner_text("#error-list")
        assert "locales/fr/LC_MESSAGES/leaflets.po" in errors and "line" in errors
        assert "Traceback" not in errors
        assert page.is_visible("#errors")
        assert page.locator(".page-image").count() == 2
    # It wrote nothing but its own cache (the catalog is the test's own save).
    after_files = files_and_times(project_copy.root)
    changed = [path for path, time in after_files.items() if before_files.get(path) != time and path != catalog]
    assert changed and all(path.relative_to(project_copy.root).parts[:2] == (".cache", "preview")
                           for path in changed)


def files_and_times(root):
    return {path: path.stat().st_mtime_ns for path in root.rglob("*") if path.is_file()}

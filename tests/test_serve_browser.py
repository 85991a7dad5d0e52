"""The upload page of ``ei serve`` in a real browser (headless Debian chromium + chromedriver).

Skips cleanly when /usr/bin/chromium, /usr/bin/chromedriver or selenium is missing. With
``EI_SCREENSHOTS=DIR`` the test also saves the screenshots used in docs/serve.md.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import FIXTURES
from tests.serve_helpers import running_server

CHROMIUM = Path("/usr/bin/chromium")
DRIVER = Path("/usr/bin/chromedriver")
INVALID = FIXTURES / "iwmo/3.2/WMO323/invalid/cs337-two-months.xml"
VALID = FIXTURES / "iwmo/3.2/WMO323/valid/basis.xml"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless chromium driven by selenium (skips when either is missing)."""
    if not CHROMIUM.exists() or not DRIVER.exists():
        pytest.skip("Debian chromium and chromium-driver are not installed")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1000"):  # fmt: skip
        options.add_argument(argument)
    try:
        driver = webdriver.Chrome(options=options, service=Service(str(DRIVER)))
    except Exception as exc:  # a browser that cannot start on this machine: skip, do not fail
        pytest.skip(f"chromium does not start here: {type(exc).__name__}")
    try:
        yield driver
    finally:
        driver.quit()


def _wait(driver: Any, condition: Any, seconds: float = 60) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds).until(condition)


def _shoot(driver: Any, name: str) -> None:
    folder = os.environ.get("EI_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        driver.execute_script("document.getElementById('status').scrollIntoView()")
        driver.save_screenshot(str(Path(folder) / name))


def _upload(driver: Any, base: str, path: Path) -> str:
    from selenium.webdriver.common.by import By

    driver.get(base + "/")
    driver.find_element(By.ID, "file").send_keys(str(path))
    driver.find_element(By.ID, "run").click()
    _wait(driver, lambda d: d.find_element(By.ID, "status").get_attribute("data-verdict"))
    verdict: str = driver.find_element(By.ID, "status").get_attribute("data-verdict")
    return verdict


def _frame_text(driver: Any) -> str:
    from selenium.webdriver.common.by import By

    driver.switch_to.frame(driver.find_element(By.ID, "result"))
    try:
        text: str = _wait(driver, lambda d: d.find_element(By.TAG_NAME, "body").text)
    finally:
        driver.switch_to.default_content()
    return text


def test_upload_page_shows_the_findings_of_an_invalid_message(browser: Any, tmp_path: Path) -> None:
    """Choosing an invalid fixture shows verdict, code, class and the offending line."""
    with running_server(workers=1) as base:
        valid = tmp_path / "basis.xml"
        shutil.copyfile(VALID, valid)
        assert _upload(browser, base, valid) == "accepted"
        assert "goedgekeurd" in _frame_text(browser)
        _shoot(browser, "serve-valid.png")

        invalid = tmp_path / "cs337-two-months.xml"
        shutil.copyfile(INVALID, invalid)
        assert _upload(browser, base, invalid) == "rejected"
        text = _frame_text(browser)
        assert "afgekeurd" in text
        assert "CS337" in text
        assert "Prestatie (1 bevinding)" in text
        assert "ProductPeriode" in text  # the quoted XML lines
        _shoot(browser, "serve-invalid.png")


def test_compare_shows_the_explanation(browser: Any, tmp_path: Path) -> None:
    """Request and answer chosen in the compare form give the explanation page."""
    import httpx
    from selenium.webdriver.common.by import By

    with running_server(workers=1) as base:
        answer = httpx.post(base + "/return", content=INVALID.read_bytes(), timeout=60)
        assert answer.status_code == 200
        answer_file = tmp_path / "antwoord.xml"
        answer_file.write_bytes(answer.content)
        browser.get(base + "/")
        browser.find_element(By.ID, "request").send_keys(str(INVALID))
        browser.find_element(By.ID, "answer").send_keys(str(answer_file))
        browser.find_element(By.ID, "run-compare").click()
        _wait(browser, lambda d: "past" in d.find_element(By.ID, "status").text)
        assert browser.find_element(By.ID, "status").text == "Antwoord past bij het verzoek"
        text = _frame_text(browser)
        assert "WMO325" in text
        _shoot(browser, "serve-compare.png")


_CAPTURE_DOWNLOADS = """
window.__downloads = [];
const blobs = new Map();
const createObjectURL = URL.createObjectURL;
URL.createObjectURL = function (blob) {
  const url = createObjectURL.call(URL, blob);
  blobs.set(url, blob);
  return url;
};
HTMLAnchorElement.prototype.click = function () {
  const name = this.download;
  blobs.get(this.href).text().then(text => window.__downloads.push({name, text}));
};
"""
"""Record what the page hands the browser to save: the file name and the Blob's text."""


def _downloaded(driver: Any, button: str, count: int) -> tuple[str, str]:
    """Click a download button; the file name and the text the page offers to save."""
    from selenium.webdriver.common.by import By

    driver.find_element(By.ID, button).click()
    _wait(driver, lambda d: d.execute_script("return window.__downloads.length") >= count)
    name: str = driver.execute_script(f"return window.__downloads[{count - 1}].name")
    text: str = driver.execute_script(f"return window.__downloads[{count - 1}].text")
    return name, text


def test_download_buttons_give_the_rapport_and_the_json(browser: Any, tmp_path: Path) -> None:
    """After choosing a file, "Rapport (XML)" and "JSON" offer the report of that message."""
    import json

    invalid = tmp_path / "cs337-two-months.xml"
    shutil.copyfile(INVALID, invalid)
    with running_server(workers=1) as base:
        assert _upload(browser, base, invalid) == "rejected"
        browser.execute_script(_CAPTURE_DOWNLOADS)
        name, text = _downloaded(browser, "download-json", 1)
        assert name == "cs337-two-months.json"
        report = json.loads(text)["reports"][0]
        assert report["source"] == "cs337-two-months.xml"
        assert report["verdict"] == "rejected"
        assert [f["code"] for f in report["findings"]] == ["CS337"]
        name, text = _downloaded(browser, "download-rapport", 2)
        assert name == "cs337-two-months.rapport.xml"
        assert "Rapport" in text
        assert "0001" in text  # the retourcode of CS337


def test_a_file_name_outside_latin_1_is_checked(browser: Any, tmp_path: Path) -> None:
    """A file named with é, ë or a symbol is checked and named as it is (no stuck page)."""
    from selenium.webdriver.common.by import By

    name = "declaratie-één-✓.xml"
    invalid = tmp_path / name
    shutil.copyfile(INVALID, invalid)
    with running_server(workers=1) as base:
        browser.get(base + "/")
        browser.find_element(By.ID, "file").send_keys(str(invalid))
        browser.find_element(By.ID, "run").click()
        _wait(browser, lambda d: d.find_element(By.ID, "status").get_attribute("data-verdict"), 90)
        assert browser.find_element(By.ID, "status").get_attribute("data-verdict") == "rejected"
        assert name in browser.find_element(By.ID, "status").text
        assert name in _frame_text(browser)


def test_a_dropped_file_is_checked(browser: Any) -> None:
    """A message dropped on the drop zone is chosen and checked like a chosen file."""
    from selenium.webdriver.common.by import By

    with running_server(workers=1) as base:
        browser.get(base + "/")
        script = (
            "const data = new DataTransfer();"
            "data.items.add(new File([arguments[0]], 'gesleept.xml', {type: 'application/xml'}));"
            "const zone = document.getElementById('drop');"
            "zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: data, cancelable: true}));"
            "zone.dispatchEvent(new DragEvent('drop', {dataTransfer: data, cancelable: true}));"
        )

        def dropped(driver: Any) -> bool:
            """Drop the file (again, until the page says it has it: a busy machine may be slow)."""
            if "gesleept.xml" in driver.find_element(By.ID, "status").text:
                return True
            driver.execute_script(script, INVALID.read_text(encoding="utf-8"))
            return "gesleept.xml" in driver.find_element(By.ID, "status").text

        _wait(browser, dropped)
        browser.find_element(By.ID, "run").click()
        _wait(browser, lambda d: d.find_element(By.ID, "status").get_attribute("data-verdict"))
        assert browser.find_element(By.ID, "status").get_attribute("data-verdict") == "rejected"
        _wait(browser, lambda d: "CS337" in _frame_text(d))

"""The web app in a real headless Chromium: every page loads, a slider moves the figure, a bad upload shows
the command line's error, and each page's screenshot is written to ``docs/figures/app-*.png``.

Needs Debian's ``chromium`` (``apt-get install chromium``), Playwright for Python (``pip install playwright``;
its own browser download is not used) and the app extra (``pip install 'alliancelab[app]'``). Without them the
tests skip and say what to install; with ``ALLIANCELAB_REQUIRE_BROWSER=1`` (set by ``.ci/run``) they fail.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIGURES = ROOT / "docs" / "figures"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = {  # route -> text the page shows once it has rendered
    "": "The theory of asymmetric alliances, executable",
    "formation": "Comparative statics",
    "coalition": "Run the optimizer",
    "runs": "A run folder written by",
    "episodes": "A historical episode run year by year",
    "evidence": "to see whether allies vote with their patron",
}
# pages whose screenshot shows content once their library exists (taken by the tests that fill them)
SHOWN_ELSEWHERE = {"runs": "alliancelab.sim.runner", "episodes": "alliancelab.cases.episodes"}
TIMEOUT_MS = 60_000  # a loaded 2-core machine can take a while to render the first figure

pytestmark = pytest.mark.browser


def _chromium() -> str | None:
    return (
        os.environ.get("ALLIANCELAB_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )


def _missing() -> list[str]:
    missing = []
    if _chromium() is None:
        missing.append("Chromium (apt-get install chromium)")
    if importlib.util.find_spec("playwright") is None:
        missing.append("Playwright for Python (pip install playwright; no `playwright install` needed)")
    if importlib.util.find_spec("solara") is None:
        missing.append("the app extra (pip install 'alliancelab[app]')")
    return missing


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    """``alliancelab app`` on a free local port, in its own process; stopped after the module's tests."""
    missing = _missing()
    if missing:
        message = "browser tests need " + "; ".join(missing)
        if os.environ.get("ALLIANCELAB_REQUIRE_BROWSER") == "1":
            pytest.fail(message + " (ALLIANCELAB_REQUIRE_BROWSER=1 forbids skipping)")
        pytest.skip(message)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "alliancelab", "app", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    server.kill()
                    pytest.fail(f"`alliancelab app` did not start: {server.communicate()[1][-2000:]}")
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture(scope="module")
def browser(app_url: str) -> Iterator[Any]:
    """A headless Chromium with a new, empty profile (no network beyond the app)."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="alliancelab-chromium-") as profile, sync_playwright() as play:
        context = play.chromium.launch_persistent_context(
            profile,
            executable_path=_chromium(),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(TIMEOUT_MS)
        yield context
        context.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    page.close()
    assert not errors, f"JavaScript errors: {errors}"


def _open(page: Any, app_url: str, route: str) -> None:
    page.goto(f"{app_url}/{route}")
    page.get_by_text(PAGES[route]).first.wait_for()
    _settle(page)


def _settle(page: Any) -> None:
    """Wait until Solara has finished loading the page (it dims the content while it loads)."""
    page.wait_for_function("() => !document.querySelector('.solara-page-loading')")


def _figure_src(page: Any) -> str:
    return str(page.locator(".al-figure img").get_attribute("src"))


@pytest.mark.parametrize("route", list(PAGES), ids=[r or "home" for r in PAGES])
def test_every_page_loads(page: Any, app_url: str, route: str) -> None:
    _open(page, app_url, route)
    assert page.locator(".al-error").count() == 0
    if route == "formation":
        assert _figure_src(page).startswith("data:image/png;base64,")
    if route == "coalition":  # the page as a user sees it after running the example mission
        page.locator(".al-run").click()
        page.get_by_text("Who is bought, and for what").wait_for()
        assert page.locator(".al-section table").count() >= 3
    FIGURES.mkdir(parents=True, exist_ok=True)
    if route in SHOWN_ELSEWHERE and importlib.util.find_spec(SHOWN_ELSEWHERE[route]) is not None:
        return  # the test that fills the page takes its screenshot
    _settle(page)
    page.screenshot(path=str(FIGURES / f"app-{route or 'home'}.png"), animations="disabled")


def test_a_slider_change_updates_the_figure(page: Any, app_url: str) -> None:
    _open(page, app_url, "formation")
    before = _figure_src(page)
    page.locator(".al-slider-d [role=slider]").focus()
    page.keyboard.press("End")  # divergence to its maximum, 1
    page.get_by_text("interest divergence d = 1").wait_for()
    page.wait_for_function(
        "before => document.querySelector('.al-figure img').getAttribute('src') !== before", arg=before
    )
    assert _figure_src(page) != before


def test_a_bad_mission_upload_shows_the_command_line_error(
    page: Any, app_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Any
) -> None:
    example = ROOT / "src/alliancelab/cases/missions/example-mission.toml"
    bad = example.read_text("utf-8").replace("required_troops = 10000", "required_troops = -5", 1)
    assert "required_troops = -5" in bad
    monkeypatch.chdir(tmp_path)
    Path("bad-mission.toml").write_text(bad, encoding="utf-8")
    printed = cli("coalition", "plan", "bad-mission.toml", "--draws", "0")
    assert printed.code == 2 and printed.err.startswith("error: bad-mission.toml")
    _open(page, app_url, "coalition")
    with page.expect_file_chooser() as chooser:  # the upload button opens a file dialog: answer it
        page.locator(".al-upload button").click()
    chooser.value.set_files(str(tmp_path / "bad-mission.toml"))
    shown = page.locator(".al-error")
    shown.wait_for()
    assert " ".join(shown.inner_text().split()) == " ".join(printed.err.split())
    assert page.get_by_text("Who is bought, and for what").count() == 0


def test_the_evidence_page_shows_allies_un_agreement_from_the_real_data(
    page: Any, app_url: str, data_dir: Path, tmp_path: Path
) -> None:
    from alliancelab.data.builders import add_atop_alliance, add_un_agreement, create_dyadyears, write_parquet

    dyads = create_dyadyears(years=(1946, 2014)).pipe(add_atop_alliance).pipe(add_un_agreement)
    write_parquet(dyads, tmp_path / "dyads.parquet")
    _open(page, app_url, "evidence")
    field = page.locator(".al-target input")
    field.fill(str(tmp_path / "dyads.parquet"))
    field.press("Enter")
    page.get_by_text("Do allies vote with their patron?").wait_for()
    _settle(page)
    assert page.locator(".al-error").count() == 0
    assert page.locator(".al-section img").count() == 1
    assert page.get_by_text("Mean agreement by decade").count() == 1
    page.screenshot(path=str(FIGURES / "app-evidence-un.png"), animations="disabled")


WORLD = {  # a tiny simulated world: 3 runs of 25 states over 8 years
    "scenario": {"name": "tiny", "states": 25, "runs": 3, "years": 8, "seed": 3},
    "rival": {"budget": 2000.0, "ideal_point": 0.1, "entry_year": 2},
}


def test_the_runs_page_browses_a_run_and_its_year_slider_redraws_the_network(
    page: Any, app_url: str, tmp_path: Path
) -> None:
    sim = pytest.importorskip(
        "alliancelab.sim.runner", reason="this version has no world simulation (issue 8)"
    )
    from alliancelab.sim.scenario import Scenario

    sim.run_scenario(Scenario.model_validate(WORLD), tmp_path / "tiny", chunk_size=3)
    _open(page, app_url, "runs")
    field = page.locator(".al-target input").last
    field.fill(str(tmp_path / "tiny"))
    field.press("Enter")
    page.get_by_text("Aligned with whom, by year").wait_for()
    last = page.locator(".al-figure h3").inner_text()
    before = _figure_src(page)
    page.locator(".al-slider-year [role=slider]").focus()
    page.keyboard.press("Home")  # the first year
    page.wait_for_function(
        "before => document.querySelector('.al-figure img').getAttribute('src') !== before", arg=before
    )
    assert page.locator(".al-figure h3").inner_text() != last
    assert page.locator(".al-error").count() == 0
    page.keyboard.press("End")  # back to the last year, when the rival holds clients too
    page.wait_for_function("last => document.querySelector('.al-figure h3').innerText === last", arg=last)
    _settle(page)
    page.screenshot(path=str(FIGURES / "app-runs.png"), animations="disabled")


def test_the_episodes_page_shows_an_episodes_timeline(page: Any, app_url: str) -> None:
    pytest.importorskip("alliancelab.cases.episodes", reason="this version has no episode library (issue 11)")
    _open(page, app_url, "episodes")
    page.get_by_text("Phases: predicted and observed").wait_for()
    assert page.locator(".al-section img").count() == 1
    _settle(page)
    page.screenshot(path=str(FIGURES / "app-episodes.png"), animations="disabled")

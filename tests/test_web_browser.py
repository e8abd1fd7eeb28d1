"""Real pages in a real browser: uvicorn on 127.0.0.1 and Debian's chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT
from web_fixtures import HOSTILE_ID, HOSTILE_STORY, web_store

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("NEWSPRISM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(corpus_db: Path, tmp_path_factory: pytest.TempPathFactory):
    db = web_store(corpus_db, tmp_path_factory.mktemp("browser"))
    port = free_port()
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])),
    )
    env.pop("NEWSPRISM_INGEST_TOKEN", None)
    log = tmp_path_factory.mktemp("server") / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "newsprism.cli", "serve", "--db", str(db), "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"newsprism serve did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.skip(
            f"Debian's chromium is not installed at {CHROMIUM} ('make test' installs it with apt-get)"
        )
    executable = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    with sync_api.sync_playwright() as pw:
        try:
            b = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        except Exception as exc:  # noqa: BLE001 - any launch failure means: no usable browser here
            pytest.skip(f"chromium at {executable} cannot start: {str(exc).splitlines()[0]}")
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    p = context.new_page()
    problems: list[str] = []
    p.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    p.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    p.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    p.problems = problems  # type: ignore[attr-defined]
    yield p
    context.close()


def test_story_comparison_then_actor(server, page, tmp_path):
    page.goto(server + "/?min_size=2")
    links = page.locator("ul.cards a.title")
    assert links.count() >= 2
    links.first.click()
    page.wait_for_url("**/stories/**")
    columns = page.locator(".compare section.outlet")
    assert columns.count() >= 2
    # side by side on a laptop: the first two outlet columns share a row
    first, second = columns.nth(0).bounding_box(), columns.nth(1).bounding_box()
    assert first and second and abs(first["y"] - second["y"]) < 2 and second["x"] > first["x"]
    assert page.locator("mark.claim").count() >= 1
    # the stylesheet loaded under the CSP: highlight colours differ from the browser's default yellow
    colour = page.locator("mark.claim").first.evaluate("m => getComputedStyle(m).backgroundColor")
    assert colour not in ("rgb(255, 255, 0)", "")
    shot = tmp_path / "story-comparison.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000

    voice = page.locator(".voices a.actor").first
    name = voice.inner_text().strip()
    voice.click()
    page.wait_for_url("**/actors/**")
    assert page.locator("h1").inner_text().strip() == name
    assert page.locator("svg.timeline rect").count() >= 1
    page.screenshot(path=str(tmp_path / "actor.png"), full_page=True)
    assert page.problems == []  # type: ignore[attr-defined]


def test_phone_layout_has_no_sideways_scroll(server, browser, tmp_path):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    p = context.new_page()
    p.goto(server + "/?min_size=2")
    p.locator("ul.cards a.title").first.click()
    p.wait_for_url("**/stories/**")
    for url in [p.url, server + "/network", server + "/search?q=bridge", server + "/actors"]:
        p.goto(url)
        overflow = p.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, (url, overflow)
    p.goto(server + "/?min_size=2")
    p.locator("ul.cards a.title").first.click()
    p.wait_for_url("**/stories/**")
    # on a phone the outlets stack: each column starts below the one before
    boxes = [p.locator(".compare section.outlet").nth(i).bounding_box() for i in range(2)]
    assert boxes[0] and boxes[1] and boxes[1]["y"] > boxes[0]["y"] + boxes[0]["height"] - 1
    p.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
    context.close()


def test_hostile_article_runs_no_script(server, page):
    for url in [
        f"/articles/{HOSTILE_ID}",
        f"/stories/{HOSTILE_STORY}",
        "/search?q=onerror",
        "/network",
        "/actors?name=hostile",
    ]:
        page.goto(server + url)
        page.wait_for_load_state("load")
        assert page.evaluate("() => document.querySelectorAll('script, iframe').length") == 0, url
        handlers = page.evaluate(
            "() => [...document.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name))"
            ".filter(n => n.startsWith('on'))"
        )
        assert handlers == [], url
    text = page.goto(server + f"/articles/{HOSTILE_ID}") and page.locator("article.text").inner_text()
    assert '<script>alert("text")</script>' in text  # shown as text, not run
    assert page.problems == []  # type: ignore[attr-defined]

"""The explorer end to end in a real headless Chromium (Debian's `chromium`, driven by Playwright).

The app serves the test store on 127.0.0.1; the browser applies a filter, sees the timeline,
the map and the network drawn, opens an event and finds its highlighted evidence, and opens the
event whose article title carries <script> and <img onerror> payloads: they show as text and
run nothing. Screenshots go to the test's tmp_path (printed), or to $DOTTEREL_SCREENSHOTS.
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = next((p for p in (os.environ.get("DOTTEREL_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                             shutil.which("chromium-browser")) if p and Path(p).exists()), None)
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
XSS_TITLE = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">Lagos raid'
XSS_NAME = "<img src=x onerror=window.__xss=4>"
READY = "html[data-ready='{}']"


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (apt-get install chromium); the browser test needs it")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the browser test needs playwright (the dev extra)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, timeout=30_000)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server(ro_store):
    from dotterel.web import LOOPBACK_HOSTS, create_app, serve_in_thread

    with serve_in_thread(create_app(ro_store, allowed_hosts=LOOPBACK_HOSTS)) as base:
        yield base


@pytest.fixture
def shots(tmp_path):
    out = Path(os.environ.get("DOTTEREL_SCREENSHOTS") or tmp_path / "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    print(f"screenshots: {out}")
    return out


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    pg.problems = []  # console errors (CSP violations among them), page errors, dialogs, outside requests
    pg.on("console", lambda m: pg.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))
    pg.on("dialog", lambda d: (pg.problems.append(f"dialog: {d.message}"), d.dismiss()))
    pg.on("request", lambda r: None if r.url.startswith((server, "data:")) else pg.problems.append(f"outside: {r.url}"))
    yield pg
    context.close()


def wait(pg, view: str) -> None:
    pg.wait_for_selector(READY.format(view), state="attached")


def query(pg) -> dict[str, list[str]]:
    return parse_qs(urlparse(pg.url).query)


def test_explorer_end_to_end(page, server, shots, ro_store):
    started = time.monotonic()
    pg = page
    pg.goto(server + "/")
    wait(pg, "overview")
    assert pg.locator("#timeline rect.bar").count() >= 4
    assert pg.locator("#map circle.marker").count() == 3
    assert pg.locator("#map path.country").count() > 170
    assert pg.locator("#network g.node").count() >= 4
    assert pg.locator("#events tr.event-row").count() == 5
    labels = pg.locator("#network text.label").all_text_contents()
    assert any(label.startswith("<img src=x onerror=") for label in labels)  # a name with markup, drawn as text
    assert any(XSS_NAME in t for t in pg.locator("#network g.node > title").all_text_contents())
    pg.screenshot(path=str(shots / "overview.png"), full_page=True)

    # a filter, applied through the form, lands in the URL and redraws everything
    pg.select_option("#filters select[name=country]", "MLI")
    pg.click("#apply")
    pg.wait_for_url("**country=MLI**")
    wait(pg, "overview")
    assert query(pg)["country"] == ["MLI"]
    assert pg.locator("#events tr.event-row").count() == 1
    assert pg.locator("#map circle.marker").count() == 1
    assert pg.locator("#map path.country.selected").count() == 1
    assert pg.locator("#timeline rect.bar").count() >= 1
    assert pg.locator("#network g.node").count() == 2
    assert pg.locator("#network path.edge").count() == 1
    assert "country=MLI" in pg.get_attribute("#dl-csv", "href")
    pg.screenshot(path=str(shots / "filtered.png"), full_page=True)

    # the event page: every mention, the evidence highlighted
    pg.click("#events tr.event-row")
    wait(pg, "event")
    assert query(pg)["country"] == ["MLI"] and query(pg)["event"][0].startswith("ev-")
    cards = pg.locator("article.mention")
    assert cards.count() == 2
    first = cards.nth(0)
    evidence = "".join(first.locator("mark.hl-evidence").all_text_contents())
    assert evidence == "Fighters of the Azawad Liberation Front attacked an army base in Kidal on Sunday"
    assert first.locator("blockquote span.hl-actor").first.text_content() == "Azawad Liberation Front"
    assert first.locator("blockquote span.hl-place").first.text_content() == "Kidal"
    assert first.locator("blockquote span.hl-date").first.text_content() == "Sunday"
    assert "attributed to: officials" in first.text_content()
    assert first.locator("h4 a").get_attribute("href") == "https://sahel.example/kidal-attack"
    assert "Sahel Wire" in first.locator(".source").text_content()
    first.locator("button.more").click()  # the whole article, still highlighted
    first.locator("blockquote.article-text").filter(has_text="Rebels attack army base in Kidal").wait_for()
    assert first.locator("mark.hl-evidence").count() >= 1
    pg.screenshot(path=str(shots / "event.png"), full_page=True)

    # back to the filtered overview; a click on a network node filters by that actor
    pg.go_back()
    wait(pg, "overview")
    assert "event" not in query(pg) and query(pg)["country"] == ["MLI"]
    pg.click("#reset")
    wait(pg, "overview")
    assert "country" not in query(pg)
    pg.locator("#network g.node[data-filter='azawad-front']").click()
    pg.wait_for_url("**actor=azawad-front**")
    wait(pg, "overview")
    assert pg.locator("#events tr.event-row").count() == 2

    # hostile markup in a title, a name and an article's text: shown as text, runs nothing
    from dotterel.store import EventFilters

    (coerce,) = ro_store.event_records(EventFilters.make(event_type="COERCE"))
    pg.goto(f"{server}/?event={coerce.event_id}")
    wait(pg, "event")
    title = pg.locator("article.mention h4").first
    assert title.text_content() == XSS_TITLE
    view = pg.locator("#event-view")
    assert view.locator("script").count() == 0 and view.locator("img").count() == 0
    assert view.locator("a[href^='javascript']").count() == 0  # the article's javascript: URL is not a link
    assert XSS_NAME in view.text_content()
    assert "<script>window.__xss=5</script>" in view.locator("blockquote.article-text").first.text_content()
    assert pg.evaluate("() => typeof window.__xss") == "undefined"
    pg.screenshot(path=str(shots / "xss.png"), full_page=True)

    assert pg.problems == []
    assert time.monotonic() - started < 60


def test_the_api_docs_page_works_offline(page, server):
    pg = page
    pg.goto(server + "/docs")
    wait(pg, "docs")
    assert pg.locator("section.endpoint").count() >= 12
    section = pg.locator("section.endpoint", has=pg.locator("h3", has_text="/api/meta"))
    section.locator("button", has_text="Try it").click()
    section.locator("pre.response").filter(has_text="HTTP 200").wait_for()
    assert '"n_events": 5' in section.locator("pre.response").text_content()
    assert pg.problems == []

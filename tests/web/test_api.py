"""The REST API through the ASGI test client, on a DuckDB store of articles written for the tests."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

from dotterel.web import LOOPBACK_HOSTS, create_app  # noqa: E402
from dotterel.web.app import CONTENT_SECURITY_POLICY, EXPLORER  # noqa: E402
from dotterel.web.deps import get_store  # noqa: E402

XSS_TITLE = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">Lagos raid'


def kidal(client) -> dict:
    items = client.get("/api/events", params={"event_type": "ASSAULT"}).json()["items"]
    assert len(items) == 1
    return items[0]


def no_trace(response) -> None:
    assert "Traceback" not in response.text and 'File "' not in response.text


# -- meta and lists -----------------------------------------------------------------------------
def test_meta_says_what_the_store_holds(client):
    meta = client.get("/api/meta").json()
    assert meta["n_events"] == 5 and meta["n_mentions"] == 6 and meta["n_articles"] == 5
    assert meta["n_located"] == 3
    assert {t["type"]: t["count"] for t in meta["types"]} == {"THREATEN": 2, "ASSAULT": 1, "PROTEST": 1, "COERCE": 1}
    assert [c["code"] for c in meta["countries"]] == ["MLI", "NGA", "SEN"]
    assert meta["countries"][0]["name"] == "Mali"
    assert meta["date_range"] == {"start": "2024-03-03", "end": "2024-04-15"}
    assert len(meta["vocabulary"]["types"]) == 16
    assert client.get("/api/meta", params={"country": "SEN"}).json()["n_events"] == 1


def test_events_page_with_total_offset_and_sort(client):
    page = client.get("/api/events", params={"limit": 2}).json()
    assert page["total"] == 5 and page["offset"] == 0 and len(page["items"]) == 2
    dates = [e["date"]["value"] if e["date"] else None for e in client.get("/api/events").json()["items"]]
    assert dates == ["2024-03-03", "2024-03-04", "2024-04-10", "2024-04-15", None]  # undated last
    newest = [e["date"]["value"] if e["date"] else None
              for e in client.get("/api/events", params={"sort": "-date"}).json()["items"]]
    assert newest == ["2024-04-15", "2024-04-10", "2024-03-04", "2024-03-03", None]
    second = client.get("/api/events", params={"limit": 2, "offset": 2}).json()["items"]
    assert [e["event_id"] for e in second] == [e["event_id"] for e in client.get("/api/events").json()["items"][2:4]]
    top = client.get("/api/events", params={"sort": "-mentions", "limit": 1}).json()["items"][0]
    assert top["type"] == "ASSAULT" and top["n_mentions"] == 2 and top["n_sources"] == 2
    assert client.get("/api/events", params={"offset": 10}).json()["items"] == []


@pytest.mark.parametrize(("params", "types"), [
    ({"country": "MLI"}, ["ASSAULT"]),
    ({"country": "mli,sen"}, ["ASSAULT", "PROTEST"]),
    ({"country": ["MLI", "NGA"]}, ["ASSAULT", "COERCE"]),
    ({"event_type": "threaten"}, ["THREATEN", "THREATEN"]),
    ({"event_type": "PROTEST,COERCE"}, ["PROTEST", "COERCE"]),
    ({"actor": "azawad-front"}, ["ASSAULT", "THREATEN"]),
    ({"actor": "Liberation"}, ["ASSAULT", "THREATEN"]),
    ({"actor": "mli-army"}, ["ASSAULT", "THREATEN"]),  # the recipient matches too
    ({"status": "intended"}, ["THREATEN", "THREATEN"]),
    ({"min_confidence": 0.7}, ["ASSAULT", "PROTEST"]),
    ({"start_date": "2024-04-01"}, ["PROTEST", "COERCE"]),
    ({"end_date": "2024-03-31"}, ["ASSAULT", "THREATEN"]),
    ({"start_date": "2024-03-03", "end_date": "2024-03-03"}, ["ASSAULT"]),
    ({"country": "MLI", "event_type": "PROTEST"}, []),
])
def test_filters_have_the_store_meaning(client, params, types):
    page = client.get("/api/events", params=params)
    assert page.status_code == 200, page.text
    assert [e["type"] for e in page.json()["items"]] == types
    assert page.json()["total"] == len(types)


@pytest.mark.parametrize(("params", "status", "fragment"), [
    ({"start_date": "yesterday"}, 400, "start_date"),
    ({"start_date": "2024-05-01", "end_date": "2024-04-01"}, 400, "after end_date"),
    ({"status": "rumoured"}, 400, "status"),
    ({"event_type": "RIOT"}, 400, "not a PLOVER type"),
    ({"min_confidence": "2"}, 422, "min_confidence"),
    ({"min_confidence": "nan"}, 422, "min_confidence"),
    ({"min_confidence": "high"}, 422, "min_confidence"),
    ({"limit": "100000"}, 422, "limit"),
    ({"offset": "-1"}, 422, "offset"),
    ({"sort": "price"}, 422, "sort"),
])
def test_bad_parameters_are_json_errors(client, params, status, fragment):
    response = client.get("/api/events", params=params)
    assert response.status_code == status
    body = response.json()
    assert body["status"] == status and fragment in body["error"]
    no_trace(response)


def test_unknown_paths_and_ids_are_json_404(client):
    for url in ("/api/nothing", "/api/events/ev-0000000000000000", "/api/articles/nope"):
        response = client.get(url)
        assert response.status_code == 404 and response.headers["content-type"].startswith("application/json")
        assert response.json()["status"] == 404


def test_read_only(client):
    for method in ("post", "put", "delete", "patch"):
        response = getattr(client, method)("/api/events")
        assert response.status_code == 405 and response.json()["status"] == 405
    assert client.post("/api/events/x").status_code == 405


# -- one event, with its evidence -------------------------------------------------------------
def test_event_page_has_every_mention_with_its_article_and_highlights(client, ro_store):
    event_id = kidal(client)["event_id"]
    detail = client.get(f"/api/events/{event_id}").json()
    assert detail["event"]["event_id"] == event_id and detail["event"]["n_mentions"] == 2
    first, second = detail["mentions"]
    assert first["link"]["rank"] == 0 and second["link"]["rank"] == 1
    assert second["link"]["joined_with"] == first["mention_id"] and second["link"]["score"] > 0
    assert first["article"] == {"doc_id": "sahel-wire-1", "title": "Rebels attack army base in Kidal",
                                "url": "https://sahel.example/kidal-attack", "published": "2024-03-04",
                                "outlet": "Sahel Wire", "language": None, "text_source": None, "n_mentions": 2,
                                "source_id": "sahel-wire-1"}
    assert first["status"] == "asserted" and first["attributed_to"] == "officials" and first["confidence"] == 0.82
    text = ro_store.article("sahel-wire-1").article.text
    spans = {s["role"]: s for s in first["spans"]}
    assert set(spans) == {"sentence", "evidence", "actor", "recipient", "place", "date"}
    for span in first["spans"]:
        assert text[span["start"]:span["end"]] == span["text"]
    assert spans["evidence"]["text"].startswith("Fighters of the Azawad Liberation Front attacked")
    assert spans["actor"]["text"] == "Azawad Liberation Front" and spans["actor"]["located"] == "offsets"
    assert spans["recipient"]["text"] == "army" and spans["place"]["text"] == "Kidal"
    assert spans["date"] == {"role": "date", "start": text.index("Sunday"), "end": text.index("Sunday") + 6,
                             "text": "Sunday", "located": "search"}
    window = first["window"]
    assert text[window["start"]:window["end"]] == window["text"]
    assert window["start"] <= spans["sentence"]["start"] and spans["evidence"]["end"] <= window["end"]
    assert window["text"].startswith("KIDAL - ") and window["text"].endswith("officials said.")
    assert window["clipped_start"] and window["clipped_end"]
    assert second["article"]["outlet"] == "Desert Post"
    assert {s["role"]: s["text"] for s in second["spans"]}["recipient"] == "military"


def test_article_with_text_and_mentions(client):
    article = client.get("/api/articles/sahel-wire-1").json()
    assert article["title"] == "Rebels attack army base in Kidal" and article["text"].startswith("Rebels attack")
    assert [m["type"] for m in article["mentions"]] == ["ASSAULT", "THREATEN"]
    assert all(m["event_id"] for m in article["mentions"])
    assert article["mentions"][1]["status"] == "intended"
    for m in article["mentions"]:
        for span in m["spans"]:
            assert article["text"][span["start"]:span["end"]] == span["text"]
    listed = client.get("/api/articles").json()
    assert listed["total"] == 5 and [a["doc_id"] for a in listed["items"]][:2] == ["sahel-wire-1", "desert-post-7"]
    assert [a["doc_id"] for a in client.get("/api/articles", params={"country": "SEN"}).json()["items"]] == \
        ["coast-news-3"]
    assert [a["doc_id"] for a in client.get("/api/articles", params={"start_date": "2024-04-16"}).json()["items"]] == \
        ["lagos-daily-9", "wire-12"]


def test_mentions_with_their_event(client):
    page = client.get("/api/mentions").json()
    assert page["total"] == 6
    assert all(m["event_id"] for m in page["items"])
    assault = client.get("/api/mentions", params={"event_type": "ASSAULT"}).json()["items"]
    assert [m["doc_id"] for m in assault] == ["desert-post-7", "sahel-wire-1"]
    assert len({m["event_id"] for m in assault}) == 1
    assert assault[0]["evidence"]["text"].startswith("The Azawad Liberation Front stormed")
    assert client.get("/api/mentions", params={"limit": 1, "offset": 5}).json()["items"][0]["doc_id"] == "wire-12"


# -- actors, network, places, time ---------------------------------------------------------------
def test_actors_with_counts(client):
    actors = client.get("/api/actors").json()
    top = actors["items"][0]
    assert top["key"] == "id:azawad-front" and top["n_events"] == 2 and top["as_actor"] == 2
    assert top["filter"] == "azawad-front"
    army = next(a for a in actors["items"] if a["key"] == "id:mli-army")
    assert army["as_recipient"] == 2 and army["as_actor"] == 0
    assert len(client.get("/api/actors", params={"limit": 1}).json()["items"]) == 1
    assert client.get("/api/actors", params={"country": "SEN"}).json()["items"][0]["name"] == "students"


def test_network_edges_have_direction_type_and_count(client):
    net = client.get("/api/network").json()
    ids = {n["id"] for n in net["nodes"]}
    assert {"id:azawad-front", "id:mli-army"} <= ids
    edges = {(e["source"], e["target"], e["type"]): e["count"] for e in net["edges"]}
    assert edges[("id:azawad-front", "id:mli-army", "ASSAULT")] == 1
    assert edges[("id:azawad-front", "id:mli-army", "THREATEN")] == 1
    assert ("name:<img src=x onerror=window.__xss=4>", "name:journalists", "COERCE") in edges
    assert net["n_events"] == 3  # the protest and the bloc's threat have no recipient
    small = client.get("/api/network", params={"max_nodes": 2}).json()
    assert len(small["nodes"]) == 2 and small["truncated"]
    assert client.get("/api/network", params={"max_nodes": 0}).status_code == 422


def test_places_are_geojson(client):
    fc = client.get("/api/places").json()
    assert fc["type"] == "FeatureCollection" and fc["unlocated"] == 2
    by_type = {f["properties"]["type"]: f for f in fc["features"]}
    assert set(by_type) == {"ASSAULT", "PROTEST", "COERCE"}
    assert by_type["PROTEST"]["geometry"] == {"type": "Point", "coordinates": [-17.44, 14.69]}
    assert by_type["ASSAULT"]["properties"]["n_mentions"] == 2
    assert client.get("/api/places", params={"country": "SEN"}).json()["unlocated"] == 0


def test_timeline_counts_by_bucket_and_type_or_quad(client):
    days = client.get("/api/timeline", params={"bucket": "day"}).json()
    assert days["bucket"] == "day" and days["undated"] == 1 and days["total"] == 5
    assert days["buckets"][0]["start"] == "2024-03-03" and days["buckets"][-1]["start"] == "2024-04-15"
    assert len(days["buckets"]) == 44  # every day, empty ones too
    assert sum(b["total"] for b in days["buckets"]) == 4
    assert days["buckets"][0]["counts"] == {"ASSAULT": 1}
    weeks = client.get("/api/timeline", params={"bucket": "week"}).json()
    assert weeks["buckets"][0]["start"] == "2024-02-26"  # Monday of the week of 2024-03-03
    assert client.get("/api/timeline").json()["bucket"] == "day"  # auto: six weeks of events
    quads = client.get("/api/timeline", params={"by": "quad", "bucket": "month"}).json()
    assert quads["series"] == ["3", "4"] and quads["labels"] == {"3": "verbal conflict", "4": "material conflict"}
    assert [b["counts"] for b in quads["buckets"]] == [{"4": 1, "3": 1}, {"4": 2}]
    empty = client.get("/api/timeline", params={"country": "FRA"}).json()
    assert empty["buckets"] == [] and empty["total"] == 0


# -- downloads --------------------------------------------------------------------------------
def test_csv_and_json_downloads_of_the_filtered_events(client):
    response = client.get("/api/events.csv", params={"country": "MLI,NGA"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert 'attachment; filename="dotterel-events.csv"' == response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["type"] for r in rows] == ["ASSAULT", "COERCE"]
    assert rows[0]["evidence_text"].startswith("Fighters of the Azawad") and rows[0]["n_mentions"] == "2"
    js = client.get("/api/events.json", params={"country": "MLI,NGA"})
    assert js.headers["content-disposition"] == 'attachment; filename="dotterel-events.json"'
    records = js.json()
    assert [r["type"] for r in records] == ["ASSAULT", "COERCE"] and records[0]["lat"] == 18.44
    assert len(client.get("/api/events.json", params={"limit": 1}).json()) == 1
    assert len(client.get("/api/events.csv").text.strip().splitlines()) == 6


# -- security -----------------------------------------------------------------------------------
@pytest.mark.parametrize("url", ["/", "/docs", "/assets/app.js", "/api/events", "/api/nothing", "/openapi.json"])
def test_every_response_has_the_security_headers(client, url):
    response = client.get(url)
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
                      "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in CONTENT_SECURITY_POLICY
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_untrusted_text_is_returned_as_data(client):
    coerce = client.get("/api/events", params={"event_type": "COERCE"}).json()["items"][0]
    assert coerce["actor"]["name"] == "<img src=x onerror=window.__xss=4>"
    detail = client.get(f"/api/events/{coerce['event_id']}").json()
    assert detail["mentions"][0]["article"]["title"] == XSS_TITLE
    assert detail["mentions"][0]["article"]["url"] == "javascript:alert(1)"  # the explorer never links it


INJECTIONS = ["' OR '1'='1", "'; DROP TABLE events; --", "\" OR 1=1 --", "x' UNION SELECT record FROM articles --",
              "%' OR 1=1 --", "1); DELETE FROM mentions; --", "\\'; SELECT 1; --", "\u0000", "' || (SELECT 1) || '",
              "ev-1' OR event_id LIKE '%"]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_sql_injection_payloads_are_just_values(client, payload):
    filters = ("country", "event_type", "actor", "status", "start_date", "end_date", "min_confidence")
    for path in ("/api/events", "/api/timeline", "/api/network", "/api/places", "/api/mentions", "/api/articles",
                 "/api/actors", "/api/meta", "/api/events.csv", "/api/events.json"):
        for name in (*filters, "sort", "bucket", "by", "limit", "offset", "max_nodes"):
            response = client.get(path, params={name: payload})
            assert response.status_code in (200, 400, 422), (path, name, response.text)
            no_trace(response)
            if response.status_code == 200 and path == "/api/events" and name in filters:
                assert response.json()["total"] == 0, (name, payload)
    for path in ("/api/events/", "/api/articles/"):
        response = client.get(path + quote(payload, safe=""))
        assert response.status_code == 404, response.text
    assert client.get("/api/meta").json()["n_events"] == 5  # nothing was changed


def test_host_names_can_be_restricted(ro_store):
    with TestClient(create_app(ro_store, allowed_hosts=LOOPBACK_HOSTS), base_url="http://127.0.0.1:8000") as c:
        assert c.get("/api/meta").status_code == 200
        assert c.get("/api/meta", headers={"host": "localhost:8000"}).status_code == 200
        assert c.get("/api/meta", headers={"host": "[::1]:8000"}).status_code == 200
        rebound = c.get("/api/meta", headers={"host": "attacker.example"})
        assert rebound.status_code == 400 and "content-security-policy" in rebound.headers
        assert rebound.json() == {"error": "invalid host header", "status": 400}
        assert c.get("/", headers={"host": "127.0.0.1.attacker.example"}).status_code == 400


def test_store_failures_are_json_500_without_a_trace():
    from dotterel.errors import StoreError
    from dotterel.store.memory import MemoryStore

    class Broken(MemoryStore):
        def event_records(self, filters=None):
            raise StoreError("/secret/path.duckdb: IO Error: disk on fire")

        def bundle(self, event_id):
            raise RuntimeError("unexpected")

    with TestClient(create_app(Broken()), raise_server_exceptions=False) as c:
        response = c.get("/api/events")
        assert response.status_code == 500 and "could not be read" in response.json()["error"]
        assert "/secret" not in response.text and "disk on fire" not in response.text
        crash = c.get("/api/events/ev-1")
        assert crash.status_code == 500 and crash.json() == {"error": "internal server error (see the server's log)",
                                                              "status": 500}
        assert crash.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        no_trace(crash)


# -- the app is a factory over any store ------------------------------------------------------
def test_a_memory_store_can_be_injected(ro_store):
    from conftest import corpus, fill

    from dotterel.store.memory import MemoryStore

    memory = MemoryStore()
    fill(memory, corpus()[2:3])
    app = create_app(ro_store)
    app.dependency_overrides[get_store] = lambda: memory
    with TestClient(app) as c:
        assert [e["type"] for e in c.get("/api/events").json()["items"]] == ["PROTEST"]
        detail = c.get(f"/api/events/{c.get('/api/events').json()['items'][0]['event_id']}").json()
        assert {s["role"] for s in detail["mentions"][0]["spans"]} >= {"evidence", "actor", "place", "date"}
        assert c.get("/api/articles/coast-news-3").json()["outlet"] == "Coast News"


def test_openapi_documents_the_endpoints_and_filters(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/events", "/api/events/{event_id}", "/api/events.csv", "/api/events.json", "/api/mentions",
                 "/api/articles", "/api/articles/{doc_id}", "/api/actors", "/api/network", "/api/places",
                 "/api/timeline", "/api/meta"):
        assert "get" in spec["paths"][path], path
    names = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert names == {"start_date", "end_date", "country", "event_type", "actor", "status", "min_confidence",
                     "offset", "limit", "sort"}
    docs = client.get("/docs")
    assert docs.status_code == 200 and 'src="assets/docs.js"' in docs.text


# -- the explorer's files ---------------------------------------------------------------------
def test_explorer_pages_have_no_inline_code_and_no_outside_assets():
    for page in ("index.html", "docs.html"):
        html = (EXPLORER / page).read_text("utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), page  # every script is a file
        assert "<style" not in html and not re.search(r"\sstyle=", html) and not re.search(r"\son\w+=", html)
        assert not re.search(r"(src|href)=\"(https?:)?//", html), page
    for asset in EXPLORER.iterdir():
        if asset.suffix not in (".js", ".css", ".html"):
            continue
        code = asset.read_text("utf-8")
        for banned in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
                       "setAttribute(\"style\""):
            assert banned not in code, (asset.name, banned)
        urls = set(re.findall(r"https?://[^\s\"')]+", code)) - {"http://www.w3.org/2000/svg"}
        assert not urls, (asset.name, urls)


def test_the_index_is_served_with_its_assets(client):
    html = client.get("/").text
    for ref in re.findall(r'(?:src|href)="(assets/[^"]+)"', html):
        response = client.get("/" + ref)
        assert response.status_code == 200, ref
    assert client.get("/assets/app.js").headers["content-type"].startswith(("text/javascript", "application/javascript"))
    assert client.get("/assets/../app.py").status_code == 404


def test_country_outlines_are_shipped_small():
    path = EXPLORER / "world.json"
    assert path.stat().st_size < 1_000_000
    world = json.loads(path.read_text("utf-8"))
    codes = {c["iso3"] for c in world["countries"]}
    assert len(world["countries"]) > 170 and {"MLI", "NGA", "SEN", "FRA", "RUS", "KOS"} <= codes
    assert "Natural Earth" in world["source"]
    assert all(c["d"].startswith("M") for c in world["countries"])


def test_package_data_includes_the_explorer():
    text = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text("utf-8")
    assert "web/explorer/**/*" in text or "web/explorer/*" in text


# -- a store coded by the real pipeline --------------------------------------------------------
PIPELINE_ARTICLES = [
    {"doc_id": "harbour-1", "published": "2023-09-18", "outlet": "Harbour Times", "url": "https://harbour.example/1",
     "title": "Dockworkers strike in Mombasa",
     "text": "Dockworkers strike in Mombasa\n\nHundreds of dockworkers protested in Mombasa on Monday against "
             "plans to privatise the port, union leaders said. Police arrested twelve protesters near the main gate."},
    {"doc_id": "capital-2", "published": "2023-09-19", "outlet": "Capital Courier", "url": "https://capital.example/2",
     "title": "Kenya and Tanzania sign border deal",
     "text": "Kenya and Tanzania sign border deal\n\nKenya and Tanzania signed an agreement on Tuesday to reopen "
             "three border crossings, the foreign ministry said."},
]


def test_a_store_coded_by_the_pipeline(pipeline, tmp_path):
    from dotterel.api import CodeRun, run_code
    from dotterel.store import open_store

    source = tmp_path / "articles.jsonl"
    source.write_text("".join(json.dumps(a) + "\n" for a in PIPELINE_ARTICLES), "utf-8")
    db = tmp_path / "coded.duckdb"
    report = run_code(CodeRun(inputs=[str(source)], db=db))
    assert report.coded == 2 and report.events >= 2
    texts = {a["doc_id"]: a["text"] for a in PIPELINE_ARTICLES}
    with open_store(db, read_only=True) as store, TestClient(create_app(store)) as c:
        meta = c.get("/api/meta").json()
        assert meta["n_articles"] == 2 and meta["n_events"] >= 2
        types = {t["type"] for t in meta["types"]}
        assert "PROTEST" in types
        events = c.get("/api/events", params={"limit": 100}).json()["items"]
        for e in events:
            detail = c.get(f"/api/events/{e['event_id']}").json()
            for m in detail["mentions"]:
                text = texts[m["doc_id"]]
                roles = {s["role"] for s in m["spans"]}
                assert "evidence" in roles
                for span in m["spans"]:
                    assert text[span["start"]:span["end"]] == span["text"], span
                assert text[m["window"]["start"]:m["window"]["end"]] == m["window"]["text"]
        protest = c.get("/api/events", params={"event_type": "PROTEST"}).json()["items"][0]
        detail = c.get(f"/api/events/{protest['event_id']}").json()
        spans = {s["role"]: s["text"] for s in detail["mentions"][0]["spans"]}
        assert "protested" in spans["evidence"] and spans.get("trigger") == "protested"
        assert c.get("/api/places").json()["features"], "Mombasa has coordinates"
        assert c.get("/api/timeline", params={"bucket": "day"}).json()["buckets"][0]["start"] >= "2023-09-17"

"""Screenshots of the explorer for the README: the bundled example article coded into a fresh
store, served on 127.0.0.1, photographed by headless Chromium (Debian's `chromium` package).

    .venv/bin/python scripts/screenshot.py            # writes docs/img/explorer.png, explorer-event.png

Needs the web and dev extras (`pip install -e '.[web,dev]'`) and /usr/bin/chromium.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "example-article.txt"
OUT = ROOT / "docs" / "img"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEW = "?start_date=2024-06-01"  # the days the example reports on (it also mentions 2012 and 2022)


def main() -> int:
    from playwright.sync_api import sync_playwright

    from dotterel.api import CodeRun, run_code
    from dotterel.store import open_store
    from dotterel.web import LOOPBACK_HOSTS, create_app, serve_in_thread

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "example.duckdb"
        report = run_code(CodeRun(inputs=[str(EXAMPLE)], published="2024-06-10", db=db))
        print(report.summary(), file=sys.stderr)
        with open_store(db, read_only=True) as store:
            top = max(store.event_records(), key=lambda e: (e.n_mentions, e.event_id))
            with serve_in_thread(create_app(store, allowed_hosts=LOOPBACK_HOSTS)) as base, sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 1000})
                page.goto(f"{base}/{VIEW}")
                page.wait_for_selector("html[data-ready='overview']", state="attached")
                page.screenshot(path=str(OUT / "explorer.png"))
                page.goto(f"{base}/{VIEW}&event={top.event_id}")
                page.wait_for_selector("html[data-ready='event']", state="attached")
                page.screenshot(path=str(OUT / "explorer-event.png"))
                browser.close()
    for name in ("explorer.png", "explorer-event.png"):
        print(f"{OUT / name}: {(OUT / name).stat().st_size // 1024} KiB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

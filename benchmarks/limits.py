"""What one document costs at dotterel's limits (dotterel.limits): inputs made just under (or at)
each limit, each coded alone in a fresh process; prints its time, peak memory and what it said.

    python benchmarks/limits.py [--only NAME,...] [--json]

The defaults are chosen so that no single input goes past 2 GiB of memory or, for long, past the
time budget (docs/reliability.md). Cases: the longest text coded (event-dense prose of 100,000
characters), the most tokens (50,000 emoji and symbols), sentences of almost 500 tokens (the
sentence limit) up to the characters limit, a 20 MiB text file and JSONL line (refused by
characters and by bytes), and files read whole at the file limit: a CSV, a JSON array and an
RSS feed of 100 MiB.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from _coder import code_alone

MiB = 2**20
PROSE = ["Soldiers shelled the village of Harrow Creek on Monday, residents said.",
         "The interior minister met union leaders in the capital to discuss wages.",
         "Protesters blocked the main road near the port for several hours.",
         "The government denied that it had arrested the opposition leader."]


def prose(chars: int) -> str:
    parts, n = [], 0
    while n < chars:
        s = PROSE[len(parts) % 4] + (" " if len(parts) % 5 else "\n\n")
        parts.append(s)
        n += len(s)
    return "".join(parts)[:chars]


def cases(tmp: Path) -> dict[str, Path]:
    out: dict[str, Path] = {}

    def put(name: str, data: str | bytes) -> None:
        path = tmp / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        out[name] = path

    put("prose-100k.txt", prose(99_990))
    put("emoji-50k-tokens.txt", ("\U0001f44d\U0001f3fd\U0001f1f3\U0001f1ec " * 12_500)[:62_000])
    put("long-sentences.txt", "\n\n".join(" ".join(["\ue000"] * 490 + ["police", "detained", "protesters"])
                                          for _ in range(99)))  # just under --max-chars
    put("text-20mib.txt", prose(20 * MiB - 1000))
    put("line-20mib.jsonl", json.dumps({"doc_id": "big", "text": prose(20 * MiB - 1000)}) + "\n")
    row = prose(4000) + " Ünïcode \U0001f44d"
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["doc_id", "text"])
    row_bytes = len(row.encode("utf-8")) + 20
    for i in range((100 * MiB - 10_000) // row_bytes):  # bytes, not characters: the row is not ASCII
        w.writerow([f"r{i}", row])
    put("file-100mib.csv", buf.getvalue())
    records = []
    size = 0
    while size < 100 * MiB - 10_000:
        rec = json.dumps({"doc_id": f"j{len(records)}", "text": row})
        records.append(rec)
        size += len(rec.encode()) + 2
    put("file-100mib.json", "[" + ",\n".join(records) + "]")
    items = []
    size = 0
    while size < 100 * MiB - 10_000:
        # one title for all: the items are one text, read whole and coded once (like the CSV and JSON)
        item = f"<item><guid>g{len(items)}</guid><title>Item</title><description>{row}</description></item>"
        items.append(item)
        size += len(item.encode())
    put("feed-100mib.rss", '<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>' + "".join(items)
        + "</channel></rss>")
    return out


def cases_made_elsewhere(tmp: Path) -> dict[str, Path]:
    """The cases, written by a child process. Linux keeps a process's peak memory across fork and
    exec: a coder started from a parent that once held the 100 MiB cases in memory would report
    that parent's peak (1.7 GB) as its own."""
    made = subprocess.run([sys.executable, __file__, "--make", str(tmp)], check=True, capture_output=True, text=True)
    return {name: Path(path) for name, path in json.loads(made.stdout).items()}


def run(path: Path, timeout: float) -> dict:
    done = code_alone(path, timeout)
    lines = done.stderr.splitlines()
    said = next((ln for ln in lines if "refused" in ln or "failed" in ln or "unreadable" in ln), "")
    summary = next((ln for ln in reversed(lines) if ln.startswith("read ")), "")
    return {"input": path.name, "bytes": path.stat().st_size, "exit": done.exit, "seconds": round(done.seconds, 1),
            "peak_mib": round(done.peak_mib), "said": said[:200], "summary": summary}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated case names")
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--make", help=argparse.SUPPRESS)  # write the cases into this folder and stop
    args = parser.parse_args()
    if args.make:
        print(json.dumps({name: str(path) for name, path in cases(Path(args.make)).items()}))
        return
    with tempfile.TemporaryDirectory(prefix="dotterel-limits-") as tmp:
        made = cases_made_elsewhere(Path(tmp))
        chosen = [n for n in made if not args.only or n in args.only.split(",")]
        results = [run(made[n], args.timeout) for n in chosen]
    if args.json:
        print(json.dumps(results, indent=1))
    else:
        for r in results:
            print(f"{r['input']:<22} {r['bytes'] / MiB:7.1f} MiB  {r['seconds']:6.1f} s  {r['peak_mib']:6} MiB peak  "
                  f"{r['said'] or r['summary']}")
    sys.exit(0 if all(r["peak_mib"] < 2048 for r in results) else 1)


if __name__ == "__main__":
    main()

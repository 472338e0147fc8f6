"""Coverage-guided fuzzing with atheris (libFuzzer for Python): every reader, the first-bytes
detection and normalize, over bytes that libFuzzer mutates towards new code paths in dotterel.

    pip install atheris        # a wheel for Linux x86-64; elsewhere it needs clang
    python benchmarks/fuzz_atheris.py [--seconds 600] [--pipeline] [--corpus DIR] [--crashes DIR]

The first byte of an input picks the target (a reader by format, the detection, normalize, or
with --pipeline the whole pipeline on the input as UTF-8 text); the rest is the document. The
seed corpus is the valid documents of tests/fuzz_targets.py. As in benchmarks/fuzz.py a crash is
recorded and fuzzing goes on; the run ends with the inputs tried and the crashes found.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
with atheris.instrument_imports(include=["dotterel"]):
    import fuzz_targets as ft

    import dotterel.io.readers
    import dotterel.stages.normalize  # noqa: F401

FORMATS = sorted(ft.SEEDS)
TRIED: Counter[str] = Counter()
CRASHES: list[dict] = []
KINDS: set[tuple[str, str, str]] = set()
STATE: dict = {"crash_dir": None, "started": time.perf_counter(), "deadline": float("inf"), "pipeline": None}


def targets() -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = [(f"reader {f}", lambda d, f=f: ft.read_format(f, d)) for f in FORMATS]
    out.append(("first bytes", ft.sniffed))
    out.append(("normalize", lambda d: ft.normalize(d.decode("utf-8", "replace"))))
    if STATE["pipeline"] is not None:
        out.append(("pipeline", lambda d: ft.code(STATE["pipeline"], d.decode("utf-8", "replace")[:2000])))
    return out


TARGETS: list[tuple[str, object]] = []


def one_input(data: bytes) -> None:
    if time.perf_counter() > STATE["deadline"]:  # libFuzzer exits without running atexit handlers: report here
        report()
        os._exit(1 if CRASHES else 0)
    if not data:
        return
    name, fn = TARGETS[data[0] % len(TARGETS)]
    TRIED[name] += 1
    try:
        fn(data[1:])  # type: ignore[operator]
    except Exception as e:  # noqa: BLE001  (a crash: recorded, and fuzzing goes on)
        frames = [f for f in traceback.extract_tb(e.__traceback__) if "/dotterel/" in f.filename] or \
            traceback.extract_tb(e.__traceback__)[-1:]
        where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
        kind = (name, type(e).__name__, where)
        CRASHES.append({"target": name, "error": f"{type(e).__name__}: {str(e)[:300]}", "where": where})
        if kind not in KINDS and STATE["crash_dir"] is not None:
            STATE["crash_dir"].mkdir(parents=True, exist_ok=True)
            (STATE["crash_dir"] / f"crash-{len(KINDS)}").write_bytes(data)
        KINDS.add(kind)


def report() -> None:
    seconds = time.perf_counter() - STATE["started"]
    print(json.dumps({"fuzzer": "atheris", "inputs": sum(TRIED.values()), "crashes": len(CRASHES),
                      "distinct_crashes": len(KINDS), "seconds": round(seconds, 1), "per_target": dict(TRIED),
                      "crash_kinds": sorted(KINDS)}, indent=1), file=sys.stderr, flush=True)
    print(f"fuzz (atheris): {sum(TRIED.values()):,} inputs in {seconds / 60:.1f} min; {len(CRASHES)} crash(es), "
          f"{len(KINDS)} distinct", file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=600)
    parser.add_argument("--pipeline", action="store_true", help="fuzz the pipeline too (slower per input)")
    parser.add_argument("--corpus", help="libFuzzer's working corpus (default: a temporary folder)")
    parser.add_argument("--crashes", help="folder for the crashing inputs")
    args, rest = parser.parse_known_args()
    if args.pipeline:
        from dotterel.api import get_pipeline

        STATE["pipeline"] = get_pipeline()
    STATE["crash_dir"] = Path(args.crashes) if args.crashes else None
    TARGETS.extend(targets())
    corpus = Path(args.corpus or tempfile.mkdtemp(prefix="dotterel-atheris-"))
    corpus.mkdir(parents=True, exist_ok=True)
    for k, (name, _) in enumerate(TARGETS):
        fmt = name.split()[-1]
        for n, seed in enumerate(ft.SEEDS.get(fmt, [ft.STORY.encode()])):
            (corpus / f"seed-{k}-{n}").write_bytes(bytes([k]) + seed)
    STATE["started"] = time.perf_counter()
    STATE["deadline"] = STATE["started"] + args.seconds
    atheris.Setup([sys.argv[0], *rest, f"-max_total_time={args.seconds + 600}", "-rss_limit_mb=4096",
                   "-timeout=60", "-print_final_stats=1", str(corpus)], one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()

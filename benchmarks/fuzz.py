"""Long fuzzing run with hypothesis: every reader, the input dispatcher, normalize and the pipeline
(the targets and strategies of tests/fuzz_targets.py), for a time budget; prints the inputs tried
and the crashes found per target (0 is the target), and writes each crashing input to a folder.

    python benchmarks/fuzz.py [--minutes 10] [--targets readers,files,sniff,normalize,pipeline]
                              [--crashes DIR] [--seed N] [--json]

Unlike the bounded run in the test suite (tests/property/test_fuzz.py), a crash does not stop
the run: it is recorded (target, exception, where, input) and fuzzing goes on, so one run counts
them all. The time is shared among the targets in proportion to their weight (the pipeline gets
the most). Each target's number of examples comes from its speed in a first short run.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import fuzz_targets as ft

WEIGHTS = {"readers": 4, "files": 1, "sniff": 1, "normalize": 1, "pipeline": 4}


class Run:
    def __init__(self, crash_dir: Path | None) -> None:
        self.tried: Counter[str] = Counter()
        self.crashes: list[dict] = []
        self.kinds: set[tuple[str, str, str]] = set()
        self.crash_dir = crash_dir

    def call(self, target: str, fn, value) -> None:
        self.tried[target] += 1
        try:
            fn(value)
        except Exception as e:  # noqa: BLE001  (everything is a crash here: that is what is counted)
            frames = [f for f in traceback.extract_tb(e.__traceback__) if "/dotterel/" in f.filename] or \
                traceback.extract_tb(e.__traceback__)[-1:]
            where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
            kind = (target, type(e).__name__, where)
            record = {"target": target, "error": f"{type(e).__name__}: {str(e)[:300]}", "where": where,
                      "input": repr(value)[:2000]}
            self.crashes.append(record)
            if kind not in self.kinds and self.crash_dir is not None:
                self.crash_dir.mkdir(parents=True, exist_ok=True)
                name = f"{target.replace(' ', '-')}-{len(self.kinds)}"
                data = value if isinstance(value, bytes) else str(value).encode("utf-8", "surrogatepass")
                (self.crash_dir / name).write_bytes(data)
            self.kinds.add(kind)


def targets(run: Run, workdir: str, pipeline) -> dict[str, list[tuple[str, st.SearchStrategy, object]]]:
    out: dict[str, list] = {"readers": [], "files": [], "sniff": [], "normalize": [], "pipeline": []}
    for fmt in sorted(ft.SEEDS):
        out["readers"].append((f"reader {fmt}", ft.any_bytes(fmt), lambda d, f=fmt: ft.read_format(f, d)))
        out["files"].append((f"file {fmt}", ft.any_bytes(fmt), lambda d, f=fmt: ft.read_file(f, d, workdir)))
    out["sniff"].append(("first bytes", st.one_of(*(ft.mutated(f) for f in sorted(ft.SEEDS)), st.binary(max_size=600)),
                         ft.sniffed))
    out["normalize"].append(("normalize", ft.TEXTS, ft.normalize))
    if pipeline is not None:
        out["pipeline"].append(("pipeline", ft.TEXTS, lambda t: ft.code(pipeline, t)))
    return out


def fuzz(run: Run, name: str, strategy: st.SearchStrategy, fn, examples: int, rng_seed: int) -> None:
    @seed(rng_seed)
    @settings(max_examples=max(1, examples), deadline=None, database=None, suppress_health_check=list(HealthCheck),
              phases=("generate",))
    @given(value=strategy)
    def body(value) -> None:
        run.call(name, fn, value)

    body()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--targets", default=",".join(WEIGHTS))
    parser.add_argument("--crashes", help="folder for the crashing inputs (default: none written)")
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    chosen = [t for t in args.targets.split(",") if t]
    run = Run(Path(args.crashes) if args.crashes else None)
    pipeline = None
    if "pipeline" in chosen:
        from dotterel.api import get_pipeline

        pipeline = get_pipeline()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="dotterel-fuzz-") as workdir:
        groups = targets(run, workdir, pipeline)
        total_weight = sum(WEIGHTS[t] for t in chosen)
        for group in chosen:
            share = args.minutes * 60 * WEIGHTS[group] / total_weight / max(1, len(groups[group]))
            for name, strategy, fn in groups[group]:
                t0 = time.perf_counter()
                fuzz(run, name, strategy, fn, 100, args.seed)  # calibration, counted too
                rate = 100 / max(time.perf_counter() - t0, 1e-3)
                fuzz(run, name, strategy, fn, int(rate * max(share - (time.perf_counter() - t0), 0)), args.seed + 1)
                print(f"  {name:<14} {run.tried[name]:>8,} inputs  {sum(c['target'] == name for c in run.crashes)} "
                      f"crash(es)  {time.perf_counter() - t0:6.1f}s", file=sys.stderr, flush=True)
    seconds = time.perf_counter() - started
    result = {"inputs": sum(run.tried.values()), "crashes": len(run.crashes), "distinct_crashes": len(run.kinds),
              "seconds": round(seconds, 1), "seed": args.seed, "per_target": dict(run.tried),
              "crash_kinds": sorted(run.kinds), "examples": run.crashes[:20]}
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print(f"fuzz (hypothesis, seed {args.seed}): {result['inputs']:,} inputs in {seconds / 60:.1f} min; "
              f"{result['crashes']} crash(es), {result['distinct_crashes']} distinct")
        for kind in sorted(run.kinds):
            example = next(c for c in run.crashes if (c["target"], c["error"].split(":")[0], c["where"]) == kind)
            print(f"  {kind[0]}: {example['error']} at {kind[2]}\n    input: {example['input'][:300]}")
    sys.exit(1 if run.crashes else 0)


if __name__ == "__main__":
    main()

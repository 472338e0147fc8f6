"""Every hostile input (tests/hostile.py) through `dotterel code`, one process each: what it
said, how long it took and its peak memory.

    python benchmarks/hostile.py [--scale full|small] [--out DIR] [--jobs 1] [--json]

Each file (and the folder of symbolic-link loops) is coded alone, in a fresh process, with
`--languages all --workers 1`, so its peak resident memory (from the kernel, os.wait4) is that
input's own. A crash is an exit code other than 0 or 1, a traceback on stderr, or a run past
the timeout. The target: no crash, and every input under 2 GiB (docs/reliability.md).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import hostile
from _coder import code_alone

LIMIT_BYTES = 2 * 2**30


def run_one(path: Path, timeout: float) -> dict:
    done = code_alone(path, timeout)
    stderr = done.stderr
    summary = next((ln for ln in reversed(stderr.splitlines()) if ln.startswith("read ")), "")
    first = next((ln for ln in stderr.splitlines() if ln and not ln.startswith("read ")), "")
    return {"input": path.name if path.is_dir() else str(path), "exit": done.exit, "seconds": round(done.seconds, 2),
            "peak_mib": round(done.peak_mib, 1), "crash": done.timed_out or done.exit not in (0, 1)
            or "Traceback" in stderr, "timed_out": done.timed_out, "said": first[:150], "summary": summary}


def generated_elsewhere(root: Path, scale: str) -> list[str]:
    """The hostile inputs, written by a child process: Linux keeps a process's peak memory across
    fork and exec, so a coder started from a parent that once held the 50 MB texts would report
    the parent's peak as its own. Returns the paths, relative to `root`."""
    script = ("import json, sys; sys.path.insert(0, sys.argv[1]); import hostile; "
              "print(json.dumps([h.path for h in hostile.generate(sys.argv[2], scale=sys.argv[3])]))")
    made = subprocess.run([sys.executable, "-c", script, str(Path(hostile.__file__).parent), str(root), scale],
                          check=True, capture_output=True, text=True)
    return json.loads(made.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=("full", "small"), default="full")
    parser.add_argument("--out", help="where to write the inputs (default: a temporary folder)")
    parser.add_argument("--jobs", type=int, default=1, help="inputs coded at once (memory is per process)")
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dotterel-hostile-") as tmp:
        root = Path(args.out or tmp)
        inputs = [Path(p) for p in generated_elsewhere(root, args.scale)]
        os.chdir(root)
        with ThreadPoolExecutor(args.jobs) as pool:
            results = list(pool.map(lambda p: run_one(p, args.timeout), inputs))
    if args.json:
        print(json.dumps(results, indent=1))
    else:
        for r in results:
            flag = "CRASH" if r["crash"] else ("OVER" if r["peak_mib"] * 2**20 > LIMIT_BYTES else "ok")
            print(f"{flag:<5} {r['input']:<38} {r['seconds']:>6.1f}s {r['peak_mib']:>7.0f} MiB  {r['said']}")
    crashes = sum(r["crash"] for r in results)
    over = [r["input"] for r in results if r["peak_mib"] * 2**20 > LIMIT_BYTES]
    peak = max(results, key=lambda r: r["peak_mib"])
    print(f"\ninputs: {len(results)}; crashes: {crashes}; over 2 GiB: {len(over)} {over or ''}; "
          f"peak {peak['peak_mib']:.0f} MiB ({peak['input']}); slowest "
          f"{max(r['seconds'] for r in results):.1f} s")
    sys.exit(1 if crashes or over else 0)


if __name__ == "__main__":
    main()

"""One `dotterel code` run in a child process, measured: its exit status, wall time, its own
peak memory (from the kernel, by wait4) and what it printed on stderr. For benchmarks that code
inputs one process each (hostile.py, limits.py).

The peak is the child's own only if the parent never held much memory: Linux carries a
process's peak across fork and exec, so those benchmarks write their inputs in another child.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class CoderRun:
    exit: int
    seconds: float
    peak_mib: float
    stderr: str
    timed_out: bool


def code_alone(path: Path, timeout: float) -> CoderRun:
    """`dotterel code PATH` (every language, one worker, output thrown away), killed after `timeout` s."""
    cmd = [sys.executable, "-m", "dotterel", "code", str(path), "--languages", "all", "--workers", "1",
           "--no-progress", "-o", os.devnull]
    started = time.perf_counter()
    timed_out = False
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > timeout:
                proc.kill()
                _, status, usage = os.wait4(proc.pid, 0)
                timed_out = True
                break
            time.sleep(0.05)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return CoderRun(exit=os.waitstatus_to_exitcode(status), seconds=time.perf_counter() - started,
                    peak_mib=usage.ru_maxrss / 1024, stderr=stderr, timed_out=timed_out)

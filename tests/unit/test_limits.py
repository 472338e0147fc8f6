"""dotterel.limits: the refusal lines, sizes as people write them, the interrupting deadline."""
from __future__ import annotations

import signal
import threading
import time

import pytest

from dotterel.errors import ConfigError
from dotterel.limits import Limits, OutOfTime, can_interrupt, count_tokens, deadline, over, parse_size


def test_a_refusal_names_the_document_the_measure_the_limit_and_the_option():
    assert over("big.txt", 52_428_800, 2_000_000, "characters", "--max-chars") == (
        "big.txt: refused: 52,428,800 characters > limit 2,000,000 (set --max-chars)")
    assert over("a.jsonl:3", None, 1024, "bytes", "--max-bytes") == (
        "a.jsonl:3: refused: more than the limit of 1,024 bytes (set --max-bytes)")


def test_texts_are_refused_by_characters_then_by_tokens():
    limits = Limits(max_chars=100, max_tokens=10)
    assert limits.refuse("d", "short text") is None
    assert limits.refuse("d", "x" * 101) == "d: refused: 101 characters > limit 100 (set --max-chars)"
    assert "11 words and symbols > limit 10 (set --max-tokens)" in limits.refuse("d", "a " * 11)
    assert Limits(max_chars=None, max_tokens=0).refuse("d", "x " * 10**5) is None  # 0 and None: no limit
    assert Limits(max_sentence_tokens=3).refuse_parsed("d", iter([2, 5, 1])) == (
        "d: refused: 5 tokens in one sentence > limit 3 (set --max-sentence-tokens)")


def test_tokens_are_counted_as_the_parser_would():
    assert count_tokens("Police arrested 40 activists, officials said.") == 8
    assert count_tokens("\U0001f44d\U0001f3fd\U0001f1f3\U0001f1ec") == 4  # emoji, modifier, flag letters


def test_sizes_as_people_write_them():
    assert [parse_size(v) for v in ("52428800", "50MiB", "50M", "20 MB", "800k", "1.5G", 7)] == [
        52428800, 52428800, 52428800, 20971520, 819200, 1610612736, 7]
    with pytest.raises(ConfigError, match="not a size"):
        parse_size("lots")


def test_negative_limits_are_refused():
    with pytest.raises(ConfigError):
        Limits(max_chars=-1)
    from dotterel.io.readers import ReadOptions

    with pytest.raises(ConfigError, match="max_bytes"):
        ReadOptions(max_bytes=0)


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="POSIX interval timers")
def test_a_deadline_interrupts_python_code_and_leaves_no_timer_behind():
    assert can_interrupt()
    started = time.perf_counter()
    with pytest.raises(OutOfTime), deadline(0.2):
        while True:
            pass
    assert 0.15 < time.perf_counter() - started < 2
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL
    with deadline(5):
        pass  # finishes in time: nothing raised, the timer is off again
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_deadline_never_takes_someone_elses_alarm_or_another_thread():
    def theirs(signum, frame):  # e.g. pytest-timeout
        raise AssertionError("not ours to take")

    previous = signal.signal(signal.SIGALRM, theirs)
    try:
        assert not can_interrupt()
        with deadline(0.01):
            time.sleep(0.05)  # nothing raised: the caller checks the time itself
    finally:
        signal.signal(signal.SIGALRM, previous)
    results = []
    thread = threading.Thread(target=lambda: results.append(can_interrupt()))
    thread.start()
    thread.join()
    assert results == [False]

"""Hostile inputs (tests/hostile.py) through the readers and through `dotterel code --db`: every
one is read, refused or reported with a clear line, nothing crashes, memory stays bounded, and
the good documents among them are coded."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dotterel.errors import InputError, LimitError
from dotterel.io.readers import Skipped, read_inputs
from dotterel.model import Article

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import hostile

pytestmark = [pytest.mark.slow]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    hostile.generate(root, scale="small")
    return root


def items_of(path: Path, **settings) -> list:
    return list(read_inputs([str(path)], **settings))


def messages(items: list) -> list[str]:
    return [str(i) for i in items if not isinstance(i, Article)]


def test_every_hostile_file_is_read_refused_or_reported(corpus):
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and not p.is_symlink())
    assert len(files) > 60
    for path in files:
        items = items_of(path)  # never raises
        assert items, path
        for item in items:
            assert isinstance(item, (Article, InputError, Skipped)), (path, item)
            if isinstance(item, Article):
                item.text.encode("utf-8")  # storable and printable
                assert item.text.strip()
            else:
                text = str(item)
                assert text and len(text) < 1000 and "Traceback" not in text, (path, text)


@pytest.mark.parametrize(("name", "fragment"), [
    ("size/one-line-50mb.txt", "refused: 52,428,800 bytes > limit 20,971,520 (set --max-bytes)"),
    ("size/bomb.txt.gz", "refused: more than the limit of 20,971,520 bytes once decompressed (set --max-bytes)"),
    ("size/huge-line-no-newline.jsonl", ":1: refused: more than the limit of 20,971,520 bytes (set --max-bytes)"),
    ("records/huge-field.csv", ":2: refused: more than the limit of 20,971,520 characters in a field"),
    ("records/deep.json", "nested too deeply"),
    ("warc/bomb-record.warc.gz", "record 2: refused: it inflates to more than 100 times its compressed size"),
    ("warc/bomb-body.warc.gz", "record 2 (https://bomb.example/body): refused: more than the limit"),
    ("warc/bomb-after-length.warc.gz", "record 3: refused: more than 1,048,576 bytes of headers"),
    ("warc/header-line.warc", "record 1: refused: more than 1,048,576 bytes of headers"),
    ("warc/truncated.warc.gz", "record 3: cut short"),
    ("warc/truncated-header.warc.gz", "the archive ends inside a record (truncated)"),
    ("encoding/lone-surrogate.jsonl", "lone-surrogate.jsonl:1: the text is not Unicode text (a lone surrogate"),
    ("encoding/utf16le-nobom.txt", "NUL bytes"),
    ("encoding/invalid-utf8.txt", "not UTF-8 text (byte 122"),
    ("binary/random.txt", "a binary file, not a text document"),
    ("empty/empty.txt", "empty document"),
    ("gz/truncated.txt.gz", "not a readable gzip file"),
])
def test_what_is_refused_says_why(corpus, name, fragment):
    found = messages(items_of(corpus / name))
    assert any(fragment in m for m in found), found


def test_limits_refuse_with_the_error_type_the_summary_counts(corpus):
    for name in ("size/one-line-50mb.txt", "size/bomb.txt.gz", "warc/bomb-record.warc.gz", "records/huge-field.csv"):
        assert any(isinstance(i, LimitError) for i in items_of(corpus / name)), name


def test_good_records_around_bad_ones_are_kept(corpus):
    jsonl = items_of(corpus / "records" / "malformed.jsonl")
    assert {a.doc_id for a in jsonl if isinstance(a, Article)} >= {"ok-1", "ok-2", "list-date", "title-obj"}
    assert sum(isinstance(i, InputError) for i in jsonl) >= 12
    assert [a.doc_id for a in items_of(corpus / "size" / "huge-field.jsonl") if isinstance(a, Article)] == [
        "after-big"]  # the 30 MB line before it is refused
    csv = items_of(corpus / "records" / "huge-field.csv")
    assert [a.doc_id for a in csv if isinstance(a, Article)] == ["ok"]
    bombed = items_of(corpus / "warc" / "bomb-record.warc.gz")
    assert [a.title for a in bombed if isinstance(a, Article)] == ["Before"]  # read up to the bomb
    assert [a.title for a in items_of(corpus / "warc" / "bomb-body.warc.gz") if isinstance(a, Article)] == ["Before"]


def test_the_byte_limit_is_an_option(corpus):
    items = items_of(corpus / "size" / "huge-field.jsonl", max_bytes=40 * 2**20)
    assert [a.doc_id for a in items if isinstance(a, Article)] == ["big", "after-big"]
    items = items_of(corpus / "size" / "huge-field.jsonl", max_bytes=2**20)
    assert isinstance(items[0], LimitError) and "huge-field.jsonl:1: refused: more than the limit of 1,048,576" in str(
        items[0])


def test_symlink_loops_do_not_hang_the_walk(corpus):
    items = items_of(corpus / "loops")
    assert [a.doc_id for a in items if isinstance(a, Article)] == ["sub/story"]
    assert sorted(m.split(":")[0].rsplit("/", 1)[-1] for m in messages(items)) == ["a", "b", "self"]


def test_the_whole_corpus_through_code_with_a_store(corpus, tmp_path):
    """One run over every hostile file: exit 0, a summary, every refusal counted, no traceback,
    under 2 GB of memory, and the store opens with the good documents coded."""
    db, out = tmp_path / "hostile.duckdb", tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "dotterel", "code", str(corpus), "--db", str(db), "-o", str(out),
           "--languages", "all", "--workers", "1", "--no-progress"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _, stderr = proc.communicate(timeout=600)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, stderr[-3000:]
    assert "Traceback" not in stderr and "Error:" not in stderr.replace("LimitError", ""), stderr[-3000:]
    summary = [line for line in stderr.splitlines() if line.startswith("read ")][-1]
    assert "refused" in summary and "unreadable" in summary
    assert "\x1b" not in stderr  # escapes from the hostile files are printed as \x1b, never sent
    import dotterel

    with dotterel.open(db, read_only=True) as store:
        doc_ids = set(store.articles()["doc_id"])
    # the good ones (repeats of one text are coded once: loops/sub/story stands for the others)
    assert {"chars/rtl", "chars/emoji", "chars/terminal-escape", "html/xss", "loops/sub/story", "xss-0"} <= doc_ids
    assert out.read_text("utf-8").count("\n") == len(doc_ids)


@pytest.mark.skipif(not hasattr(os, "wait4"), reason="needs os.wait4 for the child's peak memory")
@pytest.mark.parametrize("name", ["size/one-line-50mb.txt", "size/million-sentences.txt", "size/bomb.txt.gz",
                                  "warc/bomb-after-length.warc.gz", "records/huge-field.csv"])
def test_one_hostile_input_stays_under_2_gb(corpus, name):
    proc = subprocess.Popen([sys.executable, "-m", "dotterel", "code", str(corpus / name), "--languages", "all",
                             "--workers", "1", "--no-progress", "-o", os.devnull],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    assert os.waitstatus_to_exitcode(status) in (0, 1), stderr
    assert "refused" in stderr, stderr
    assert usage.ru_maxrss * 1024 < 2 * 2**30

"""Fuzzing, bounded: every reader, the input dispatcher, normalize and the pipeline over broken
bytes and texts (tests/fuzz_targets.py). Nothing may escape as an exception, every article must
be storable Unicode, every evidence offset must slice its text. The long runs, which count the
inputs tried and the crashes found, are benchmarks/fuzz.py and benchmarks/fuzz_atheris.py."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import fuzz_targets as ft

FORMATS = sorted(ft.SEEDS)
# about two minutes in all on one laptop core (DOTTEREL_FUZZ_SCALE multiplies the examples)
SCALE = float(os.environ.get("DOTTEREL_FUZZ_SCALE", "1"))
READERS = settings(max_examples=int(4000 * SCALE), deadline=None, suppress_health_check=list(HealthCheck))
CODING = settings(max_examples=int(8000 * SCALE), deadline=None, suppress_health_check=list(HealthCheck))


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_reader_never_raises(fmt):
    @READERS
    @given(data=ft.any_bytes(fmt))
    def run(data):
        ft.read_format(fmt, data)

    run()


@pytest.mark.parametrize("fmt", FORMATS)
def test_files_and_their_gzip_never_raise(fmt, tmp_path):
    @settings(READERS, max_examples=int(600 * SCALE))
    @given(data=ft.any_bytes(fmt))
    def run(data):
        ft.read_file(fmt, data, str(tmp_path))

    run()


@READERS
@given(data=st.one_of(*(ft.mutated(fmt) for fmt in FORMATS), st.binary(max_size=600)))
def test_first_bytes_detection_never_raises(data):
    ft.sniffed(data)


@settings(READERS, max_examples=int(6000 * SCALE))
@given(text=ft.TEXTS)
def test_normalize_keeps_every_offset(text):
    ft.normalize(text)


@pytest.mark.slow
def test_the_pipeline_codes_any_text_and_its_offsets_slice_it(pipeline):
    @CODING
    @given(text=ft.TEXTS)
    def run(text):
        ft.code(pipeline, text)

    run()


def test_zz_the_fuzzers_ran_their_examples():
    """How many inputs the fuzz tests above tried (run after them; -s prints it)."""
    print("fuzz inputs tried:", sum(ft.TRIED.values()), dict(ft.TRIED))

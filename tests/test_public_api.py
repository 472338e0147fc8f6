import subprocess
import sys

import dotterel


def test_all_is_sorted_and_importable():
    assert list(dotterel.__all__) == sorted(dotterel.__all__)
    for name in dotterel.__all__:
        assert hasattr(dotterel, name)


def test_import_does_not_load_spacy():
    code = "import sys, dotterel; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"


def test_code_text(pipeline):
    mentions = dotterel.code_text("Police arrested two journalists in Cairo.", published="2020-02-02")
    assert [m.type for m in mentions] == ["COERCE"]

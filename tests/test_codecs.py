"""jopt makes IBM-1047 available to every module that names it, with nothing imported first."""

from __future__ import annotations

import subprocess
import sys


def test_ibm_1047_is_there_for_any_module_that_imports_jopt() -> None:
    code = (
        "import jopt\n"
        "assert 'x\\n'.encode('cp1047') == b'\\xa7\\x15'\n"
        "assert b'\\xa7'.decode('IBM-1047') == 'x'\n"
        "assert b'\\xa7'.decode('ibm_1047') == 'x'\n"
        "import codecs; assert codecs.lookup('utf-8').name == 'utf-8'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_an_unknown_codec_is_still_a_lookup_error() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import jopt, codecs\ntry:\n    codecs.lookup('cp99999')\nexcept LookupError:\n    print('ok')",
        ],
        capture_output=True,
        text=True,
    )
    assert done.stdout.strip() == "ok", done.stderr

"""jopt's state file helpers: the script digest is SHA-256, whichever implementation computes it."""

from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from jopt.storage import state


@given(st.binary(max_size=4096))
def test_sha256_is_hashlibs(data):
    assert state.sha256(data) == hashlib.sha256(data).hexdigest()


def test_sha256_of_a_known_text():
    assert state.sha256(b"abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_sha256_does_not_load_openssl_where_cpython_has_its_own():
    import subprocess
    import sys

    probe = "import sys; from jopt.storage import state; state.sha256(b'x'); print('_hashlib' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    has_own = any(_importable(name) for name in ("_sha2", "_sha256"))
    assert done.stdout.strip() == str(not has_own)


def _importable(name: str) -> bool:
    try:
        __import__(name)
    except ImportError:
        return False
    return True

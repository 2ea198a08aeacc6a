"""jopt's state file helpers: the script digest is SHA-256; records survive a save and a load."""

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


def _record(**changes: object) -> state.Record:
    fields = dict(
        script="components/gateway/bin/start.sh",
        tag="GW",
        original_sha256="a" * 64,
        installed_sha256="b" * 64,
        hook_version=1,
        installed_at="2024-05-01T10:00:00Z",
    )
    return state.Record(**{**fields, **changes})  # type: ignore[arg-type]


def test_a_saved_state_loads_back_equal(tmp_path):
    saved = state.State({"gateway": _record(), "zss": _record(tag="ZS", mode="native", trace=True)}, {"zss": "ZS"})
    state.save(tmp_path, saved)
    assert state.load(tmp_path) == saved
    assert (tmp_path / state.STATE_FILE).stat().st_mode & 0o777 == 0o600


def test_the_state_file_lists_every_field_in_order():
    text = state.dumps(state.State({"gateway": _record()}, {}))
    assert text.decode().splitlines() == [
        "{",
        '  "schema": 1,',
        '  "components": {',
        '    "gateway": {',
        '      "script": "components/gateway/bin/start.sh",',
        '      "tag": "GW",',
        f'      "original_sha256": "{"a" * 64}",',
        f'      "installed_sha256": "{"b" * 64}",',
        '      "hook_version": 1,',
        '      "installed_at": "2024-05-01T10:00:00Z",',
        '      "mode": "hook",',
        '      "trace": false,',
        '      "config": null',
        "    }",
        "  },",
        '  "tags": {}',
        "}",
    ]


def test_a_missing_state_file_is_an_empty_state(tmp_path):
    assert state.load(tmp_path) == state.State.empty()

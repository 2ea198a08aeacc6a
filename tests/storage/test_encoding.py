"""Script bytes <-> text: detection, decoding, encoding, and install round trips per encoding."""

from __future__ import annotations

from pathlib import Path

import ebcdic  # noqa: F401  (registers the cp1047 codec)
import pytest

from jopt.errors import ScriptError
from jopt.storage import encoding

SCRIPT = '#!/bin/sh\n# start script\nJAR_FILE="$(pwd)/bin/x.jar"\necho "starting ${JAR_FILE}" | tr a-z A-Z\n'
UTF8 = (SCRIPT + "# caf\u00e9 \u2713\n").encode("utf-8")
LATIN1 = (SCRIPT + "# caf\u00e9\n").encode("iso8859-1")
EBCDIC = (SCRIPT + "# [brackets] {braces} $dollar ^caret ~tilde \\backslash\n").encode("cp1047")
ASCII = SCRIPT.encode("ascii")

SAMPLES = [
    pytest.param(ASCII, "utf-8", id="ascii"),
    pytest.param(UTF8, "utf-8", id="utf-8"),
    pytest.param(LATIN1, "iso8859-1", id="iso8859-1"),
    pytest.param(EBCDIC, "cp1047", id="ibm-1047"),
]


def test_samples_are_what_they_claim():
    assert b"\xe9" in LATIN1 and b"\xc3\xa9" not in LATIN1
    assert b"\n" not in EBCDIC and EBCDIC.count(b"\x15") == SCRIPT.count("\n") + 1


@pytest.mark.parametrize(("data", "codec"), SAMPLES)
def test_detect(data, codec):
    assert encoding.detect(data) == codec


@pytest.mark.parametrize(("data", "codec"), SAMPLES)
def test_round_trip_is_byte_identical(data, codec):
    text = encoding.decode(data, encoding.detect(data))
    assert text.startswith("#!/bin/sh\n# start script\n")
    assert encoding.encode(text, codec) == data


def test_ebcdic_newlines_decode_to_line_feeds():
    assert encoding.decode(EBCDIC, "cp1047").splitlines()[:2] == ["#!/bin/sh", "# start script"]


def test_declared_codec_wins_over_content():
    assert encoding.detect(ASCII, declared="cp1047") == "cp1047"
    assert encoding.detect(EBCDIC, declared="iso8859-1") == "iso8859-1"


@pytest.mark.parametrize(
    ("ccsid", "codec"),
    [("IBM-1047", "cp1047"), ("ISO8859-1", "iso8859-1"), ("UTF-8", "utf-8"), ("IBM-850", "iso8859-1")],
)
def test_ccsid_codecs(ccsid, codec):
    assert encoding.CCSID_CODECS[ccsid] == codec


@pytest.mark.parametrize("declared", [None, "utf-8", "cp1047"])
def test_nul_byte_is_refused(declared):
    with pytest.raises(ScriptError) as refused:
        encoding.detect(b"#!/bin/sh\n\x00echo\n", declared)
    assert str(refused.value) == "binary file (NUL byte at offset 10); not a shell script"


def test_nul_byte_message_names_the_file():
    with pytest.raises(ScriptError) as refused:
        encoding.detect(b"\x00", path=Path("/z/bin/start.sh"))
    assert str(refused.value) == "/z/bin/start.sh: binary file (NUL byte at offset 0); not a shell script"


def test_decode_error_names_the_byte():
    with pytest.raises(ScriptError) as refused:
        encoding.decode(b"echo \xff\n", "utf-8", path="start.sh")
    assert str(refused.value) == "start.sh: not valid utf-8 at byte 5"


def test_encode_error_names_the_character():
    with pytest.raises(ScriptError) as refused:
        encoding.encode("echo \u20ac\n", "iso8859-1", path="start.sh")
    assert str(refused.value) == "start.sh: text cannot be written as iso8859-1 at character 5"


# --- install / uninstall through the CLI, off z/OS (encoding found from the content) ---------


def _round_trip(jopt, script: Path, original: bytes) -> bytes:
    script.write_bytes(original)
    installed = jopt("install", "gateway")
    assert installed.exit_code == 0, installed.output
    assert installed.output.startswith(f"gateway: installed {script}\n"), installed.output
    hooked = script.read_bytes()
    removed = jopt("uninstall", "gateway")
    assert removed.exit_code == 0, removed.output
    assert script.read_bytes() == original
    return hooked


def test_ebcdic_gateway_round_trip(sample, jopt):
    script = sample.script("gateway")
    text = script.read_text()
    original = text.encode("cp1047")

    hooked = _round_trip(jopt, script, original)

    assert b"\n" not in hooked
    hooked_text = hooked.decode("cp1047")
    assert "# >>> jopt hook v2 component=gateway tag=GW dir=" in hooked_text
    assert "    ${JOPT_OPTIONS} \\\n    -jar ${JAR_FILE} &\n" in hooked_text
    assert hooked_text.replace("\n", "").isprintable()
    first, second = sorted((sample.overrides / "backups" / "gateway").iterdir())
    assert (first.read_bytes(), second.read_bytes()) == (original, hooked)  # before install, before uninstall


def test_latin1_gateway_round_trip(sample, jopt):
    script = sample.script("gateway")
    original = script.read_bytes().replace(b"#!/bin/sh\n", b"#!/bin/sh\n# Ma\xeetre d'ouvrage: S\xe9bastien\n", 1)

    hooked = _round_trip(jopt, script, original)

    assert b"# Ma\xeetre d'ouvrage: S\xe9bastien\n" in hooked
    assert "jopt hook v2" in hooked.decode("iso8859-1")


def test_utf8_gateway_round_trip(sample, jopt):
    script = sample.script("gateway")
    original = script.read_bytes().replace(b"#!/bin/sh\n", "#!/bin/sh\n# S\u00e9bastien \u2713\n".encode(), 1)

    hooked = _round_trip(jopt, script, original)

    assert "# S\u00e9bastien \u2713\n" in hooked.decode("utf-8")


def test_one_line_ebcdic_without_newline_is_detected():
    assert encoding.detect("echo hello".encode("cp1047")) == "cp1047"

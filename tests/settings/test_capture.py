"""Real -XshowSettings captures made now with the machine's JDK parse to what the JVM printed."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from jopt.settings.reader import open_log, parse_text

JAVA = shutil.which("java")
JAVAC = shutil.which("javac")
pytestmark = pytest.mark.skipif(JAVA is None, reason="no java on PATH")

#: Prints System.getProperties() at the start of main: the oracle for the parsed properties.
DUMP_JAVA = r"""
public class Dump {
    public static void main(String[] args) {
        StringBuilder out = new StringBuilder();
        java.util.Properties p = System.getProperties();
        for (String k : new java.util.TreeSet<>(p.stringPropertyNames())) {
            out.append(esc(k)).append('\t').append(esc(p.getProperty(k))).append('\n');
        }
        System.out.print(out);
    }
    static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
    }
}
"""


def capture(*args: str) -> str:
    done = subprocess.run([JAVA, *args], capture_output=True, text=True, timeout=60)  # type: ignore[list-item]
    assert done.returncode == 0, done.stderr
    return done.stderr


def printed_properties(text: str) -> list[tuple[str, str]]:
    """(key, first line of value) of every 4-space-indented property line the JVM printed, per run."""
    found = []
    inside = False
    for line in text.splitlines():
        if line == "Property settings:":
            inside = True
        elif inside and not line.strip():
            inside = False
        elif inside and re.match(r"^    \S", line):
            key, _, value = line[4:].partition(" = ")
            found.append((key, value.rstrip()))
    return found


@pytest.fixture(scope="module")
def appended_log(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """Three -version runs with different properties and heaps, appended into one log."""
    log = tmp_path_factory.mktemp("captures") / "appended.log"
    texts = [
        capture("-XshowSettings:all", f"-Dx=y{n}", "-Dempty=", f"-Xmx{n}00m", "-Xms16m", "-Xss2m", "-version")
        for n in (1, 2, 3)
    ]
    log.write_text("".join(texts))
    return log, texts


def test_appended_runs_parse_to_exactly_the_printed_properties(appended_log: tuple[Path, list[str]]) -> None:
    log, texts = appended_log
    with open_log(log) as opened:
        runs = list(opened.runs())
    assert len(runs) == 3
    for n, (run, text) in enumerate(zip(runs, texts), start=1):
        printed = printed_properties(text)
        assert len(run.properties) == len(printed)
        for key, first_line in printed:
            assert run.properties[key].split(":")[0] == first_line.split(":")[0] or key == "line.separator"
        assert run.properties["x"] == f"y{n}"
        assert run.properties["empty"] == ""
        assert run.complete and not run.problems


def test_appended_runs_carry_each_runs_heap_and_vm(appended_log: tuple[Path, list[str]]) -> None:
    log, _ = appended_log
    with open_log(log) as opened:
        runs = list(opened.runs())
    assert [r.vm["Max. Heap Size"] for r in runs] == ["100.00M", "200.00M", "300.00M"]
    assert {r.vm["Min. Heap Size"] for r in runs} == {"16.00M"}
    assert {r.vm["Stack Size"] for r in runs} == {"2.00M"}
    assert all(r.banner and r.banner[0].startswith(("openjdk version", "java version")) for r in runs)
    assert all(r.locale.get("default locale") for r in runs)
    assert all(r.security and "SUN" in r.security.providers and r.security.protocols for r in runs)


@pytest.mark.skipif(JAVAC is None, reason="no javac on PATH")
def test_properties_equal_what_the_running_jvm_has(tmp_path: Path) -> None:
    """Oracle: the JVM's own System.getProperties(), dumped by a class run with -XshowSettings."""
    (tmp_path / "Dump.java").write_text(DUMP_JAVA)
    subprocess.run([JAVAC, "-d", str(tmp_path), str(tmp_path / "Dump.java")], check=True, timeout=120)  # type: ignore[list-item]
    multi = "line one\nline two"
    args = [
        "-XshowSettings:all",
        "-Dmulti=" + multi,
        "-Dsome.path=/a::/b",
        "-Dspaced=a b  c",
        "-cp",
        str(tmp_path),
        "Dump",
    ]
    done = subprocess.run([JAVA, *args], capture_output=True, text=True, timeout=60)  # type: ignore[list-item]
    want = dict(_unescape(line).split("\t", 1) for line in done.stdout.splitlines())
    (run,) = parse_text(done.stderr)
    assert run.properties == {k: _as_printed(k, v) for k, v in want.items()}
    assert run.properties["multi"] == multi and run.properties["some.path"] == "/a::/b"


def _unescape(text: str) -> str:
    return (
        text.replace("\\\\", "\x00")
        .replace("\\n", "\n")
        .replace("\\r", "\r")
        .replace("\\t", "\\t")
        .replace("\x00", "\\")
    )


def _as_printed(key: str, value: str) -> str:
    """The launcher drops empty trailing path elements and trailing blanks of values."""
    if key.endswith((".path", ".dirs")):
        return value.rstrip(":")
    return value if key == "line.separator" else value.rstrip()


def test_full_security_capture(tmp_path: Path) -> None:
    text = capture("-XshowSettings:security", "-version")
    (run,) = parse_text(text)
    sec = run.security
    assert sec is not None
    assert sec.providers == re.findall(r"^ {8}Provider name: (\S+)$", text, re.M)
    ciphers = text.split("Enabled Cipher Suites:\n", 1)[1].split("\n\n", 1)[0].split()
    assert sec.ciphers == ciphers
    assert sec.protocols and all(p.startswith("TLSv") for p in sec.protocols)
    assert "jdk.tls.disabledAlgorithms" in sec.properties and "TLSv1.1" in sec.properties["jdk.tls.disabledAlgorithms"]
    blocks = text.split("Provider services: (type : algorithm)\n")[1:]
    services = [re.findall(r"^ {12}(\S+)$", re.split(r"^ {0,8}\S", b, maxsplit=1, flags=re.M)[0], re.M) for b in blocks]
    assert list(sec.services.values()) == [[s for s in b if s != "<none>"] for b in services]
    assert run.other.count == 0


def test_full_locale_capture() -> None:
    text = capture("-XshowSettings:locale", "-version")
    (run,) = parse_text(text)
    listed = text.split("available locales = ", 1)[1].split("\n\n", 1)[0]
    assert run.locale["available locales"].split(", ") == [x.strip() for x in listed.replace("\n", " ").split(", ")]
    assert run.other.count == 0


def test_lost_indentation_gives_the_same_properties(appended_log: tuple[Path, list[str]]) -> None:
    _, texts = appended_log
    (indented,) = parse_text(texts[0])
    (flat,) = parse_text("\n".join(line.strip() for line in texts[0].splitlines()) + "\n")
    assert flat.properties == indented.properties
    assert flat.vm == indented.vm and flat.locale == indented.locale
    assert flat.security == indented.security


def test_lost_indentation_of_the_full_security_settings() -> None:
    text = capture("-XshowSettings:security", "-version")
    (indented,) = parse_text(text)
    (flat,) = parse_text("\n".join(line.strip() for line in text.splitlines()) + "\n")
    assert flat.security == indented.security and flat.other.count == 0

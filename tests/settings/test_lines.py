"""The fast line tests answer what their regex definitions answer."""

from __future__ import annotations

import pytest

from jopt.settings import lines as lines_
from jopt.settings.sections import KEY_VALUE, key_value

LINES = [
    "",
    "May 29, 2025 9:30:25 AM sun.security.ssl.SSLLogger log",
    "2025-05-29 09.30.25 com.ibm.Foo <init>",
    "9:30:25 a.b c",
    "9:30:25  a.b c",
    "9:30:25 a.b c d",
    "x 9:30:25 1a.b c",
    "9:30:25\ta.b c",
    "9:30:25 a. c",
    "9:30:25 $a.$b $c<>",
    "no time here a.b c",
    "2026-11-24 00:00:01.000 <ZWEAGW1:main:1> INFO  o.z.a.g.GatewayApplication Started step 1",
    "Max. Heap Size: 512.00M",
    "java.vm.name = OpenJDK 64-Bit Server VM",
    "empty =",
    "empty = ",
    "a=b",
    "a =b",
    " a = b",
    "= a",
    "a b = c = d",
    "k = v\x85",
    "\u3000k = v",
    "WARNING: No AlgorithmParameters for sect163k1",
    "WARNING:no space",
    "OpenJDK 64-Bit Server VM warning: Options -Xverify:none are deprecated",
    "JVMJ9VM007W Command-line option unrecognised: -Xfoo",
    "JVMJ9VM007E Command-line option unrecognised: -Xfoo",
    "JVMSHRC123W x",
    "Error: Could not find or load main class Foo",
    "Error occurred during initialization of VM",
    "Unrecognized option: -Xfoo",
    "Unrecognized VM option 'Foo'",
    "Invalid maximum heap size: -Xmx1x",
    "Improperly specified VM option 'x'",
    "Could not create the Java Virtual Machine.",
    'Exception in thread "main" java.lang.Error',
    "VM settings:",
    "Locale settings summary:",
    "Foo settings:",
    "Foo Bar settings summary:",
    "VM settings: x",
    "vm settings:",
    'openjdk version "17.0.15" 2025-04-15',
    'java version "1.8.0"',
    "JRE 21 z/OS s390x-64-Bit Compressed References 20250101_01 (JIT enabled, AOT enabled)",
    "IBM J9 VM (build 2.9, JRE 1.8.0)",
    "...",
    "…",
    "..",
    "....",
    "#jopt-run time=1",
    "#jopt-run",
    "#jopt-runner",
    "#jopt-env A=b",
    "#jopt-trace",
]


@pytest.mark.parametrize("line", LINES)
def test_jul_head_is_the_regex(line: str) -> None:
    match = lines_.JUL_HEAD.match(line)
    assert lines_.jul_head(line) == (f"{match.group('source')} {match.group('method')}" if match else None)


@pytest.mark.parametrize("line", LINES)
def test_key_value_is_the_regex(line: str) -> None:
    stripped = line.strip()
    match = KEY_VALUE.match(stripped)
    assert key_value(stripped) == ((match.group("key"), match.group("value") or "") if match else None)


@pytest.mark.parametrize("line", LINES)
def test_warnings_errors_and_headers_are_the_regexes(line: str) -> None:
    stripped = line.strip()
    for pattern in lines_._WARNINGS:
        match = pattern.match(stripped)
        if match:
            found = match.groupdict()
            assert lines_.warning(stripped) == (found.get("source") or "", "WARNING", found["message"])
            break
    else:
        assert lines_.warning(stripped) is None
    assert lines_.is_error(stripped) == bool(lines_._ERRORS.match(stripped))
    match = lines_._HEADER.match(stripped)
    other = lines_._OTHER_HEADER.match(stripped)
    expected = (match.group(1), lines_.KNOWN_HEADERS[match.group(1)]) if match else None
    assert lines_.header(stripped) == (expected or ((other.group(1), "") if other else None))
    assert lines_.is_banner_start(stripped) == bool(lines_.BANNER_START.match(stripped))
    assert lines_.is_elision(stripped) == bool(lines_.ELISION.match(stripped))
    hook = lines_._HOOK.match(line)
    assert lines_.hook_line(line) == ((hook.group(1), hook.group(2) or "") if hook else None)

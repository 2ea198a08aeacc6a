"""The java command of the Zowe 3.5-style gateway, its variables put in from the helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

from jopt.script import hook, scripttext
from jopt.script.launchline import Helper, LaunchWord, launch_line, sources

BIN = Path(__file__).resolve().parents[1] / "data" / "runtimes" / "zowe35" / "components" / "gateway" / "bin"


def lines(name: str) -> tuple[str, ...]:
    return tuple((BIN / name).read_text().split("\n"))


HELPERS = [Helper("apiml-common-scripts.sh", lines("apiml-common-scripts.sh"), 24),
           Helper("parse_jvm_args.sh", lines("parse_jvm_args.sh"), 25)]  # fmt: skip


def test_sources_are_listed_as_written() -> None:
    assert [(s.path, s.line) for s in sources(lines("start.sh"), "start.sh")] == [
        ('"scripts/apiml-common-scripts.sh"', 20),
        ('"scripts/parse_jvm_args.sh"', 21),
        ('"$(pwd)/bin/apiml-common-scripts.sh"', 24),
        ('"$(pwd)/bin/parse_jvm_args.sh"', 25),
    ]


def test_on_zos_zowe_adds_quickstart_and_its_shared_cache() -> None:
    found = launch_line("start.sh", lines("start.sh"), HELPERS, zos=True)
    assert found is not None and found.first == 44 and found.program == "${JAVA_BIN_DIR}java"
    words = found.words
    assert words[:5] == (
        LaunchWord("-Xms${ZWE_configs_heap_init:-32}m", "start.sh", 45),
        LaunchWord("-Xmx${ZWE_configs_heap_max:-512}m", "start.sh", 45),
        LaunchWord("-XX:+ExitOnOutOfMemoryError", "start.sh", 46),
        LaunchWord("-Xquickstart", "apiml-common-scripts.sh", 50, "${QUICK_START}", 47, ("on z/OS",)),
        LaunchWord(
            "-Xshareclasses:name=apiml_shared_classes,nonfatal,silent",
            "apiml-common-scripts.sh", 51, "${SHARED_CLASSES_OPTS}", 48, ("on z/OS",),
        ),
    )  # fmt: skip
    java21 = [w for w in words if w.via == "${JAVA21_CONSOLE_ENCODING}"]
    assert [(w.text, w.certain) for w in java21] == [
        ("-Dstdout.encoding=IBM-1047", False),
        ("-Dstderr.encoding=IBM-1047", False),
    ]
    opens = [w for w in words if w.via == "${ADD_OPENS}"]
    assert [w.line for w in opens] == [66, 67, 68, 69, 70, 71] and all(w.certain for w in opens)
    native = [w for w in words if w.slot]
    assert native == [LaunchWord("${CUSTOM_JVM_OPTS}", "start.sh", 54, slot="native")]
    assert words[-2:] == (LaunchWord("-jar", "start.sh", 101), LaunchWord('"${JAR_FILE}"', "start.sh", 101))
    assert len(words) == 65


def test_elsewhere_the_zos_branch_is_not_taken() -> None:
    found = launch_line("start.sh", lines("start.sh"), HELPERS, zos=False)
    assert found is not None
    assert not [
        w for w in found.words if w.via in ("${QUICK_START}", "${SHARED_CLASSES_OPTS}", "${JAVA21_CONSOLE_ENCODING}")
    ]


def test_a_variable_under_an_undecidable_test_is_uncertain() -> None:
    found = launch_line("start.sh", lines("start.sh"), HELPERS)
    assert found is not None
    logback = next(w for w in found.words if w.via == "${LOGBACK}")
    assert (logback.text, logback.certain) == ("-Dlogging.config=${ZWE_configs_logging_config}", False)
    assert logback.condition == ('when [ -n "${ZWE_configs_logging_config}" ]',)


def test_without_its_helpers_the_variables_are_unknown() -> None:
    found = launch_line("start.sh", lines("start.sh"), [])
    assert found is not None
    unknown = [w.text for w in found.words if w.slot == "unknown"]
    assert unknown == ["${QUICK_START}", "${SHARED_CLASSES_OPTS}", "${JAVA21_CONSOLE_ENCODING}", "${ADD_OPENS}",
                       "${LOGBACK}", "${JVM_SECURITY_PROPERTIES}"]  # fmt: skip


def test_the_hooks_variable_is_the_hook_slot() -> None:
    text = scripttext.split((BIN / "start.sh").read_text())
    hooked = hook.inject(text, hook.HookParams("gateway", "GW", "/o")).lines
    found = launch_line("start.sh", hooked, HELPERS)
    assert found is not None
    slots = [(w.text, w.slot) for w in found.words if w.slot]
    assert slots == [("${CUSTOM_JVM_OPTS}", "native"), ("${JOPT_OPTIONS}", "hook")]
    assert found.words[-3].slot == "hook"


def test_a_script_without_java_has_no_launch_line() -> None:
    assert launch_line("s", ["echo hello"]) is None


@pytest.mark.parametrize("zos", [True, False])
def test_every_word_says_where_it_comes_from(zos: bool) -> None:
    found = launch_line("start.sh", lines("start.sh"), HELPERS, zos)
    assert found is not None
    for word in found.words:
        source = lines(word.file)[word.line - 1]
        assert word.text.split("=", 1)[0].lstrip("'\"") in source or word.slot, word

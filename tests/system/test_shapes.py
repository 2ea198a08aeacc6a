"""Every shape of Java start script (tests/data/shapes/), hooked through the CLI and started
under dash as Zowe starts it, with a stub JVM; and the sample runtime's scripts counted too.

Install adds at most 7 lines (5 of the head block and the `${JOPT_OPTIONS}` line, or 5 and
the word put into the launch line), uninstall gives the bytes back, without an options file
the script runs as shipped, with one the JVM gets it right before -jar or the main class,
with trace on the Zowe message reaches the job log and no secret reaches any file. Scripts
jopt cannot hook are `java (not hookable: …)` in status; `install --all` hooks the others
and exits 7 naming them; named components stay all or nothing.
"""

from __future__ import annotations

import difflib
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DASH, JAVA_COMPONENTS, argv_runs, run_like_zowe, wait_for, zowe_env

from jopt.cli.app import cli

pytestmark = pytest.mark.skipif(DASH is None, reason="dash is not installed (.ci/run installs it)")

SHAPES = Path(__file__).resolve().parent.parent / "data" / "shapes"
#: shape -> the argv word the options file must come right before
HOOKABLE = {
    "fg-jar": "-jar",
    "exec-java": "-jar",
    "cp-main": "org.springframework.boot.loader.PropertiesLauncher",
    "pushd-noshebang": "-jar",
    "one-line-bg": "-jar",
}
NOT_HOOKABLE = {
    "main-in-variable": "line 9: cannot tell where the JVM's options end (the main class or -jar is in a variable); "
    "jopt places its options right before it",
    "quoted-launch": "line 8: the java command is inside quotes or a command substitution; "
    "jopt cannot place its options there",
    "two-launches": "2 Java launches (-jar lines 10, 13); jopt hooks exactly one",
}
SECRET = "Sh4pe pw'\" x"
MESSAGE = "ZWEAM000I shape service started in 1.2 seconds"


class Shapes:
    def __init__(self, root: Path, stub_java: Path, tmp_path: Path) -> None:
        self.root = root
        self.zowe_yaml = root / "zowe.yaml"
        self.overrides = root / "workspace" / "jopt"
        self.stub_java = stub_java
        self.tmp_path = tmp_path
        self.runs = 0

    def script(self, shape: str) -> Path:
        return self.root / "components" / shape / "bin" / "start.sh"

    def jopt(self, *args: str):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(cli, list(args), env={"JOPT_ZOWE_YAML": str(self.zowe_yaml)}, catch_exceptions=False)

    def start(self, shape: str, **extra: str):  # type: ignore[no-untyped-def]
        """(argv the stub JVM got, the finished start)."""
        self.runs += 1
        argv_file = self.tmp_path / f"argv.{self.runs}"
        env = zowe_env(self.stub_java, argv_file, ZWE_zowe_runtimeDirectory=str(self.root), **extra)
        done = run_like_zowe(self.root / "components" / shape, env)
        (argv,) = argv_runs(argv_file)
        return argv, done

    def tag(self, shape: str) -> str:
        return json.loads((self.overrides / "state.json").read_text())["tags"][shape]


@pytest.fixture
def shapes(tmp_path: Path, stub_java: Path) -> Shapes:
    root = tmp_path / "shapes"
    shutil.copytree(SHAPES, root)
    text = (root / "zowe.yaml.template").read_text().replace("@RUNTIME@", str(root))
    (root / "zowe.yaml").write_text(text)
    return Shapes(root, stub_java, tmp_path)


def same(done) -> tuple[int, bytes, bytes]:  # type: ignore[no-untyped-def]
    """A start's exit code and output, pids and the line numbers of dash's messages left out
    (the hook's lines move the script's own down)."""

    def plain(data: bytes) -> bytes:
        return re.sub(rb"dash: \d+: ", b"dash: <line>: ", re.sub(rb"pid=\d+", b"pid=<pid>", data))

    return done.returncode, plain(done.stdout), plain(done.stderr)


def added_lines(before: str, after: str) -> tuple[int, int]:
    """(lines added, lines changed) from before to after."""
    opcodes = difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines(), autojunk=False).get_opcodes()
    assert {tag for tag, *_ in opcodes} <= {"equal", "insert", "replace"}
    added = sum(j2 - j1 for tag, _, _, j1, j2 in opcodes if tag == "insert")
    changed = sum(i2 - i1 for tag, i1, i2, _, _ in opcodes if tag == "replace")
    added += sum((j2 - j1) - (i2 - i1) for tag, i1, i2, j1, j2 in opcodes if tag == "replace")
    return added, changed


shape_param = pytest.mark.parametrize("shape", list(HOOKABLE))


@shape_param
def test_install_adds_at_most_seven_lines_and_uninstall_gives_the_bytes_back(shape, shapes):
    script = shapes.script(shape)
    original = script.read_bytes()

    done = shapes.jopt("install", shape)

    assert done.exit_code == 0, done.output
    assert done.output.startswith(f"{shape}: installed {script}\n")
    added, changed = added_lines(original.decode(), script.read_text())
    inline = shape in ("pushd-noshebang", "one-line-bg")
    assert (added, changed) == ((5, 1) if inline else (6, 0))
    assert shapes.jopt("install", shape).output.startswith(f"{shape}: unchanged {script}")
    assert shapes.jopt("status", shape).exit_code == 0

    done = shapes.jopt("uninstall", shape)

    assert done.exit_code == 0, done.output
    assert script.read_bytes() == original


@pytest.mark.parametrize("component", JAVA_COMPONENTS)
def test_sample_runtime_install_adds_six_lines(component, sample, jopt):
    script = sample.script(component)
    original = script.read_bytes()
    assert jopt("install", component).exit_code == 0
    assert added_lines(original.decode(), script.read_text()) == (6, 0)
    assert jopt("uninstall", component).exit_code == 0
    assert script.read_bytes() == original


@shape_param
def test_hooked_shape_without_options_file_runs_as_shipped(shape, shapes):
    base_argv, base = shapes.start(shape, ZWE_zowe_certificate_keystore_password=SECRET)
    assert shapes.jopt("install", shape).exit_code == 0

    argv, done = shapes.start(shape, ZWE_zowe_certificate_keystore_password=SECRET)

    assert argv == base_argv
    assert same(done) == same(base)


@shape_param
def test_options_file_goes_right_before_the_target(shape, shapes):
    base_argv, base = shapes.start(shape)
    assert shapes.jopt("install", shape).exit_code == 0
    options = shapes.overrides / f"java.options.{shapes.tag(shape)}"
    options.write_text("-Xmx1g\n")

    argv, done = shapes.start(shape)

    at = base_argv.index(HOOKABLE[shape])
    assert argv == base_argv[:at] + [f"-Xoptionsfile={options}"] + base_argv[at:]
    assert same(done) == same(base)


@shape_param
def test_trace_on_every_shape_keeps_the_job_log_and_no_secret_in_any_file(shape, shapes):
    assert shapes.jopt("install", shape).exit_code == 0
    tag = shapes.tag(shape)
    options = shapes.overrides / f"java.options.{tag}"
    options.write_text("-Xmx1g\n")
    assert shapes.jopt("trace", "on", shape).exit_code == 0

    argv, done = shapes.start(shape, ZWE_zowe_certificate_keystore_password=SECRET, STUB_MESSAGE=MESSAGE)

    at = argv.index(HOOKABLE[shape])
    assert argv[at - 2 : at] == [f"-Xoptionsfile={options}", "-XshowSettings"]
    log2 = wait_for(shapes.overrides / f"start.log2{tag}", "STUB-JVM-DONE")
    wait_for(shapes.overrides / f"start.log1{tag}", MESSAGE)
    assert MESSAGE in done.stdout.decode().splitlines()
    assert "VM settings:" in log2.splitlines()
    job_log = done.stdout + done.stderr
    assert SECRET.encode() not in job_log
    for path in shapes.overrides.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


def test_install_all_hooks_what_it_can_lists_the_rest_and_exits_7(shapes):
    before = {shape: shapes.script(shape).read_bytes() for shape in NOT_HOOKABLE}

    done = shapes.jopt("install", "--all")

    assert done.exit_code == 7, done.output
    lines = done.output.splitlines()
    for shape in HOOKABLE:
        assert f"{shape}: installed {shapes.script(shape)}" in lines
    assert lines[-4:] == [
        "not hooked: 3 Java component(s) jopt cannot hook:",
        *(f"  {shape}: {shapes.script(shape)}: {reason}" for shape, reason in sorted(NOT_HOOKABLE.items())),
    ]
    for shape, data in before.items():
        assert shapes.script(shape).read_bytes() == data
    again = shapes.jopt("install", "--all")
    assert again.exit_code == 7 and all(f"{s}: unchanged {shapes.script(s)}" in again.output for s in HOOKABLE)


def test_status_calls_a_java_script_it_cannot_hook_java_with_the_reason(shapes):
    done = shapes.jopt("status")

    assert done.exit_code == 0, done.output
    for shape, reason in NOT_HOOKABLE.items():
        assert f"{shape}: java (not hookable: {reason})" in done.output
    statuses = {s["component"]: s for s in json.loads(shapes.jopt("status", "--json").output)["components"]}
    assert {s["kind"] for s in statuses.values()} == {"java"}
    assert statuses["quoted-launch"]["detail"] == f"not hookable: {NOT_HOOKABLE['quoted-launch']}"


def test_named_components_stay_all_or_nothing(shapes):
    before = {shape: shapes.script(shape).read_bytes() for shape in ("fg-jar", "quoted-launch")}

    done = shapes.jopt("install", "fg-jar", "quoted-launch")

    assert done.exit_code == 1
    assert done.output == f"jopt: error: {shapes.script('quoted-launch')}: {NOT_HOOKABLE['quoted-launch']}\n"
    assert {shape: shapes.script(shape).read_bytes() for shape in before} == before
    assert not (shapes.overrides / "hook").exists()

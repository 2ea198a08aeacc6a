"""`jopt render` and `jopt profiles` through click: exact output, exit codes, files on disk."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from jopt.app.demo import prepare
from jopt.cli.app import cli
from jopt.options.optionsfile import parse_argfile, parse_openj9

PROPS_YAML = """\
name: props
description: A system property for the real-JVM test
jvms: [openj9, hotspot]
parameters:
  note:
    type: string
    default: hello
    help: Value of -Djopt.note
"""


class Runtime:
    def __init__(self, root: Path):
        self.zowe_yaml = prepare(root)
        self.overrides = root / "workspace" / "jopt"

    def run(self, *args: str) -> Result:
        return CliRunner().invoke(cli, [*args, "--zowe-yaml", str(self.zowe_yaml)], catch_exceptions=False)

    def file(self, name: str) -> Path:
        return self.overrides / name


@pytest.fixture
def runtime(tmp_path: Path) -> Runtime:
    return Runtime(tmp_path / "zowe")


def test_render_named_component_writes_the_file(runtime: Runtime) -> None:
    result = runtime.run("render", "--profile", "shareclasses", "gateway")
    path = runtime.file("java.options.GW")
    assert result.exit_code == 0
    assert result.stdout == f"gateway: created {path}\n"
    assert result.stderr == (
        "jopt: warning: gateway: the jopt hook is not installed, so the JVM will not read this file; run `jopt install gateway`\n"
    )
    assert parse_openj9(path.read_text()) == [
        f"-Xshareclasses:name=zowe_gateway,cacheDir={runtime.overrides}/shareclasses,cacheDirPerm=0770,groupAccess,nonfatal",
        "-Xscmx128m",
    ]
    assert path.stat().st_mode & 0o777 == 0o640


def test_render_without_components_uses_the_hooked_ones(runtime: Runtime) -> None:
    assert runtime.run("install", "gateway", "zaas").exit_code == 0
    result = runtime.run("render", "--profile", "shareclasses")
    assert result.exit_code == 0
    assert result.stdout == (
        "Rendering for the components with the jopt hook installed: gateway, zaas\n"
        f"gateway: created {runtime.file('java.options.GW')}\n"
        f"zaas: created {runtime.file('java.options.ZA')}\n"
    )
    assert result.stderr == ""


def test_render_without_components_and_no_hook_says_so(runtime: Runtime) -> None:
    result = runtime.run("render", "--profile", "shareclasses")
    assert result.exit_code == 1
    assert result.stderr == (
        "jopt: error: no component has the jopt hook installed, so there is nothing to render for; "
        "name components (jopt render --profile NAME gateway) or install the hook first (jopt install gateway)\n"
    )
    assert not runtime.overrides.exists()


def test_unchanged_output_is_not_rewritten(runtime: Runtime) -> None:
    runtime.run("render", "-p", "heap", "gateway")
    path = runtime.file("java.options.GW")
    os.utime(path, (1_000_000, 1_000_000))
    result = runtime.run("render", "-p", "heap", "gateway")
    assert result.stdout == f"gateway: unchanged {path}\n"
    assert path.stat().st_mtime == 1_000_000
    path.chmod(0o600)
    assert runtime.run("render", "-p", "heap", "--set", "xmx=2g", "gateway").stdout == f"gateway: updated {path}\n"
    assert path.stat().st_mode & 0o777 == 0o600
    assert parse_openj9(path.read_text()) == ["-Xms256m", "-Xmx2g"]


def test_heap_notes_go_to_stderr_not_into_the_file(runtime: Runtime) -> None:
    result = runtime.run("render", "-p", "heap", "gateway")
    assert "jopt: note: heap: options-file values override the start script's own -Xms/-Xmx" in result.stderr
    assert "rightmost" not in runtime.file("java.options.GW").read_text()


def test_healthcenter_warns_on_stderr(runtime: Runtime) -> None:
    result = runtime.run("render", "-p", "healthcenter", "gateway")
    assert result.exit_code == 0
    assert "jopt: warning: healthcenter: Health Center ships only with IBM Semeru Runtime on z/OS" in result.stderr
    assert "deprecated from Semeru 25" in result.stderr


def test_dry_run_prints_the_text_and_writes_nothing(runtime: Runtime) -> None:
    result = runtime.run("render", "-p", "heap", "--dialect", "hotspot", "--dry-run", "gateway")
    path = runtime.file("java.argfile.GW")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"==> {path} (would be created; UTF-8) <=="
    assert lines[-3:] == ["-Xms256m", "-Xmx1g", "dry run: nothing written"]
    assert not path.exists()


def test_bad_input_lists_every_problem_and_writes_nothing(runtime: Runtime) -> None:
    result = runtime.run("render", "-p", "heap", "-p", "shareclasses", "--set", "xms=1.5g", "--set", "cacheDirPerm=0600",
                         "--set", "bogus=1", "gateway")  # fmt: skip
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "jopt: error: cannot render, 3 problems (nothing written):",
        "  --set xms=1.5g: heap.xms: '1.5g' is not a size: use an integer with an optional k, m, g or t (e.g. 512m, 2g)",
        "  --set bogus=1: unknown key 'bogus'; valid keys: heap: xms, xmx, xmn; "
        "shareclasses: name, cacheDir, cacheDirPerm, groupAccess, persistent, snapshot, readonly, scmx, hardLimit (or PROFILE.KEY)",
        "  built-in profile shareclasses (shareclasses.options.j2) with --set cacheDirPerm=0600: "
        "-Xshareclasses: cacheDirPerm=0600: must be in 0700-0777 or 1700-1777 (or 0000 / 1000)",
    ]
    assert not runtime.overrides.exists()


def test_conflicting_profiles_and_allow_override(runtime: Runtime, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "bigheap.yaml").write_text("name: bigheap\ndescription: d\njvms: [openj9]\n")
    (site / "bigheap.options.j2").write_text("-Xmx4g\n")
    args = ("render", "-p", "heap", "-p", "bigheap", "--profiles-dir", str(site), "gateway")
    refused = runtime.run(*args)
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[1] == (
        "  profiles heap and bigheap: both set -Xmx (give --allow-override to let the later one, bigheap, win)"
    )
    allowed = runtime.run(*args, "--allow-override")
    assert allowed.exit_code == 0
    assert allowed.stdout.splitlines()[0] == "gateway: -Xmx: profile bigheap overrides profile heap"
    assert parse_openj9(runtime.file("java.options.GW").read_text()) == ["-Xms256m", "-Xmx4g"]


def test_site_profiles_in_the_overrides_dir_replace_builtins(runtime: Runtime) -> None:
    site = runtime.overrides / "profiles"
    site.mkdir(parents=True)
    (site / "heap.yaml").write_text("name: heap\ndescription: Our heap\njvms: [openj9]\n")
    (site / "heap.options.j2").write_text("-Xmx3g\n")
    assert runtime.run("render", "-p", "heap", "gateway").exit_code == 0
    assert parse_openj9(runtime.file("java.options.GW").read_text()) == ["-Xmx3g"]
    listing = runtime.run("profiles").stdout.splitlines()
    assert [line.split()[:3] for line in listing if line.startswith("heap ")] == [["heap", "openj9", "site"]]


def test_profile_yaml_error_names_file_and_line(runtime: Runtime, tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("name: broken\ndescription: [unclosed\n")
    (tmp_path / "broken.options.j2").write_text("")
    result = runtime.run("render", "-p", "broken", "--profiles-dir", str(tmp_path), "gateway")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"jopt: error: {tmp_path / 'broken.yaml'}:3: malformed profile YAML:")


def test_unknown_component_and_non_java_component(runtime: Runtime) -> None:
    unknown = runtime.run("render", "-p", "heap", "gatewy")
    assert unknown.exit_code == 1 and "gatewy" in unknown.stderr
    zss = runtime.run("render", "-p", "heap", "zss")
    assert zss.exit_code == 1
    assert zss.stderr == "jopt: error: zss is not a Java component (not-java); nothing to render for it\n"


def test_components_and_all_together_is_refused(runtime: Runtime) -> None:
    result = runtime.run("render", "-p", "heap", "--all", "gateway")
    assert (result.exit_code, result.stderr) == (1, "jopt: error: name components or give --all, not both\n")


def test_all_renders_every_java_component(runtime: Runtime) -> None:
    result = runtime.run("render", "-p", "jit", "--all")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == (
        "Rendering for every Java component: api-catalog, apiml, caching-service, discovery, gateway, zaas, sample-ext"
    )
    assert sorted(p.name for p in runtime.overrides.glob("java.options.*")) == [
        "java.options.AC", "java.options.AM", "java.options.CS", "java.options.DS", "java.options.GW",
        "java.options.SE", "java.options.ZA",
    ]  # fmt: skip


def test_unknown_encoding(runtime: Runtime) -> None:
    result = runtime.run("render", "-p", "heap", "--encoding", "EBCDIC", "gateway")
    assert (result.exit_code, result.stderr) == (
        1,
        "jopt: error: unknown encoding 'EBCDIC'; use one of IBM-1047, UTF-8, ISO8859-1\n",
    )


def test_encoding_ibm1047(runtime: Runtime) -> None:
    assert runtime.run("render", "-p", "heap", "--encoding", "IBM-1047", "gateway").exit_code == 0
    data = runtime.file("java.options.GW").read_bytes()
    assert b"\x15" in data and b"\n" not in data
    assert parse_openj9(data.decode("cp1047"))[-1] == "-Xmx1g"


def test_hotspot_render_warns_about_an_existing_openj9_file(runtime: Runtime) -> None:
    runtime.run("render", "-p", "heap", "gateway")
    result = runtime.run("render", "-p", "heap", "--dialect", "hotspot", "gateway")
    assert (
        "gateway: java.options.GW also exists and the hook uses it first; remove it to use the argfile" in result.stderr
    )


def test_profiles_list(runtime: Runtime) -> None:
    result = CliRunner().invoke(cli, ["profiles"], env={"JOPT_ZOWE_YAML": "", "JOPT_RUNTIME": "", "JOPT_OVERRIDES": ""})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["NAME", "JVMS", "SOURCE", "DESCRIPTION"]
    assert [line.split()[0] for line in lines[1:]] == [
        "dumps",
        "gclog",
        "healthcenter",
        "heap",
        "jit",
        "quickstart",
        "shareclasses",
    ]
    assert lines[4].startswith("heap          openj9,hotspot  built-in  Java heap sizes")


def test_profiles_json(runtime: Runtime) -> None:
    data = json.loads(runtime.run("profiles", "--json").stdout)
    heap = next(p for p in data if p["name"] == "heap")
    assert heap["jvms"] == ["openj9", "hotspot"]
    assert heap["parameters"][0] == {"name": "xms", "type": "size", "default": "256m", "allowed": [], "min": None, "max": None,
                                     "help": "Initial heap size (-Xms). An integer with k, m, g or t."}  # fmt: skip
    assert heap["example_options"] == ["-Xms512m", "-Xmx2g"]


def test_profiles_show(runtime: Runtime) -> None:
    result = runtime.run("profiles", "show", "jit")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[4:] == [
        "Parameters (--set KEY=VALUE, or --set jit.KEY=VALUE):",
        "  KEY      TYPE           DEFAULT  HELP",
        "  threads  integer 1..15  2        JIT compilation threads (1-15).",
        "  count    integer 0..    -        Invocations before a method is compiled (-Xjit:count); not set by default (OpenJ9 decides).",
        "",
        "Example:",
        "  $ jopt render --profile jit --set threads=4 gateway",
        "  renders, for component gateway (tag GW), openj9:",
        "  -XcompilationThreads4",
    ]


def test_profiles_show_unknown(runtime: Runtime) -> None:
    result = runtime.run("profiles", "show", "nope")
    assert result.exit_code == 1
    assert result.stderr.startswith("jopt: error: unknown profile 'nope'; known: dumps, gclog,")


def test_profiles_show_json(runtime: Runtime) -> None:
    data = json.loads(runtime.run("profiles", "show", "quickstart", "--json").stdout)
    assert (data["name"], data["source"], data["example_options"]) == ("quickstart", "built-in", ["-Xtune:virtualized"])


@pytest.mark.parametrize("args", [["render", "--help"], ["profiles", "--help"], ["profiles", "show", "--help"]])
def test_help_has_examples(args: list[str]) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0 and "Examples:" in result.stdout


@pytest.mark.skipif(shutil.which("java") is None, reason="needs a JVM on PATH")
def test_real_jvm_reads_the_rendered_hotspot_argfile(runtime: Runtime, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "props.yaml").write_text(PROPS_YAML)
    (site / "props.options.j2").write_text("-Djopt.note={{ note }}\n")
    result = runtime.run("render", "-p", "heap", "-p", "props", "--profiles-dir", str(site), "--dialect", "hotspot",
                         "--set", "xms=64m", "--set", "xmx=96m", "--set", "note=two words, it's \"quoted\"", "gateway")  # fmt: skip
    assert result.exit_code == 0, result.output
    argfile = runtime.file("java.argfile.GW")
    assert parse_argfile(argfile.read_text()) == ["-Xms64m", "-Xmx96m", '-Djopt.note=two words, it\'s "quoted"']
    done = subprocess.run(
        ["java", f"@{argfile}", "-XshowSettings:all", "-version"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "Max. Heap Size: 96.00M" in done.stderr
    assert 'jopt.note = two words, it\'s "quoted"' in done.stderr

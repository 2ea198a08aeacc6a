"""Shared fixtures: a temporary copy of the sample runtime, a stub JVM, the CLI runner."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from jopt.app.demo import prepare
from jopt.cli.app import cli

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
JAVA_COMPONENTS = ["api-catalog", "apiml", "caching-service", "discovery", "gateway", "zaas", "sample-ext"]
NON_JAVA = ["app-server", "zss"]
DASH = shutil.which("dash")

STUB_JAVA = """#!/bin/sh
# A stand-in JVM: records its argv (one per line, then ---) and prints what a JVM would.
# -XshowSettings, :all and :properties print the VM and property settings on stderr,
# :vm only the VM settings (as the launcher does). With STUB_MESSAGE set it then prints
# that line on stdout (a Zowe start message), with STUB_SLEEP it then runs that long,
# and with STUB_DONE_FILE it creates that file when it ends.
for a in "$@"; do printf '%s\\n' "$a"; done >> "$STUB_ARGV_FILE"
echo --- >> "$STUB_ARGV_FILE"
for a in "$@"; do
  case "$a" in
    -XshowSettings|-XshowSettings:all|-XshowSettings:properties|-XshowSettings:vm)
      echo "VM settings:" >&2
      echo "    Max. Heap Size (Estimated): 512.00M" >&2
      echo "" >&2
      [ "$a" = -XshowSettings:vm ] && continue
      echo "Property settings:" >&2
      for b in "$@"; do
        case "$b" in -D*=*) k=${b#-D}; echo "    ${k%%=*} = ${k#*=}" >&2;; esac
      done
      echo "" >&2;;
  esac
done
if [ -n "${STUB_MESSAGE:-}" ]; then echo "$STUB_MESSAGE"; fi
if [ -n "${STUB_SLEEP:-}" ]; then sleep "$STUB_SLEEP"; fi
echo "STUB-JVM-DONE" >&2
if [ -n "${STUB_DONE_FILE:-}" ]; then : > "$STUB_DONE_FILE"; fi
"""


@dataclass
class Sample:
    root: Path
    zowe_yaml: Path

    @property
    def overrides(self) -> Path:
        return self.root / "workspace" / "jopt"

    def component_dir(self, component: str) -> Path:
        if component == "sample-ext":
            return self.root / "extensions" / component
        return self.root / "components" / component

    def script(self, component: str) -> Path:
        return self.component_dir(component) / "bin" / "start.sh"

    def scripts(self) -> dict[str, bytes]:
        return {str(p): p.read_bytes() for p in sorted(self.root.rglob("start.sh"))}


@pytest.fixture
def sample(tmp_path: Path) -> Sample:
    root = tmp_path / "zowe"
    return Sample(root, prepare(root))


@pytest.fixture
def jopt(sample: Sample):
    """Run the CLI in-process against the sample: jopt("install", "gateway") -> Result."""
    runner = CliRunner()

    def run(*args: str, env: dict[str, str] | None = None) -> Result:
        full_env = {"JOPT_ZOWE_YAML": str(sample.zowe_yaml), **(env or {})}
        return runner.invoke(cli, list(args), env=full_env, catch_exceptions=False)

    return run


@pytest.fixture
def stub_java(tmp_path: Path) -> Path:
    """A directory holding an executable `java` that records its argv."""
    bin_dir = tmp_path / "stubbin"
    bin_dir.mkdir()
    java = bin_dir / "java"
    java.write_text(STUB_JAVA)
    java.chmod(0o755)
    return bin_dir


def run_like_zowe(component_dir: Path, env: dict[str, str], shell: str | None = None) -> subprocess.CompletedProcess:
    """Start a component as Zowe does: `cd <dir>` + the script text, piped into the shell."""
    text = f"cd {component_dir}\n" + (component_dir / "bin" / "start.sh").read_text()
    return subprocess.run(
        [shell or DASH or "/bin/sh"], input=text.encode(), env=env, cwd=component_dir, capture_output=True, timeout=30
    )


def zowe_env(stub_bin: Path, argv_file: Path, **extra: str) -> dict[str, str]:
    return {
        "PATH": f"{stub_bin}:/usr/bin:/bin",
        "JAVA_BIN_DIR": f"{stub_bin}/",
        "JAVA_HOME": str(stub_bin.parent / "no-java-home"),
        "STUB_ARGV_FILE": str(argv_file),
        "ZWE_zowe_job_prefix": "ZWE1",
        "HOME": os.environ.get("HOME", "/tmp"),
        **extra,
    }


def wait_for(path: Path, needle: str, timeout: float = 10.0) -> str:
    """Poll a file until it holds `needle` (background writers: java, the hook's log filter)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and needle in (text := path.read_text(errors="replace")):
            return text
        time.sleep(0.02)
    raise AssertionError(f"{path} did not get {needle!r} within {timeout}s")


def argv_runs(argv_file: Path) -> list[list[str]]:
    """The recorded invocations of the stub JVM."""
    text = wait_for(argv_file, "---\n")
    runs = text.split("---\n")[:-1]
    return [run.splitlines() for run in runs]


ZOWE35 = Path(__file__).resolve().parent / "data" / "runtimes" / "zowe35"


@pytest.fixture
def zowe35(tmp_path: Path) -> Path:
    """A copy of the Zowe 3.5-style runtime (tests/data/runtimes/zowe35), its zowe.yaml written."""
    root = tmp_path / "zowe35"
    shutil.copytree(ZOWE35, root)
    (root / "zowe.yaml").write_text((root / "zowe.yaml.template").read_text().replace("@RUNTIME@", str(root)))
    return root


def snapshot(root: Path) -> dict[str, tuple[object, ...]]:
    """Every file, folder and link under root: type, mode, owner and bytes (or link target)."""
    found: dict[str, tuple[object, ...]] = {}
    for path in sorted(root.rglob("*")):
        info = path.lstat()
        key = str(path.relative_to(root))
        if path.is_symlink():
            found[key] = ("link", os.readlink(path))
        elif path.is_dir():
            found[key] = ("dir", info.st_mode, info.st_uid, info.st_gid)
        else:
            found[key] = ("file", info.st_mode, info.st_uid, info.st_gid, path.read_bytes())
    return found


def v1_hooked(text: str, params) -> str:  # type: ignore[no-untyped-def]
    """The script as jopt's hook v1 hooked it: its head block after the leading comments and
    the `${JOPT_OPTIONS} \\` line before the `-jar … &` line (tests/script/test_hookv1.py
    proves it against scripts the v1 code hooked)."""
    from jopt.script import hook, hookv1, scripttext

    script = scripttext.split(text)
    launch = hook.the_launch(script.lines)
    lines = list(script.lines)
    lines.insert(launch.jar_line, hook.launch_line(launch.indent, version=1))
    at = hook.head_position(script.lines)
    lines[at:at] = hookv1.head_lines(params.component, params.tag, params.overrides_dir)
    return script.with_lines(lines).join()

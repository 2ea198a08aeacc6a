"""Bad input catalogue: each case gives the exact message and exit code, and every file under
the sample runtime and the overrides directory is byte-for-byte (and mode and owner) unchanged.

Every case starts from the sample runtime with the gateway hooked (so the overrides
directory holds state.json, a backup and the lock file), breaks one thing, runs one command
and compares a snapshot of the whole tree taken before and after the command.

Messages are written with placeholders: <gateway>, <zaas>, <discovery>, <zss> (start
scripts), <zaas-manifest>, <yaml> (zowe.yaml), <root>, <overrides>; <stamp> stands for a
backup's UTC time stamp. Cases that need root (mount) or a second user (setpriv to nobody)
are skipped where those cannot be had.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import ebcdic
import pytest
from click.testing import CliRunner
from conftest import Sample, snapshot

from jopt.app.demo import prepare
from jopt.cli.app import cli

NOBODY = 65534
BEGIN = "# >>> jopt hook v2 component=gateway tag=GW dir=<overrides> >>>"
END = "# <<< jopt hook v2 <<<"
KNOWN = "api-catalog, apiml, app-server, caching-service, discovery, gateway, no-start, sample-ext, zaas, zss"
NOT_JAVA = "no Java launch (no java command naming a jar or a main class): not a Java component"
BAD_OVERRIDES = (
    "cannot be baked into a start script: use only letters, digits and . _ / @ % + = : - "
    "(no spaces, commas, quotes or $)"
)


# --- helpers the cases use ---------------------------------------------------------------------


def _paths(s: Sample) -> dict[str, str]:
    return {
        "<gateway>": str(s.script("gateway")),
        "<zaas>": str(s.script("zaas")),
        "<discovery>": str(s.script("discovery")),
        "<zss>": str(s.script("zss")),
        "<zaas-manifest>": str(s.component_dir("zaas") / "manifest.yaml"),
        "<yaml>": str(s.zowe_yaml),
        "<overrides>": str(s.overrides),
        "<root>": str(s.root),
    }


def _fill(s: Sample, text: str) -> str:
    for key, value in _paths(s).items():
        text = text.replace(key, value)
    return text


def edit(component: str, old: str, new: str, count: int = 1) -> Callable[[Sample], None]:
    def apply(s: Sample) -> None:
        path = s.script(component)
        text = path.read_text()
        old_, new_ = _fill(s, old), _fill(s, new)
        assert old_ in text, f"case setup: {old_!r} not in {path}"
        path.write_text(text.replace(old_, new_, count))

    return apply


def write(component: str, data: bytes | Callable[[Sample], bytes]) -> Callable[[Sample], None]:
    def apply(s: Sample) -> None:
        s.script(component).write_bytes(data(s) if callable(data) else data)

    return apply


def put(relative: str, text: str) -> Callable[[Sample], None]:
    """Write a file under the sample root (<overrides> may start the path)."""

    def apply(s: Sample) -> None:
        path = Path(_fill(s, relative)) if relative.startswith("<") else s.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)

    return apply


def both(*steps: Callable[[Sample], None]) -> Callable[[Sample], None]:
    def apply(s: Sample) -> None:
        for step in steps:
            step(s)

    return apply


def _symlink_zaas_to_gateway(s: Sample) -> None:
    s.script("zaas").unlink()
    s.script("zaas").symlink_to(s.script("gateway"))


def _directory_for_zaas_script(s: Sample) -> None:
    s.script("zaas").unlink()
    s.script("zaas").mkdir()


def _directory_for(path: Path) -> None:
    path.unlink()
    path.mkdir()


def _two_launches(s: Sample) -> None:
    path = s.script("zaas")
    path.write_text(path.read_text() + "java \\\n    -jar other.jar &\n")


def _hand_made(s: Sample) -> None:
    path = s.script("discovery")
    text = path.read_text().replace('  -jar "${JAR_FILE}" &', '  ${COLIN} \\\n  -jar "${JAR_FILE}" &')
    lines = text.split("\n")
    lines[1:1] = [
        'fn="/u/jopt/java.options.DS"',
        'if [ -f "${fn}" ]; then',
        'COLIN="-Xoptionsfile=${fn}"',
        "else",
        'COLIN=""',
        "fi",
    ]
    path.write_text("\n".join(lines))


def _mixed_endings(s: Sample) -> None:
    path = s.script("zaas")
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n", 3))


def _untagged_ebcdic(s: Sample) -> None:
    path = s.script("zaas")
    path.write_bytes(path.read_text().encode("cp1047"))


def _very_large(s: Sample) -> None:
    line = "# " + "x" * 78 + "\n"
    s.script("zaas").write_text("#!/bin/sh\n" + line * 200_000 + "echo no java here\n")  # 16 MB


def _lock_holder(s: Sample) -> Iterator[dict[str, str]]:
    code = "import sys, time\nfrom pathlib import Path\nfrom jopt.storage import lock\n"
    code += "with lock.hold(Path(sys.argv[1]), 'install --all'):\n    print('held', flush=True)\n    time.sleep(60)\n"
    process = subprocess.Popen([sys.executable, "-c", code, str(s.overrides)], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None and process.stdout.readline() == "held\n"
        yield {"<holder>": str(process.pid)}
    finally:
        process.kill()
        process.wait()


def _must(done: subprocess.CompletedProcess[bytes]) -> None:
    if done.returncode != 0:
        pytest.skip(f"{' '.join(map(str, done.args))}: {done.stderr.decode(errors='replace').strip()}")


def _mount_read_only(s: Sample) -> Iterator[None]:
    where = s.component_dir("gateway")
    _must(subprocess.run(["mount", "--bind", str(where), str(where)], capture_output=True))
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(where), str(where)], check=True)
        yield
    finally:
        subprocess.run(["umount", str(where)], check=True)


@contextlib.contextmanager
def _full_tmpfs(where: Path) -> Iterator[None]:
    """Mount a small tmpfs over `where` holding a copy of its files, then fill it up."""
    keep = Path(tempfile.mkdtemp(prefix="jopt-full-"))
    shutil.copytree(where, keep / "copy", symlinks=True)
    _must(
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k,mode=0755", "tmpfs", str(where)], capture_output=True)
    )
    try:
        shutil.copytree(keep / "copy", where, symlinks=True, dirs_exist_ok=True)
        shutil.copystat(keep / "copy", where)
        with open(where / "filler", "wb", buffering=0) as filler, contextlib.suppress(OSError):
            while True:
                filler.write(b"\0" * 4096)
        yield
    finally:
        subprocess.run(["umount", str(where)], check=True)
        shutil.rmtree(keep)


def _runtime_full(s: Sample) -> Iterator[None]:
    with _full_tmpfs(s.component_dir("gateway") / "bin"):
        yield


def _overrides_full(s: Sample) -> Iterator[None]:
    with _full_tmpfs(s.overrides):
        yield


def _chown(path: Path, uid: int, recursive: bool = False) -> None:
    for p in [path, *(path.rglob("*") if recursive else [])]:
        os.lchown(p, uid, uid)


def _nobody_owns_script_not_folder(s: Sample) -> None:
    _chown(s.overrides, NOBODY, recursive=True)
    _chown(s.script("zaas"), NOBODY)


def _nobody_cannot_read_script(s: Sample) -> None:
    _chown(s.overrides, NOBODY, recursive=True)
    s.script("zaas").chmod(0o600)


def _nobody_cannot_write_overrides(s: Sample) -> None:
    s.overrides.chmod(0o755)


# --- the catalogue -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    id: str
    args: tuple[str, ...]
    exit: int
    message: str
    setup: Callable[[Sample], None] | None = None
    around: Callable[[Sample], Iterator[dict[str, str] | None]] | None = None  # a context for the run
    env: dict[str, str] = field(default_factory=dict)
    as_nobody: bool = False


ERR = "jopt: error: "
CASES = [
    # start script text
    Case("empty script", ("install", "zaas"), 1, f"{ERR}<zaas>: {NOT_JAVA}\n", write("zaas", b"")),
    Case(
        "binary, NUL bytes",
        ("install", "zaas"),
        1,
        f"{ERR}<zaas>: binary file (NUL byte at offset 10); not a shell script\n",
        write("zaas", b"#!/bin/sh\n\x00\x01java"),
    ),
    Case("no Java launch", ("install", "zss"), 1, f"{ERR}<zss>: {NOT_JAVA}\n"),
    Case(
        "two Java launches",
        ("install", "zaas"),
        1,
        f"{ERR}<zaas>: 2 Java launches (-jar lines 89, 94); jopt hooks exactly one\n",
        _two_launches,
    ),
    Case(
        "java launch inside quotes",
        ("install", "discovery"),
        1,
        f"{ERR}<discovery>: line 2: the java command is inside quotes or a command substitution; "
        "jopt cannot place its options there\n",
        write("discovery", b'#!/bin/sh\nsh -c "java -Xmx1g -jar x.jar" &\n'),
    ),
    Case(
        "mixed line endings",
        ("install", "zaas"),
        1,
        f"{ERR}<zaas>: mixed line endings (89 LF, 3 CRLF); convert the file to one style first\n",
        _mixed_endings,
    ),
    Case("very large file (16 MB) without a launch", ("install", "zaas"), 1, f"{ERR}<zaas>: {NOT_JAVA}\n", _very_large),
    Case(
        "untagged EBCDIC is read as EBCDIC (status, nothing written)",
        ("status", "zaas"),
        0,
        "COMPONENT  TAG  KIND  HOOK  OPTIONS  TRACE\nzaas       ZA   java  none  -        off\n",
        _untagged_ebcdic,
    ),
    # markers and hook text
    Case(
        "orphan begin marker",
        ("install", "gateway"),
        1,
        f"{ERR}<gateway>: damaged hook: 1 begin and 0 end markers (lines 22)\n",
        edit("gateway", f"{END}\n", ""),
    ),
    Case(
        "orphan end marker",
        ("uninstall", "gateway"),
        1,
        f"{ERR}<gateway>: damaged hook: 0 begin and 1 end markers (lines 25)\n",
        edit("gateway", f"{BEGIN}\n", ""),
    ),
    Case(
        "nested markers",
        ("uninstall", "gateway"),
        1,
        f"{ERR}<gateway>: damaged hook: 2 begin and 2 end markers (lines 22, 23, 27, 28)\n",
        both(edit("gateway", f"{BEGIN}\n", f"{BEGIN}\n{BEGIN}\n"), edit("gateway", f"{END}\n", f"{END}\n{END}\n")),
    ),
    Case(
        "markers out of order",
        ("install", "gateway"),
        1,
        f"{ERR}<gateway>: damaged hook: end marker (line 22) before begin marker (line 23)\n",
        both(edit("gateway", f"{END}\n", ""), edit("gateway", f"{BEGIN}\n", f"{END}\n{BEGIN}\n")),
    ),
    Case(
        "malformed marker",
        ("install", "gateway"),
        1,
        f"{ERR}<gateway>: damaged hook: line 22: malformed jopt marker\n",
        edit("gateway", "# >>> jopt hook v2", "# >>> jopt hook  v2"),
    ),
    Case(
        "begin and end versions differ",
        ("uninstall", "gateway"),
        1,
        f"{ERR}<gateway>: damaged hook: begin marker says v2, end marker says v1\n",
        edit("gateway", END, "# <<< jopt hook v1 <<<"),
    ),
    Case(
        "hook from a newer jopt",
        ("uninstall", "gateway"),
        1,
        f"{ERR}<gateway>: damaged hook: hook v9 is newer than this jopt knows (upgrade jopt)\n",
        both(
            edit("gateway", "jopt hook v2 component", "jopt hook v9 component"),
            edit("gateway", END, "# <<< jopt hook v9 <<<"),
        ),
    ),
    Case(
        "hook line edited by hand",
        ("install", "gateway"),
        1,
        f"{ERR}<gateway>: damaged hook: line 24: hook line edited by hand\n",
        edit("gateway", "JOPT_OPTIONS=\n", "JOPT_OPTIONS=/tmp/x\n"),
    ),
    Case(
        "${JOPT_OPTIONS} line edited by hand",
        ("uninstall", "gateway"),
        1,
        f"{ERR}<gateway>: damaged hook: line 124: ${{JOPT_OPTIONS}} line edited by hand\n",
        edit("gateway", "    ${JOPT_OPTIONS} \\\n", "  ${JOPT_OPTIONS} \\\n"),
    ),
    Case(
        "${JOPT_OPTIONS} line removed",
        ("install", "gateway"),
        1,
        f"{ERR}<gateway>: damaged hook: 0 ${{JOPT_OPTIONS}} launch lines (expected 1)\n",
        edit("gateway", "    ${JOPT_OPTIONS} \\\n", ""),
    ),
    Case(
        "hand-made hook without --adopt",
        ("install", "discovery"),
        1,
        f"{ERR}<discovery>: line 4: a hand-made -Xoptionsfile hook; `jopt install discovery --adopt` replaces it\n",
        _hand_made,
    ),
    # files where they should not be
    Case(
        "symlinked start.sh shared with another component",
        ("install", "zaas"),
        1,
        f"{ERR}<zaas>: is a symbolic link to <gateway>, which is also the start script of gateway; one file cannot "
        "carry the hooks of two components: replace the link with a copy of its target\n",
        _symlink_zaas_to_gateway,
    ),
    Case(
        "a directory where start.sh should be",
        ("install", "zaas"),
        1,
        f"{ERR}<zaas>: is a directory, expected a start script\n",
        _directory_for_zaas_script,
    ),
    Case(
        "missing manifest.yaml",
        ("install", "zaas"),
        1,
        f"{ERR}unknown component zaas (known: {KNOWN.replace('zaas, ', '')})\n",
        lambda s: (s.component_dir("zaas") / "manifest.yaml").unlink(),
    ),
    Case(
        "malformed manifest.yaml",
        ("install", "zaas"),
        1,
        f"{ERR}<zaas-manifest>:2: malformed manifest: did not find expected node content\n",
        put("components/zaas/manifest.yaml", "commands: [\n"),
    ),
    Case(
        "manifest start script outside the component",
        ("install", "zaas"),
        1,
        f"{ERR}<zaas-manifest>: `commands.start` '../../x.sh' must stay inside the component directory\n",
        put("components/zaas/manifest.yaml", "commands:\n  start: ../../x.sh\n"),
    ),
    Case(
        "manifest without commands.start",
        ("install", "zaas"),
        1,
        f"{ERR}<zaas-manifest>: manifest has no commands.start: no start script\n",
        put("components/zaas/manifest.yaml", "id: zaas\ncommands: {}\n"),
    ),
    Case(
        "malformed zowe.yaml (line number)",
        ("status",),
        1,
        f"{ERR}<yaml>:3: malformed zowe.yaml: found a tab character that violates indentation\n",
        put("zowe.yaml", "zowe:\n  runtimeDirectory: /x\n\tbad: 1\n"),
    ),
    Case(
        "zowe.yaml without a zowe: section",
        ("status",),
        1,
        f"{ERR}<yaml>: no `zowe:` section\n",
        put("zowe.yaml", "- a\n"),
    ),
    Case(
        "jopt state file damaged",
        ("install", "zaas"),
        1,
        f"{ERR}<overrides>/state.json: state file is damaged (Expecting property name enclosed in double quotes: "
        "line 1 column 2 (char 1)); move it aside to start afresh\n",
        put("<overrides>/state.json", "{not json"),
    ),
    Case(
        "jopt state file is a directory",
        ("install", "zaas"),
        1,
        f"{ERR}<overrides>/state.json: is a directory, expected a file\n",
        lambda s: _directory_for(s.overrides / "state.json"),
    ),
    # names
    Case("unknown component", ("install", "gatewy"), 1, f"{ERR}unknown component gatewy (known: {KNOWN})\n"),
    Case(
        "component with ../",
        ("install", "../gateway"),
        1,
        f"{ERR}'../gateway' is not a component name (letters, digits, . _ -)\n",
    ),
    Case(
        "component with shell metacharacters",
        ("install", "gate;rm -rf"),
        1,
        f"{ERR}'gate;rm -rf' is not a component name (letters, digits, . _ -)\n",
    ),
    Case(
        "tag with ../",
        ("install", "zaas", "--tag", "../X"),
        1,
        f"{ERR}tag '../X' is not 1 to 8 characters of A-Z and 0-9\n",
    ),
    Case(
        "tag with $ and backquotes",
        ("install", "zaas", "--tag", "$(id)`"),
        1,
        f"{ERR}tag '$(id)`' is not 1 to 8 characters of A-Z and 0-9\n",
    ),
    Case(
        "overrides path with a space",
        ("install", "zaas", "--overrides", "<root>/my jopt"),
        1,
        f"{ERR}overrides directory '<root>/my jopt' {BAD_OVERRIDES}\n",
    ),
    Case(
        "overrides path with $",
        ("install", "zaas", "--overrides", "<root>/$HOME"),
        1,
        f"{ERR}overrides directory '<root>/$HOME' {BAD_OVERRIDES}\n",
    ),
    Case(
        "JOPT_DIR_MODE that would let others write",
        ("install", "zaas"),
        1,
        f"{ERR}JOPT_DIR_MODE=0777: give an octal mode with rwx for the owner and no write for group or others "
        "(e.g. 0700, 0750, 0755): the JVM runs what the options files there say\n",
        env={"JOPT_DIR_MODE": "0777"},
    ),
    # render: options and profiles
    Case(
        "option value with a line end",
        ("render", "-p", "gclog", "--set", "file=/tmp/a\n-Xevil", "gateway"),
        1,
        f"{ERR}cannot render, 1 problem (nothing written):\n  --set 'file=/tmp/a\\n-Xevil': gclog.file: "
        "'/tmp/a\\n-Xevil' holds a line end or NUL; a value must stay on one line\n",
    ),
    Case(
        "option value with a double quote (OpenJ9 cannot hold it)",
        ("render", "-p", "gclog", "--set", 'file=/tmp/a"b', "gateway"),
        1,
        f"{ERR}cannot render, 1 problem (nothing written):\n  built-in profile gclog (gclog.options.j2) with --set "
        "file=/tmp/a\"b: '-Xverbosegclog:/tmp/a\"b,5,1000' holds a double quote, which an OpenJ9 options file cannot escape\n",
    ),
    Case(
        "profile YAML error",
        ("render", "-p", "bad", "gateway"),
        1,
        f"{ERR}<overrides>/profiles/bad.yaml:3: malformed profile YAML: expected the node content, but found '<stream end>'\n",
        both(
            put("<overrides>/profiles/bad.yaml", "name: bad\nparameters: [\n"),
            put("<overrides>/profiles/bad.options.j2", "-Xfoo\n"),
        ),
    ),
    Case(
        "unknown profile",
        ("render", "-p", "nosuch", "gateway"),
        1,
        f"{ERR}unknown profile 'nosuch'; known: dumps, gclog, healthcenter, heap, jit, quickstart, shareclasses\n",
    ),
    Case(
        "unknown --set key",
        ("render", "-p", "heap", "--set", "nokey=1", "gateway"),
        1,
        f"{ERR}cannot render, 1 problem (nothing written):\n  --set nokey=1: unknown key 'nokey'; valid keys: heap: xms, xmx, xmn (or PROFILE.KEY)\n",
    ),
    Case(
        "non-numeric size",
        ("render", "-p", "heap", "--set", "xmx=lots", "gateway"),
        1,
        f"{ERR}cannot render, 1 problem (nothing written):\n  --set xmx=lots: heap.xmx: 'lots' is not a size: "
        "use an integer with an optional k, m, g or t (e.g. 512m, 2g)\n",
    ),
    Case(
        "Xms larger than Xmx",
        ("render", "-p", "heap", "--set", "xms=2g", "--set", "xmx=1g", "gateway"),
        1,
        f"{ERR}cannot render, 1 problem (nothing written):\n  built-in profile heap (heap.options.j2) with --set "
        "xms=2g, xmx=1g: -Xms (2g) is larger than -Xmx (1g)\n",
    ),
    # logs: report and verify
    Case("missing log file", ("report", "<root>/no-such.log"), 1, f"{ERR}<root>/no-such.log: log file not found\n"),
    Case(
        "no trace log to verify",
        ("verify", "gateway"),
        1,
        f"{ERR}<overrides>/start.log2GW: no trace log: `jopt trace on gateway`, restart the component, then verify\n",
    ),
    Case(
        "log without settings",
        ("report", "<overrides>/start.log2GW"),
        1,
        f"{ERR}<overrides>/start.log2GW: no -XshowSettings output and no jopt run marker in this file (trace logs are "
        "start.log2<TAG>; start.log1<TAG> holds only stdout)\n",
        put("<overrides>/start.log2GW", "hello\nSTUB-JVM-DONE\n"),
    ),
    Case(
        "traced start without settings",
        ("report", "<overrides>/start.log2GW"),
        1,
        f"{ERR}<overrides>/start.log2GW: run 1: no -XshowSettings output yet (the JVM may still be starting); "
        "--partial reports it anyway\n",
        put(
            "<overrides>/start.log2GW",
            (Path(__file__).resolve().parents[1] / "data" / "settings" / "openj9-21-zos.log2")
            .read_text()
            .split("VM settings:")[0],
        ),
    ),
    # the overrides directory
    Case("restore without a backup", ("restore", "zaas"), 1, f"{ERR}no backup of zaas in <overrides>/backups/zaas\n"),
    Case(
        "another jopt holds the lock",
        ("install", "zaas", "--wait", "0.2"),
        5,
        f"{ERR}<overrides>/.lock: another jopt is writing here (pid <holder>: jopt install --all); waited 0.2s\n",
        around=_lock_holder,
    ),
    # file systems and permissions
    Case(
        "read-only file system",
        ("install", "gateway", "--tag", "GW2"),
        1,
        f"{ERR}<gateway>: read-only file system\n",
        around=_mount_read_only,
    ),
    Case(
        "disk full where the script is (ENOSPC, tmpfs)",
        ("install", "gateway", "--tag", "GW2"),
        1,
        f"{ERR}<gateway>: no space left on the file system; put back 0 script(s) already written\n",
        around=_runtime_full,
    ),
    Case(
        "disk full in the overrides directory (ENOSPC, tmpfs)",
        ("install", "zaas"),
        1,
        f"{ERR}backup failed, nothing written: <overrides>/backups/zaas/start.sh.<stamp>: no space left on the file system\n",
        around=_overrides_full,
    ),
    Case(
        "permission denied: cannot replace the script (as nobody)",
        ("install", "zaas"),
        1,
        f"{ERR}<zaas>: permission denied (cannot replace the file)\n",
        _nobody_owns_script_not_folder,
        as_nobody=True,
    ),
    Case(
        "permission denied: cannot read the script (as nobody)",
        ("install", "zaas"),
        1,
        f"{ERR}<zaas>: permission denied\n",
        _nobody_cannot_read_script,
        as_nobody=True,
    ),
    Case(
        "permission denied: overrides directory not ours (as nobody)",
        ("install", "zaas"),
        1,
        f"{ERR}<overrides>/state.json: permission denied\n",
        _nobody_cannot_write_overrides,
        as_nobody=True,
    ),
]


# --- running a case -----------------------------------------------------------------------------


def _base(root: Path) -> Sample:
    """The sample runtime with the gateway hooked."""
    sample = Sample(root, prepare(root))
    done = CliRunner().invoke(cli, ["install", "gateway"], env={"JOPT_ZOWE_YAML": str(sample.zowe_yaml)})
    assert done.exit_code == 0, done.output
    return sample


@pytest.fixture(scope="module")
def nobody_python(tmp_path_factory) -> list[str]:
    """A Python that user nobody can run with jopt importable (the repo and copies of its
    dependencies in a world-readable folder), or skip."""
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        pytest.skip("needs root and setpriv to run jopt as nobody")
    interpreter = shutil.which("python3", path="/usr/bin:/bin")
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    if (
        interpreter is None
        or subprocess.run(
            [interpreter, "-c", "import sys; print(sys.version[:4])"], capture_output=True, text=True
        ).stdout.strip()
        != version
    ):
        pytest.skip(f"no system python{version} that nobody can run")
    deps = Path(tempfile.mkdtemp(prefix="jopt-nobody-deps-"))
    deps.chmod(0o755)
    import click
    import jinja2
    import markupsafe
    import yaml

    for module in (click, jinja2, markupsafe, yaml, ebcdic):
        shutil.copytree(Path(module.__file__).parent, deps / module.__name__)
    repo = Path(__file__).resolve().parents[2]
    for path in [deps, *deps.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    probe = subprocess.run(
        ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", interpreter, "-c", "import jopt.cli"],
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": f"{deps}:{repo}"},
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        shutil.rmtree(deps)
        pytest.skip(f"jopt cannot be imported as nobody: {probe.stderr.strip()[-200:]}")
    yield [
        "setpriv",
        f"--reuid={NOBODY}",
        f"--regid={NOBODY}",
        "--clear-groups",
        "env",
        "-i",
        "PATH=/usr/bin:/bin",
        f"PYTHONPATH={deps}:{repo}",
        interpreter,
        "-m",
        "jopt",
    ]
    shutil.rmtree(deps)


@pytest.fixture
def world_root() -> Iterator[Path]:
    """A folder user nobody can reach (pytest's own tmp folders are private to root)."""
    top = Path(tempfile.mkdtemp(prefix="jopt-bad-input-"))
    top.chmod(0o755)
    yield top / "zowe"
    subprocess.run(["chown", "-R", "0:0", str(top)], check=False)
    shutil.rmtree(top)


def _run(case: Case, sample: Sample, nobody: list[str] | None) -> tuple[int, str]:
    args = [_fill(sample, a) for a in case.args]
    env = {"JOPT_ZOWE_YAML": str(sample.zowe_yaml), "NO_COLOR": "1", **case.env}
    if nobody is None:
        done = CliRunner().invoke(cli, args, env=env, catch_exceptions=False)
        return done.exit_code, done.output
    ran = subprocess.run(
        [*nobody[:-3], *(f"{k}={v}" for k, v in env.items()), *nobody[-3:], *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    return ran.returncode, ran.stdout + ran.stderr


def _expected(case: Case, sample: Sample, extra: dict[str, str] | None) -> re.Pattern[str]:
    text = _fill(sample, case.message)
    for key, value in (extra or {}).items():
        text = text.replace(key, value)
    return re.compile(re.escape(text).replace(re.escape("<stamp>"), r"\d{8}T\d{6}\.\d{6}Z"))


def test_the_catalogue_has_every_case_the_issue_lists():
    assert len(CASES) >= 30
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    nobody = request.getfixturevalue("nobody_python") if case.as_nobody else None
    root = request.getfixturevalue("world_root") if case.as_nobody else tmp_path / "zowe"
    sample = _base(root)
    if case.setup is not None:
        case.setup(sample)
    with contextlib.contextmanager(case.around)(sample) if case.around else contextlib.nullcontext() as extra:
        before = snapshot(sample.root)
        code, output = _run(case, sample, nobody)
        after = snapshot(sample.root)
    assert _expected(case, sample, extra).fullmatch(output), f"\n{output}"
    assert code == case.exit
    assert after == before


def test_a_symlinked_start_script_is_followed_and_the_output_says_so(sample, jopt, tmp_path):
    """The decision for a symlinked start.sh: jopt writes the link's target (the link stays) and
    says so; it refuses only a target that is another component's start script too (above)."""
    target = tmp_path / "elsewhere" / "start.sh"
    target.parent.mkdir()
    shutil.copy(sample.script("zaas"), target)
    sample.script("zaas").unlink()
    sample.script("zaas").symlink_to(target)

    done = jopt("install", "zaas")

    assert done.exit_code == 0
    backup = next((sample.overrides / "backups" / "zaas").iterdir())
    assert done.stdout == (
        f"zaas: installed {sample.script('zaas')} (a symbolic link: jopt writes its target {target})\n  backup: {backup}\n"
        f"hook file: created {sample.overrides}/hook/v2.sh\nhook file: created {sample.overrides}/hook/v2-trace.sh\n"
    )
    assert sample.script("zaas").is_symlink() and os.readlink(sample.script("zaas")) == str(target)
    assert "jopt hook v2 component=zaas" in target.read_text()

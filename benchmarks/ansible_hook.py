"""The Ansible reference for `jopt install --all`: run benchmarks/hook_playbook.yml, check its effect.

"Same effect" is what the JVM gets: every start script, started as Zowe starts it (`cd` to the
component, the script's text into the shell) with a stand-in `java` that records its argv, must
give the same command line hooked by jopt as edited by the playbook: the shipped one without an
options file, and the shipped one with `-Xoptionsfile=<overrides>/java.options.<TAG>` just before
`-jar` when that file exists. (Tracing, which only jopt's hook does, is not compared.)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

from runtimes import scripts

PLAYBOOK = Path(__file__).resolve().parent / "hook_playbook.yml"
SHELL = shutil.which("dash") or "/bin/sh"
STUB_JAVA = """#!/bin/sh
# A stand-in JVM: records its argv, one word a line, then ---.
for a in "$@"; do printf '%s\\n' "$a"; done >> "$STUB_ARGV_FILE"
echo --- >> "$STUB_ARGV_FILE"
"""


def overrides(root: Path) -> Path:
    """The overrides directory of a runtime whose zowe.yaml sets no other (`<workspace>/jopt`)."""
    return root / "workspace" / "jopt"


def playbook_command(ansible_playbook: str, root: Path, tags: dict[str, str], work: Path) -> list[str]:
    """The ansible-playbook command that hooks the runtime at `root` (its vars file written to `work`)."""
    variables = work / "hook-vars.json"
    interpreter = _python_of(ansible_playbook)
    variables.write_text(
        json.dumps({"runtime": str(root), "jopt_tags": tags, "ansible_python_interpreter": interpreter})
    )
    return [ansible_playbook, "-i", "localhost,", "-c", "local", str(PLAYBOOK), "-e", f"@{variables}"]


def playbook_env(work: Path) -> dict[str, str]:
    """Ansible's environment: its own empty configuration and temp folders, none of the user's."""
    config = work / "ansible.cfg"
    config.touch()
    return {
        **os.environ,
        "ANSIBLE_CONFIG": str(config),
        "ANSIBLE_HOME": str(work / "ansible-home"),
        "ANSIBLE_LOCAL_TEMP": str(work / "ansible-local"),
        "ANSIBLE_REMOTE_TEMP": str(work / "ansible-remote"),
        "ANSIBLE_NOCOLOR": "1",
    }


def ansible_version(ansible_playbook: str) -> str:
    done = subprocess.run([ansible_playbook, "--version"], capture_output=True, text=True, check=False)
    return done.stdout.splitlines()[0].strip() if done.stdout else "unknown"


def differences(pristine: Path, by_jopt: Path, by_ansible: Path, tags: dict[str, str], work: Path) -> list[str]:
    """What differs in effect between the two hooked runtimes (an empty list: the same effect)."""
    stub = _stub_java(work)
    problems = []
    for component in scripts(pristine):
        shipped = _argv(pristine, component, stub, work)
        with_file = [*shipped[:-2], f"-Xoptionsfile=<runtime>/workspace/jopt/java.options.{tags[component]}"]
        with_file += shipped[-2:]
        for root in (by_jopt, by_ansible):
            for options, expected in ((False, shipped), (True, with_file)):
                got = _argv(root, component, stub, work, tags[component] if options else None)
                if got != expected:
                    state = "with" if options else "without"
                    problems.append(f"{component} {state} an options file, {root.name}: {got} != {expected}")
    return problems


def _argv(root: Path, component: str, stub: Path, work: Path, tag: str | None = None) -> list[str]:
    """The argv `java` gets when the component starts (runtime root shown as <runtime>)."""
    options = overrides(root) / f"java.options.{tag}"
    if tag:
        options.parent.mkdir(parents=True, exist_ok=True)
        options.write_text("-Xmx1g\n")
    argv_file = work / "argv"
    argv_file.unlink(missing_ok=True)
    folder = scripts(root)[component].parent.parent
    env = {
        "PATH": f"{stub}:/usr/bin:/bin",
        "JAVA_BIN_DIR": f"{stub}/",
        "JAVA_HOME": str(stub.parent / "no-java-home"),
        "STUB_ARGV_FILE": str(argv_file),
        "ZWE_zowe_job_prefix": "ZWE1",
        "ZWE_zowe_runtimeDirectory": str(root),
        "HOME": str(work),
    }
    text = f"cd {folder}\n" + (folder / "bin" / "start.sh").read_text()
    try:
        done = subprocess.run([SHELL], input=text.encode(), env=env, cwd=folder, capture_output=True, timeout=60)
        runs = _recorded(argv_file) if done.returncode == 0 else []
    finally:
        if tag:
            options.unlink()
    if done.returncode != 0:
        return [f"<{Path(SHELL).name} exited {done.returncode}: {done.stderr.decode(errors='replace').strip()}>"]
    if len(runs) != 1:
        return [f"<java started {len(runs)} times>"]
    return [word.replace(str(root), "<runtime>") for word in runs[0].splitlines()]


def _recorded(argv_file: Path, timeout: float = 10.0) -> list[str]:
    """The runs the stand-in JVM recorded (it may still be writing: the script started it with `&`)."""
    deadline = time.monotonic() + timeout
    while not (argv_file.exists() and argv_file.read_text().endswith("---\n")) and time.monotonic() < deadline:
        time.sleep(0.01)
    return argv_file.read_text().split("---\n")[:-1] if argv_file.exists() else []


def _stub_java(work: Path) -> Path:
    folder = work / "stubbin"
    folder.mkdir(exist_ok=True)
    java = folder / "java"
    java.write_text(STUB_JAVA)
    java.chmod(0o755)
    return folder


def _python_of(command: str) -> str:
    """The Python that runs an installed Python command (from its #! line)."""
    first = Path(command).read_bytes().split(b"\n", 1)[0].decode(errors="replace")
    if first.startswith("#!") and "python" in first:
        return first[2:].strip().split()[0]
    return shutil.which("python3") or "python3"

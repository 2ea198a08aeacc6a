"""The demo: jopt's main job, end to end, on a temporary copy of the sample runtime."""

from __future__ import annotations

import hashlib
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from jopt.resources import data_dir

Echo = Callable[[str], None]


def prepare(target: Path) -> Path:
    """Copy the bundled sample runtime into `target`; return the zowe.yaml written for it."""
    shutil.copytree(data_dir("fixtures"), target, dirs_exist_ok=True)
    template = (target / "zowe.yaml.template").read_text(encoding="utf-8")
    zowe_yaml = target / "zowe.yaml"
    zowe_yaml.write_text(template.replace("@RUNTIME@", str(target)), encoding="utf-8")
    return zowe_yaml


def fingerprints(runtime: Path) -> dict[str, str]:
    return {
        str(p.relative_to(runtime)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(runtime.rglob("start.sh"))
    }


def _step(echo: Echo, env: dict[str, str], *args: str) -> int:
    echo(f"\n$ jopt {shlex.join(args)}")
    done = subprocess.run([sys.executable, "-m", "jopt", *args], env=env, capture_output=True, text=True)
    echo((done.stdout + done.stderr).rstrip())
    return done.returncode


def run(keep_dir: str | None, echo: Echo) -> int:
    """Run the demo; return 0 when the round trip is byte-identical."""
    if keep_dir is None:
        with tempfile.TemporaryDirectory(prefix="jopt-demo-") as temp:
            return _run(Path(temp) / "zowe", echo)
    return _run(Path(keep_dir).absolute(), echo)


def _run(root: Path, echo: Echo) -> int:
    zowe_yaml = prepare(root)
    echo(f"Sample runtime copied to {root}; zowe.yaml: {zowe_yaml}")
    env = {**os.environ, "JOPT_ZOWE_YAML": str(zowe_yaml), "NO_COLOR": "1"}
    before = fingerprints(root)
    _step(echo, env, "status")
    _step(echo, env, "install", "gateway", "--dry-run")
    failed = _step(echo, env, "install", "--all")
    _step(echo, env, "install", "--all")
    _step(echo, env, "render", "--profile", "shareclasses", "gateway")
    from jopt.app.optionsfiles import read_text

    rendered = root / "workspace" / "jopt" / "java.options.GW"
    echo(f"\n$ cat {rendered}\n{read_text(rendered).rstrip()}")
    _step(echo, env, "status")
    from jopt.app.demo_trace import traced_start

    traced_start(root, env, echo, _step)
    failed |= _step(echo, env, "uninstall", "--all")
    after = fingerprints(root)
    same = before == after and not failed
    verdict = "byte-identical" if same else "NOT identical"
    echo(f"\nRound trip: {len(after)} start scripts {verdict} to the originals after install + uninstall.")
    return 0 if same else 1

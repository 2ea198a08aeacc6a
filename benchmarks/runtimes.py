"""Generate sample runtimes of any size from the bundled fixtures (for benchmarks)."""

from __future__ import annotations

import shutil
from pathlib import Path

from jopt.resources import data_dir

JAVA = ["gateway", "discovery", "api-catalog", "caching-service", "zaas", "apiml"]


def generate(root: Path, count: int) -> Path:
    """A runtime at `root` with `count` Java components (the fixtures, each script made distinct); returns zowe.yaml."""
    fixtures = data_dir("fixtures")
    components = root / "components"
    components.mkdir(parents=True)
    for n in range(count):
        source = JAVA[n % len(JAVA)]
        target = components / f"{source}-{n:04d}"
        shutil.copytree(fixtures / "components" / source, target)
        manifest = target / "manifest.yaml"
        manifest.write_text(manifest.read_text().replace(f"name: {source}", f"name: {target.name}", 1))
        script = target / "bin" / "start.sh"  # every script its own text, as in a real runtime (no cache hits)
        lines = script.read_text().split("\n")
        script.write_text("\n".join([lines[0], f"# {target.name} (generated for the jopt benchmarks)", *lines[1:]]))
    zowe_yaml = root / "zowe.yaml"
    zowe_yaml.write_text(
        f"zowe:\n  runtimeDirectory: {root}\n  workspaceDirectory: {root}/workspace\n  logDirectory: {root}/logs\n"
    )
    return zowe_yaml

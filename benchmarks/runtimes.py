"""Generate sample Zowe runtimes of any size from the sample runtime in `fixtures/`.

Each generated component is a copy of one of the seven Java start-script shapes that
`fixtures/VARIANTS.md` describes (six runtime components and one extension), under its own
id, with one comment line added so that no two scripts have the same text (as in a real
runtime). Copies of the extension go under `extensions/`, as `zwe components install` puts
them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
#: (fixture folder, where copies go): the seven real shapes of a Java start script.
SHAPES = (
    ("components/gateway", "components"),
    ("components/discovery", "components"),
    ("components/api-catalog", "components"),
    ("components/caching-service", "components"),
    ("components/zaas", "components"),
    ("components/apiml", "components"),
    ("extensions/sample-ext", "extensions"),
)


def generate(root: Path, count: int) -> Path:
    """A runtime at `root` with `count` Java components, the shapes taken in turn; returns its zowe.yaml."""
    for folder in ("components", "extensions"):
        (root / folder).mkdir(parents=True)
    for n in range(count):
        source, folder = SHAPES[n % len(SHAPES)]
        name = Path(source).name
        target = root / folder / f"{name}-{n:04d}"
        shutil.copytree(FIXTURES / source, target)
        manifest = target / "manifest.yaml"
        manifest.write_text(manifest.read_text().replace(f"name: {name}", f"name: {target.name}", 1))
        script = target / "bin" / "start.sh"
        lines = script.read_text().split("\n")
        script.write_text("\n".join([lines[0], f"# {target.name} (generated for the jopt benchmarks)", *lines[1:]]))
    zowe_yaml = root / "zowe.yaml"
    zowe_yaml.write_text(
        f"zowe:\n  runtimeDirectory: {root}\n  extensionDirectory: {root}/extensions\n"
        f"  workspaceDirectory: {root}/workspace\n  logDirectory: {root}/logs\n"
    )
    return zowe_yaml


def scripts(root: Path) -> dict[str, Path]:
    """Component id -> start script of a generated runtime."""
    found = sorted(root.glob("components/*/bin/start.sh")) + sorted(root.glob("extensions/*/bin/start.sh"))
    return {path.parent.parent.name: path for path in found}

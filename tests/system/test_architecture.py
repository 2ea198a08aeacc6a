"""The layout's rules (ARCHITECTURE.md), read from the source with ast: no import cycles,
imports only downward (cli -> app -> script/options/settings/zowe -> storage), click only in
the CLI, and no file writes in the CLI.

Every import counts: at module level, inside functions and under TYPE_CHECKING.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[2] / "jopt"

#: Modules at the top of jopt/ that any layer may import; they import none of the packages.
SHARED = {
    "jopt",
    "jopt.errors",
    "jopt.resources",
    "jopt.diffs",
    "jopt.redaction",
}
DOMAIN = ("script", "options", "settings", "zowe")
#: Higher imports lower, never the other way.
RANK = {"storage": 0, **dict.fromkeys(DOMAIN, 1), "app": 2, "cli": 3}
#: Calls that write, move or remove files (methods of Path and os, and jopt's writer).
WRITES = {"open", "write_bytes", "write_text", "atomic_write", "unlink", "mkdir", "makedirs", "rmdir", "rename",
          "touch", "remove", "chmod", "symlink_to"}  # fmt: skip


def _name(path: Path) -> str:
    parts = path.relative_to(SOURCE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, ast.Module]:
    return {_name(p): ast.parse(p.read_text(encoding="utf-8"), str(p)) for p in sorted(SOURCE.rglob("*.py"))}


MODULES = _modules()


def _imported(tree: ast.Module, known: set[str]) -> set[str]:
    """The jopt modules (and `click`) a module imports anywhere in its text."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:  # `from jopt.app import hooking` imports the module jopt.app.hooking
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in known else node.module)
    return {m for m in found if m in known or m == "click" or m.startswith("click.")}


def graph(modules: dict[str, ast.Module]) -> dict[str, set[str]]:
    known = set(modules)
    return {name: _imported(tree, known) - {name} for name, tree in modules.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in edges.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            part = []
            while True:
                top = stack.pop()
                part.append(top)
                if top == node:
                    break
            if len(part) > 1:
                found.append(sorted(part))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def layer(module: str) -> str | None:
    """The package a module belongs to (cli, app, a domain package, storage); None for a shared one."""
    if module == "jopt.__main__":
        return "cli"  # `python -m jopt`: the command line's entry
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in RANK else None


GRAPH = graph(MODULES)


def test_the_scan_sees_the_imports_it_judges():
    """Not vacuous: the graph has the edges the layout is made of."""
    assert len(MODULES) > 60
    assert "jopt.app.hooking" in GRAPH["jopt.cli.hook_commands"]
    assert "click" in GRAPH["jopt.cli.app"]
    assert "jopt.storage.fileio" in GRAPH["jopt.app.hooking"]
    assert "jopt.cli.app" in GRAPH["jopt.cli"]  # imported inside main()


@pytest.mark.parametrize(
    "edges, expected",
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
    ],
)
def test_cycles_finds_what_it_should(edges, expected):
    assert cycles(edges) == expected


def test_no_import_cycles_between_jopt_modules():
    assert cycles(GRAPH) == []


def test_imports_go_only_downward():
    upward = []
    for module, imported in GRAPH.items():
        mine = layer(module)
        for other in sorted(imported - {"click"}):
            theirs = layer(other)
            if theirs is None:
                continue  # errors, resources, diffs, redaction: importable from anywhere
            if mine is None or RANK[theirs] > RANK[mine]:
                upward.append(f"{module} -> {other}")
    assert upward == []


def test_shared_top_level_modules_import_no_package():
    assert {m: sorted(i) for m in SHARED if (i := {o for o in GRAPH[m] if layer(o) is not None})} == {}


def test_only_the_cli_imports_click():
    users = sorted(m for m, imported in GRAPH.items() if any(i.split(".")[0] == "click" for i in imported))
    assert users and all(layer(m) == "cli" for m in users), users


def test_domain_packages_form_no_cycle():
    """script may import zowe, settings may import options; never both ways round."""
    packages: dict[str, set[str]] = {p: set() for p in DOMAIN}
    for module, imported in GRAPH.items():
        if layer(module) in DOMAIN:
            packages[str(layer(module))] |= {str(layer(o)) for o in imported if layer(o) in DOMAIN} - {layer(module)}
    assert cycles(packages) == []


def _writes(tree: ast.Module) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name in WRITES:
                found.append(f"line {node.lineno}: {name}(")
    return found


def test_writes_are_recognised():
    tree = ast.parse("from pathlib import Path\nopen('x', 'w')\nPath('y').unlink()\natomic_write(p, b'')\n")
    assert _writes(tree) == ["line 2: open(", "line 3: unlink(", "line 4: atomic_write("]


def test_the_cli_writes_no_file():
    """The CLI parses, calls jopt.app and prints: every write is the library's."""
    found = {m: w for m, tree in MODULES.items() if layer(m) == "cli" and (w := _writes(tree))}
    assert found == {}

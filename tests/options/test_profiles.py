"""Profiles: built-ins load, site profiles replace them, every file error names file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jopt.errors import ConfigError
from jopt.options import profiles
from jopt.options.profiles import Parameter

BUILTINS = ["dumps", "gclog", "healthcenter", "heap", "jit", "quickstart", "shareclasses"]

GOOD_YAML = """\
name: site-heap
description: Site heap
jvms: [openj9, hotspot]
parameters:
  xmx:
    type: size
    default: 2g
    help: Maximum heap
"""


def write_profile(folder: Path, yaml_text: str, template: str = "-Xmx{{ xmx }}\n", name: str = "site-heap") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.yaml").write_text(yaml_text)
    if template is not None:
        (folder / f"{name}.options.j2").write_text(template)
    return folder / f"{name}.yaml"


def load_error(path: Path) -> str:
    with pytest.raises(ConfigError) as caught:
        profiles.load(path)
    return str(caught.value)


def test_builtins_all_load() -> None:
    loaded = profiles.load_all(None)
    assert [p.name for p in loaded] == BUILTINS
    assert all(p.source == "built-in" and p.description and p.example for p in loaded)


def test_builtin_jvms() -> None:
    jvms = {p.name: p.jvms for p in profiles.load_all(None)}
    assert jvms["heap"] == ("openj9", "hotspot")
    assert all(jvms[name] == ("openj9",) for name in BUILTINS if name != "heap")


def test_site_profile_replaces_builtin_by_name(tmp_path: Path) -> None:
    site = tmp_path / "profiles"
    write_profile(site, GOOD_YAML.replace("site-heap", "heap"), name="heap")
    profile = profiles.find("heap", site)
    assert (profile.source, profile.path) == ("site", site / "heap.yaml")
    assert profile.defaults() == {"xmx": "2g"}
    assert profiles.find("jit", site).source == "built-in"


def test_site_dir_default_and_explicit(tmp_path: Path) -> None:
    assert profiles.site_dir(tmp_path, None) == tmp_path / "profiles"
    assert profiles.site_dir(None, None) is None
    assert profiles.site_dir(tmp_path, tmp_path) == tmp_path
    with pytest.raises(ConfigError, match="profiles directory not found"):
        profiles.site_dir(None, tmp_path / "missing")


def test_unknown_profiles_are_named_together() -> None:
    with pytest.raises(ConfigError) as caught:
        profiles.find_all(["heap", "nope", "nada"], None)
    assert str(caught.value) == (
        "unknown profiles 'nope', 'nada'; known: dumps, gclog, healthcenter, heap, jit, quickstart, shareclasses"
    )


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = write_profile(tmp_path, GOOD_YAML.replace("    default: 2g", "    default: [2g"))
    assert load_error(path).startswith(f"{path}:8: malformed profile YAML:")


@pytest.mark.parametrize(
    ("edit", "line", "message"),
    [
        (("description: Site heap\n", "description: Site heap\ncolour: red\n"), 3, "unknown key 'colour'"),
        (("name: site-heap", "name: other"), 1, "name must be 'site-heap', the file's name"),
        (("jvms: [openj9, hotspot]", "jvms: [j9]"), 3, "jvms must list one or both of: openj9, hotspot"),
        (("type: size", "type: bytes"), 6, "parameter xmx: type must be one of string, size, integer, boolean, choice"),
        (("default: 2g", "default: 1.5g"), 7, "parameter xmx: default: '1.5g' is not a size"),
        (("    help: Maximum heap\n", ""), 5, "parameter xmx: help is missing"),
        (("  xmx:", "  tag:"), 5, "parameter tag: bad name"),
        (
            ("    help: Maximum heap", "    help: Maximum heap\n    colour: red"),
            9,
            "parameter xmx: unknown key 'colour'",
        ),
        (("description: Site heap\n", ""), 1, "description is missing"),
    ],
)
def test_schema_errors_name_file_and_line(tmp_path: Path, edit: tuple[str, str], line: int, message: str) -> None:
    path = write_profile(tmp_path, GOOD_YAML.replace(*edit))
    assert load_error(path).startswith(f"{path}:{line}: {message}")


def test_not_a_mapping(tmp_path: Path) -> None:
    path = write_profile(tmp_path, "- just\n- a list\n")
    assert load_error(path) == f"{path}:1: a profile must be a YAML mapping (name, description, jvms, parameters)"


def test_missing_template(tmp_path: Path) -> None:
    path = write_profile(tmp_path, GOOD_YAML, template=None)  # type: ignore[arg-type]
    assert load_error(path).startswith(f"{tmp_path / 'site-heap.options.j2'}: template not found")


def test_template_syntax_error_names_line(tmp_path: Path) -> None:
    path = write_profile(tmp_path, GOOD_YAML, template="-Xms1g\n-Xmx{{ xmx \n")
    assert load_error(path).startswith(f"{tmp_path / 'site-heap.options.j2'}:2: template syntax error:")


@pytest.mark.parametrize(
    ("spec", "raw", "value"),
    [
        ({"type": "size"}, "512m", "512m"),
        ({"type": "size"}, 1024, "1024"),
        ({"type": "integer", "minimum": 1, "maximum": 15}, "15", 15),
        ({"type": "boolean"}, "yes", True),
        ({"type": "boolean"}, "off", False),
        ({"type": "boolean"}, False, False),
        ({"type": "choice", "allowed": ("a", "b")}, "b", "b"),
        ({"type": "string"}, "a b", "a b"),
        ({"type": "string"}, "", None),
        ({"type": "size"}, None, None),
    ],
)
def test_convert(spec: dict[str, Any], raw: Any, value: Any) -> None:
    assert Parameter("p", default=None, help="h", **spec).convert(raw) == value


@pytest.mark.parametrize(
    ("spec", "raw", "message"),
    [
        ({"type": "size"}, "1.5g", "'1.5g' is not a size: use an integer with an optional k, m, g or t"),
        ({"type": "size"}, "2gb", "'2gb' is not a size"),
        ({"type": "integer", "minimum": 1, "maximum": 15}, "16", "16 is above the maximum 15"),
        ({"type": "integer", "minimum": 1}, "0", "0 is below the minimum 1"),
        ({"type": "integer"}, "two", "'two' is not an integer"),
        ({"type": "boolean"}, "maybe", "'maybe' is not a boolean"),
        ({"type": "choice", "allowed": ("a", "b")}, "c", "'c' is not one of: a, b"),
    ],
)
def test_convert_refuses(spec: dict[str, Any], raw: Any, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        Parameter("p", default=None, help="h", **spec).convert(raw)
    assert str(caught.value).startswith(message)

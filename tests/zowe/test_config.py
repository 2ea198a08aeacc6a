"""zowe.yaml as Zowe reads it: the --config string, merged entries, templates, HA instances.

The expected behaviour is Zowe's (see the docstring of jopt/zowe/config.py for the sources):
left entries win, lists are appended, templates are evaluated after merging, and
haInstances.<id>.components overrides components for that instance.
"""

from __future__ import annotations

import re
from pathlib import Path

import ebcdic  # noqa: F401  (registers the cp1047 codec)
import pytest

from jopt.errors import ConfigError
from jopt.zowe import config
from jopt.zowe.config import MISSING, Entry


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("/a/zowe.yaml", (Entry("FILE", "/a/zowe.yaml"),)),
        ("/a/odd:name.yaml", (Entry("FILE", "/a/odd:name.yaml"),)),  # one path: not split (configmgr.ts)
        ("FILE(/a/z.yaml)", (Entry("FILE", "/a/z.yaml"),)),
        (
            "FILE(/a/z.yaml):PARMLIB(SYS1.ZOWE.PARMLIB(ZWECFG)):FILE(/b/d.yaml)",
            (Entry("FILE", "/a/z.yaml"), Entry("PARMLIB", "SYS1.ZOWE.PARMLIB(ZWECFG)"), Entry("FILE", "/b/d.yaml")),
        ),
        ("PARMLIB(LPAR.PARMLIB(ZWECFG)):PARMLIB(PLEX.PARMLIB(ZWECFG))", (
            Entry("PARMLIB", "LPAR.PARMLIB(ZWECFG)"), Entry("PARMLIB", "PLEX.PARMLIB(ZWECFG)"))),
    ],
)  # fmt: skip
def test_the_config_string_is_read_as_zwe_reads_it(spec, expected):
    assert config.entries(spec) == expected


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("", "--zowe-yaml is empty"),
        ("FILE(/a.yaml)::FILE(/b.yaml)", "cannot read the entry ''"),
        ("FILE(/a.yaml):/b.yaml", "cannot read the entry '/b.yaml'"),
        ("FILE(/a.yaml):DIR(/x)", r"cannot read the entry 'DIR\(/x\)'"),
        ("PARMLIB(MY.PARMLIB)", r"PARMLIB\(MY.PARMLIB\) is not PARMLIB\(DSN\(MEMBER\)\)"),
        ("PARMLIB(MY.PARMLIB(A'B))", "is not PARMLIB"),
        ("PARMLIB(A.B(ONE)):PARMLIB(C.D(TWO))", "same member name in every PARMLIB entry .found ONE, TWO."),
    ],
)
def test_a_malformed_config_string_is_one_clear_error(spec, message):
    with pytest.raises(ConfigError, match=message):
        config.entries(spec)


def test_left_entries_win_mappings_merge_lists_append(tmp_path):
    left = write(tmp_path / "left.yaml", "zowe:\n  job: {name: LEFT}\n  list: [l]\ncomponents:\n  gateway: {port: 1}\n")
    right = write(
        tmp_path / "right.yaml",
        "zowe:\n  job: {name: RIGHT, prefix: ZWE1}\n  list: [r]\n  workspaceDirectory: /w\ncomponents:\n  zss: {port: 2}\n",
    )
    found = config.load(f"FILE({left}):FILE({right})")
    assert found.value(("zowe", "job")) == {"name": "LEFT", "prefix": "ZWE1"}
    assert found.value(("zowe", "list")) == ["r", "l"]  # json.c: the right list, then the left one
    assert found.value(("zowe", "workspaceDirectory")) == "/w"
    assert found.value(("components",)) == {"gateway": {"port": 1}, "zss": {"port": 2}}
    assert found.value(("zowe", "nothing")) is MISSING
    assert found.defining(("zowe", "job", "name")) == f"{left}:2"
    assert found.defining(("zowe", "job", "prefix")) == f"{right}:2"
    assert found.defining(("zowe", "nothing")) is None


def test_a_null_on_the_left_replaces_a_value_on_the_right(tmp_path):
    left = write(tmp_path / "l.yaml", "zowe:\n  logDirectory:\n")
    right = write(tmp_path / "r.yaml", "zowe:\n  logDirectory: /logs\n")
    assert config.load(f"FILE({left}):FILE({right})").value(("zowe", "logDirectory")) is None


def test_templates_refer_to_keys_of_the_merged_configuration(tmp_path):
    left = write(
        tmp_path / "l.yaml",
        'zowe:\n  workspaceDirectory: "${{ zowe.runtimeDirectory }}/workspace"\n'
        "  logDirectory: ${{ zowe.workspaceDirectory }}/logs\n"
        "  port: ${{ components.gateway.port }}\n"
        "  label: \"${{ components['api-catalog'].port }}-${{ zowe.flag }}\"\n"
        "  block: |\n    ${{ not evaluated in a block scalar }}\n",
    )
    right = write(
        tmp_path / "r.yaml",
        "zowe:\n  runtimeDirectory: /usr/lpp/zowe\n  flag: true\n"
        "components:\n  gateway: {port: 7554}\n  api-catalog: {port: 7552}\n",
    )
    found = config.load(f"FILE({left}):FILE({right})")
    assert found.value(("zowe", "workspaceDirectory")) == "/usr/lpp/zowe/workspace"
    assert found.value(("zowe", "logDirectory")) == "/usr/lpp/zowe/workspace/logs"
    assert found.value(("zowe", "port")) == 7554  # a whole-value template keeps the type
    assert found.value(("zowe", "label")) == "7552-true"
    assert found.value(("zowe", "block")) == "${{ not evaluated in a block scalar }}\n"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("${{ zos.resolveSymbol('&SYSNAME') }}", r"jopt cannot evaluate \$\{\{ zos.resolveSymbol\('&SYSNAME'\) \}\} "
                                                  r"\(Zowe evaluates it as JavaScript\)"),
        ('"${{ zowe.a ? 1 : 2 }}"', "jopt cannot evaluate"),
        ("${{ zowe.nothing }}/x", r"\$\{\{ zowe.nothing \}\} refers to zowe.nothing, which is not set"),
        ("${{ zowe.workspaceDirectory }}", r"refers back to itself \(zowe.workspaceDirectory -> zowe.workspaceDirectory\)"),
        ("${{ zowe.job }}/x", "joins a mapping into a string"),
        ("'${{ zowe.a }}'", "Zowe does not evaluate .* in a single-quoted string"),
        ('"${{ zowe.a "', r"has \$\{\{ without a closing \}\}"),
    ],
)  # fmt: skip
def test_a_template_jopt_cannot_evaluate_names_the_key_file_and_line(tmp_path, value, message):
    path = write(tmp_path / "z.yaml", f"zowe:\n  a: 1\n  job: {{name: X}}\n  workspaceDirectory: {value}\n")
    found = config.load(path)
    with pytest.raises(ConfigError, match=rf"^{path}:4: zowe.workspaceDirectory: {message}"):
        found.value(("zowe", "workspaceDirectory"))
    with pytest.raises(ConfigError, match=rf"^{path}:4: zowe.workspaceDirectory: {message}"):
        found.value(("zowe",))  # asking for a section evaluates what is in it
    assert found.value(("zowe", "a")) == 1  # other keys still read: the error waits until it matters


def test_templates_in_a_later_entry_use_values_from_an_earlier_one(tmp_path):
    left = write(tmp_path / "l.yaml", "zowe:\n  runtimeDirectory: /site/zowe\n")
    right = write(
        tmp_path / "r.yaml",
        "zowe:\n  runtimeDirectory: /default\n  extensionDirectory: ${{ zowe.runtimeDirectory }}/ext\n",
    )
    found = config.load(f"FILE({left}):FILE({right})")
    assert found.value(("zowe", "extensionDirectory")) == "/site/zowe/ext"


HA = """\
components:
  gateway:
    port: 7554
    jvm: {Xmx: 1g, Xms: 256m}
haInstances:
  LPAR1:
    hostname: lpar1.example.com
    components:
      gateway:
        jvm: {Xmx: 2g}
  lpar2:
    components: {}
"""


def test_an_ha_instance_sees_its_component_overrides(tmp_path):
    path = write(tmp_path / "z.yaml", HA)
    base = config.load(path)
    assert base.instances() == ("LPAR1", "lpar2")
    assert base.value(("components", "gateway", "jvm")) == {"Xmx": "1g", "Xms": "256m"}
    lpar1 = config.load(path, "LPAR1")
    assert (lpar1.instance, lpar1.instance_key) == ("lpar1", "LPAR1")  # ZWE_haInstance_id is lower case
    assert lpar1.value(("components", "gateway", "jvm")) == {"Xmx": "2g", "Xms": "256m"}
    assert lpar1.defining(("components", "gateway", "jvm", "Xmx")) == f"{path}:10"
    assert lpar1.defining(("components", "gateway", "jvm", "Xms")) == f"{path}:4"
    other = base.for_instance("lpar-3")
    assert (other.instance, other.instance_key) == ("lpar_3", None)
    assert other.value(("components", "gateway", "jvm", "Xmx")) == "1g"


@pytest.mark.parametrize("given", ["LPAR1", "lpar1", " Lpar1 "])
def test_ha_instance_ids_are_made_as_zowe_makes_them(given):
    assert config.instance_id(given) == "lpar1"
    assert config.instance_id("sys-a.b") == "sys_a_b"


def test_a_missing_entry_names_the_file(tmp_path):
    left = write(tmp_path / "l.yaml", "zowe: {}\n")
    with pytest.raises(ConfigError, match=rf"^{tmp_path}/missing.yaml: zowe.yaml not found$"):
        config.load(f"FILE({left}):FILE({tmp_path}/missing.yaml)")


def test_a_malformed_entry_names_the_file_and_line(tmp_path):
    bad = write(tmp_path / "bad.yaml", "zowe:\n  a: [1\n")
    with pytest.raises(ConfigError, match=rf"^{bad}:3: malformed zowe.yaml"):
        config.load(str(bad))


PARMLIB = "PARMLIB(SYS1.ZOWE.PARMLIB(ZWECFG))"


def test_a_parmlib_member_is_read_through_cat_on_zos(tmp_path, fp, monkeypatch):
    monkeypatch.setattr(config, "on_zos", lambda: True)
    fp.register(["cat", "//'SYS1.ZOWE.PARMLIB(ZWECFG)'"], stdout="zowe:\n  runtimeDirectory: /plex/zowe\n  job: {name: ZWE1SV}\n".encode("cp1047"))  # fmt: skip
    left = write(tmp_path / "l.yaml", "zowe:\n  job: {name: MINE}\n")
    found = config.load(f"FILE({left}):{PARMLIB}")
    assert found.value(("zowe", "runtimeDirectory")) == "/plex/zowe"  # EBCDIC, as cat gives it on z/OS
    assert found.value(("zowe", "job", "name")) == "MINE"
    assert found.defining(("zowe", "runtimeDirectory")) == f"{PARMLIB}:2"
    assert fp.call_count(["cat", "//'SYS1.ZOWE.PARMLIB(ZWECFG)'"]) == 1


def test_a_parmlib_member_cat_cannot_read_is_an_error(fp, monkeypatch):
    monkeypatch.setattr(config, "on_zos", lambda: True)
    fp.register(["cat", "//'SYS1.ZOWE.PARMLIB(ZWECFG)'"], returncode=1, stderr=b"cat: FSUM6185 not found\n")
    with pytest.raises(
        ConfigError, match=rf"^{re.escape(PARMLIB)}: cannot read it \(cat exit 1: cat: FSUM6185 not found\)$"
    ):
        config.load(PARMLIB)


def test_a_parmlib_entry_off_zos_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "on_zos", lambda: False)
    with pytest.raises(ConfigError, match=r"PARMLIB\(SYS1.ZOWE.PARMLIB\(ZWECFG\)\): a data set member can be read only on z/OS"):  # fmt: skip
        config.load(f"FILE({write(tmp_path / 'z.yaml', 'zowe: {}')}):{PARMLIB}")


def test_scalars_are_typed_as_zowe_types_them(tmp_path):
    """yaml2json.c: plain null, true/false and runs of digits are typed; the rest is text
    (where YAML 1.1 readers would make `on` a boolean and `010` an octal 8)."""
    path = write(tmp_path / "z.yaml", "zowe:\n  a: on\n  b: 010\n  c: 1.5\n  d: TRUE\n  e: ~\n  f: '7'\n  on: key\n")
    assert config.load(path).value(("zowe",)) == {
        "a": "on", "b": 10, "c": "1.5", "d": True, "e": None, "f": "7", "on": "key"
    }  # fmt: skip


def test_a_key_written_twice_is_an_error_naming_both_lines(tmp_path):
    path = write(tmp_path / "z.yaml", "zowe:\n  workspaceDirectory: /a\n  logDirectory: /l\n  workspaceDirectory: /b\n")
    with pytest.raises(ConfigError, match=rf"^{path}:4: zowe.workspaceDirectory appears twice \(lines 2 and 4\)"):
        config.load(path)


def test_a_merge_key_is_refused_as_zowe_does_not_apply_it(tmp_path):
    path = write(tmp_path / "z.yaml", "base: &b {port: 1}\ncomponents:\n  gateway:\n    <<: *b\n")
    with pytest.raises(ConfigError, match=rf"^{path}:4: a YAML merge key \(<<\): Zowe does not apply it"):
        config.load(path)

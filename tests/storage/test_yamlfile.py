"""YAML files read with PyYAML (YAML 1.1 types, as Zowe's own tools read them) and errors
that name the file and the line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from jopt.errors import ConfigError
from jopt.resources import data_dir
from jopt.storage import yamlfile

ROOT = Path(__file__).resolve().parent.parent.parent


def same(a, b) -> bool:
    """Equal, and of the same types all the way down (True == 1 in Python, not here)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def test_the_loader_is_libyamls_when_pyyaml_has_it():
    assert yamlfile.LOADER is getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@pytest.mark.parametrize(
    "manifest", sorted(data_dir("fixtures").glob("*/*/manifest.yaml")), ids=lambda p: p.parent.name
)
def test_bundled_manifests_give_their_start_script_and_typed_values(manifest: Path):
    data = yamlfile.load(manifest, "manifest")
    assert same(data["name"], manifest.parent.name)
    start = data.get("commands", {}).get("start")
    assert start is None or (isinstance(start, str) and (manifest.parent / start).is_file())
    if "build" in data:  # "1042" is quoted: a string; the timestamp is not
        assert same(data["build"]["number"], "1042") and isinstance(data["build"]["timestamp"], int)
    if "version" in data:
        assert isinstance(data["version"], str)  # 3.1.0 is no number


def test_the_sample_zowe_yaml_gives_typed_values():
    data = yamlfile.load(ROOT / "fixtures" / "zowe.yaml.template", "zowe.yaml")
    assert same(data["zowe"]["runtimeDirectory"], "@RUNTIME@")
    assert same(data["components"]["apiml"]["heap"], {"init": 64, "max": 1024})
    assert same(data["components"]["gateway"]["enabled"], True)
    assert same(data["components"]["gateway"]["debug"], False)
    assert same(data["components"]["zss"]["agent"], {"64bit": True})
    assert same(data["haInstances"]["lpar2"]["components"]["zss"], {"enabled": False})


# A zowe.yaml shaped like Zowe's example-zowe.yaml: comments at every indent, also between
# and below sequence items, blank lines holding spaces, quoted templates, ports, booleans.
ZOWE_YAML = """\
################################################################################
# Zowe instance configuration
################################################################################
zowe:

  #-----------------------------------------------------------------------------
  setup:
    dataset:
      # **COMMONLY_CUSTOMIZED**
      prefix: IBMUSER.ZWEV2
    certificate:
      pkcs12:
        directory: /var/zowe/keystore
        # password: password
    vsam:
      volume: ""
  runtimeDirectory: "/usr/lpp/zowe"
  logDirectory: /global/zowe/logs   # logs
  rbacProfileIdentifier: "1"
  externalDomains:
    # the gateway's name
    - sample-domain.com
  \n  externalPort: 7554
  network:
    server:
      tls:
        attls: false
        minTls: "TLSv1.2"
  sysMessages:
  #   # Zowe starting
    - "ZWEL0021I"
    - 'ZWEL0006I'
  certificate:
    keystore:
      password: ${{ zowe.setup.certificate.pkcs12.password }}
components:
  gateway:
    enabled: true
    port: 7554
    jvm:
      Xoptionsfile: "=/global/zowe/workspace/jopt/java.options.GW"
  discovery:
    replicas: 1
  app-server:
    enabled: false
"""


def test_a_zowe_yaml_like_zowes_example_gives_typed_values():
    data = yamlfile.loads(ZOWE_YAML)
    zowe = data["zowe"]
    assert same(zowe["setup"]["certificate"], {"pkcs12": {"directory": "/var/zowe/keystore"}})
    assert same(zowe["setup"]["vsam"]["volume"], "")
    assert same(zowe["logDirectory"], "/global/zowe/logs")
    assert same(zowe["rbacProfileIdentifier"], "1")
    assert same(zowe["externalDomains"], ["sample-domain.com"])
    assert same(zowe["externalPort"], 7554)
    assert same(zowe["network"]["server"]["tls"], {"attls": False, "minTls": "TLSv1.2"})
    assert same(zowe["sysMessages"], ["ZWEL0021I", "ZWEL0006I"])
    assert same(zowe["certificate"]["keystore"]["password"], "${{ zowe.setup.certificate.pkcs12.password }}")
    assert same(data["components"]["gateway"]["jvm"], {"Xoptionsfile": "=/global/zowe/workspace/jopt/java.options.GW"})
    assert same(data["components"]["discovery"]["replicas"], 1)
    assert same(data["components"]["app-server"]["enabled"], False)


VALUES = {
    "empty": ("", None),
    "comments only": ("# nothing\n  # here\n", None),
    "document start marker": ("---\na: 1\n", {"a": 1}),
    "key without a value": ("a:\nb:   \n", {"a": None, "b": None}),
    "sequence at the key's indent": ("a:\n- x\n- y\nb: 1\n", {"a": ["x", "y"], "b": 1}),
    "mappings in a sequence": (
        "a:\n  - file: x.yaml\n    type: t\n  - path: .\n",
        {"a": [{"file": "x.yaml", "type": "t"}, {"path": "."}]},
    ),
    "version strings are strings": ("version: 3.1.0\nv: 1.2.3.4\n", {"version": "3.1.0", "v": "1.2.3.4"}),
    "digits then letters are strings": ("64bit: true\nid: 0o17\n", {"64bit": True, "id": "0o17"}),
    "YAML 1.1 booleans and nulls": ("a: on\nb: Off\nc: NULL\nd: ~\n", {"a": True, "b": False, "c": None, "d": None}),
    "YAML 1.1 octal": ("mode: 0755\n", {"mode": 493}),
    "a # inside a word": ("a: x#y\nb: 'p #q'\n", {"a": "x#y", "b": "p #q"}),
    "colon without a space": ("a: FILE(/a):PARMLIB(B)\n", {"a": "FILE(/a):PARMLIB(B)"}),
    "duplicate keys: the last wins": ("a: 1\na: 2\n", {"a": 2}),
    "trailing comment after a quote": ('a: "x"   # c\n', {"a": "x"}),
    "no final newline": ("a:\n  b: c", {"a": {"b": "c"}}),
    "CRLF": ("a:\r\n  b: c\r\n", {"a": {"b": "c"}}),
    "flow collections, anchors and aliases": (
        "commands: {start: bin/start.sh}\nanchors: &a [1]\nalias: *a\n",
        {"commands": {"start": "bin/start.sh"}, "anchors": [1], "alias": [1]},
    ),
}


@pytest.mark.parametrize("text, expected", list(VALUES.values()), ids=list(VALUES))
def test_values_and_their_types(text, expected):
    assert same(yamlfile.loads(text), expected)


def test_malformed_yaml_gets_pyyamls_message_with_the_line(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text("commands:\n  start: bin/start.sh\n start2: x\n")
    with pytest.raises(ConfigError) as caught:
        yamlfile.load(path, "manifest")
    assert str(caught.value) == f"{path}:3: malformed manifest: did not find expected key"


def test_two_documents_are_refused_with_the_line():
    with pytest.raises(ConfigError) as caught:
        yamlfile.loads("a: 1\n---\nb: 2\n", "/z/m.yaml", "manifest")
    assert (
        str(caught.value)
        == "/z/m.yaml:2: malformed manifest: expected a single document in the stream, but found another document"
    )


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: None, "manifest not found"),
        (lambda p: p.mkdir(), "manifest is a directory, expected a file"),
        (lambda p: p.write_bytes(b"a: \xff\n"), "cannot read manifest: 'utf-8' codec can't decode byte 0xff"),
    ],
    ids=["missing", "directory", "not-utf8"],
)
def test_unreadable_files_are_named(tmp_path, make, message):
    path = tmp_path / "manifest.yaml"
    make(path)
    with pytest.raises(ConfigError) as caught:
        yamlfile.load(path, "manifest")
    assert str(caught.value).startswith(f"{path}: {message}")


def test_compose_gives_nodes_with_their_lines_and_columns():
    root = yamlfile.compose("a:\n  b: 'x'\n")
    assert isinstance(root, yaml.MappingNode)
    ((_, inner),) = root.value
    ((key, value),) = inner.value
    assert (key.value, key.start_mark.line, key.start_mark.column) == ("b", 1, 2)
    assert (value.start_mark.column, value.end_mark.column, value.style) == (5, 8, "'")
    assert yamlfile.compose("# nothing\n") is None


def test_compose_errors_name_the_file_and_line():
    with pytest.raises(ConfigError) as caught:
        yamlfile.compose('a: "open\n', "/z/zowe.yaml", "zowe.yaml")
    assert str(caught.value) == "/z/zowe.yaml:2: malformed zowe.yaml: found unexpected end of stream"


LOOKUP_TEXTS = [
    "commands:\n  start: bin/start.sh\n  configure: bin/configure.sh\nconfigs:\n  port: 7554\n",
    "base: &b {start: bin/a.sh, stop: 3}\ncommands: *b\n",  # an alias is the node it names
    "commands: {start: bin/a.sh}\ncommands: {start: bin/b.sh}\n",  # the last of repeated keys
    "commands:\n  start: 0x1F\n  flags: [yes, no, ~, 2024-01-02]\n",  # YAML 1.1 types, as load gives
    '{"commands": {"start": "bin/start.sh"}, "id": "x"}\n',  # manifest.json
    "commands:\n",
    "id: x\n",
    "",
]


@pytest.mark.parametrize("text", LOOKUP_TEXTS)
def test_lookup_gives_what_load_gives_at_that_key(text: str):
    data = yamlfile.loads(text)
    expected = data.get("commands") if isinstance(data, dict) else None
    assert same(yamlfile.lookup(text, ("commands",)), expected)
    if isinstance(expected, dict):
        assert same(yamlfile.lookup(text, ("commands", "start")), expected.get("start"))


@pytest.mark.parametrize(
    "manifest", sorted(data_dir("fixtures").glob("*/*/manifest.yaml")), ids=lambda p: p.parent.name
)
def test_lookup_of_each_bundled_manifest_gives_what_load_gives(manifest: Path):
    text = manifest.read_text()
    for keys in (("commands",), ("commands", "start"), ("configs",), ("build", "number"), ("nosuch", "key")):
        value = yamlfile.loads(text)
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        assert same(yamlfile.lookup(text, keys), value)


def test_lookup_through_a_value_that_is_not_a_mapping_names_the_path():
    with pytest.raises(yamlfile.NotAMapping) as error:
        yamlfile.lookup("commands: [a, b]\n", ("commands", "start"), "m.yaml")
    assert error.value.keys == ("commands",)
    assert str(error.value) == "m.yaml: commands is not a mapping"
    with pytest.raises(yamlfile.NotAMapping) as error:
        yamlfile.lookup("- a\n- b\n", ("commands",), "m.yaml")
    assert error.value.keys == ()


def test_lookup_of_malformed_yaml_names_the_file_and_line():
    with pytest.raises(ConfigError) as error:
        yamlfile.lookup("id: x\nconfigs:\n  port: [1, 2\n", ("commands",), "m.yaml", "manifest")
    assert str(error.value).startswith("m.yaml:4: malformed manifest: ")

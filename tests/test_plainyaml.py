"""The plain-YAML reader gives exactly what PyYAML gives, or steps aside (UNSUPPORTED)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jopt import plainyaml
from jopt.plainyaml import UNSUPPORTED
from jopt.resources import data_dir
from jopt.storage import yamlfile

ROOT = Path(__file__).resolve().parent.parent
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def pyyaml(text: str):
    return yaml.load(text, Loader=LOADER)


def same(a, b) -> bool:
    """Equal, and of the same types all the way down (True == 1 in Python, not here)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


BUNDLED = sorted(
    str(p.relative_to(ROOT))
    for p in [*data_dir("fixtures").glob("*/*/manifest.yaml"), ROOT / "fixtures" / "zowe.yaml.template"]
)


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_manifests_and_zowe_yaml_are_read_without_pyyaml(name):
    text = (ROOT / name).read_text()
    value = plainyaml.load(text)
    assert value is not UNSUPPORTED
    assert same(value, pyyaml(text))


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
      parmlibMembers:
        zis: ZWESIP00
    certificate:
      type: PKCS12
      pkcs12:
        directory: /var/zowe/keystore
        # password: password
    vsam:
      mode: NONRLS
      volume: ""
  runtimeDirectory: "/usr/lpp/zowe"
  logDirectory: /global/zowe/logs   # logs
  workspaceDirectory: /global/zowe/workspace
  extensionDirectory: /global/zowe/extensions
  useConfigmgr: true
  configmgr:
    validation: "COMPONENT-COMPAT"
  job:
    name: ZWE1SV
    prefix: ZWE1
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
  #   # Zowe started
    - "ZWEL0018I"
    - 'ZWEL0006I'
  launchScript:
    logLevel: info
  certificate:
    keystore:
      type: PKCS12
      file: ${{ zowe.setup.certificate.pkcs12.directory }}/localhost/localhost.keystore.p12
      password: ${{ zowe.setup.certificate.pkcs12.password }}
java:
  home: /usr/lpp/java/J17.0_64
node:
  home: ""
zOSMF:
  host: dvipa.my-company.com
  port: 443
  applId: IZUDFLT
components:
  gateway:
    enabled: true
    port: 7554
    debug: false
    apiml:
      security:
        x509:
          enabled: false
    jvm:
      Xoptionsfile: "=/global/zowe/workspace/jopt/java.options.GW"
  discovery:
    enabled: true
    port: 7553
    replicas: 1
  app-server:
    enabled: false
haInstances:
  lpar1:
    hostname: LPAR1.example.com
    sysname: LPAR1
    components:
      gateway:
        enabled: true
"""


def test_a_zowe_yaml_like_zowes_example_is_read_without_pyyaml():
    value = plainyaml.load(ZOWE_YAML)
    assert value is not UNSUPPORTED
    assert same(value, pyyaml(ZOWE_YAML))
    assert value["components"]["gateway"]["jvm"]["Xoptionsfile"] == "=/global/zowe/workspace/jopt/java.options.GW"


SUPPORTED = {
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
    "booleans and nulls": ("a: on\nb: Off\nc: NULL\nd: ~\n", {"a": True, "b": False, "c": None, "d": None}),
    "a # inside a word": ("a: x#y\nb: 'p #q'\n", {"a": "x#y", "b": "p #q"}),
    "colon without a space": ("a: FILE(/a):PARMLIB(B)\n", {"a": "FILE(/a):PARMLIB(B)"}),
    "duplicate keys: the last wins": ("a: 1\na: 2\n", {"a": 2}),
    "trailing comment after a quote": ('a: "x"   # c\n', {"a": "x"}),
    "no final newline": ("a:\n  b: c", {"a": {"b": "c"}}),
}


@pytest.mark.parametrize("text, expected", list(SUPPORTED.values()), ids=list(SUPPORTED))
def test_plain_yaml_is_read_as_pyyaml_reads_it(text, expected):
    value = plainyaml.load(text)
    assert same(value, expected)
    assert same(value, pyyaml(text))


UNSUPPORTED_TEXTS = {
    "flow mapping": "a: {}\n",
    "flow sequence": "a: [1, 2]\n",
    "anchor and alias": "a: &x 1\nb: *x\n",
    "tag": "a: !!str 1\n",
    "block scalar": "a: |\n  text\n",
    "multi-line plain scalar": "a: one\n  two\n",
    "escape in double quotes": 'a: "x\\ty"\n',
    "doubled single quote": "a: 'it''s'\n",
    "multi-line quoted": 'a: "one\n  two"\n',
    "tab": "a:\tb\n",
    "CRLF": "a: b\r\n",
    "non-ASCII": "a: caf\u00e9\n",
    "octal": "a: 0755\n",
    "float": "a: 1.5\n",
    "leading-dot float": "a: .5\n",
    "infinity": "a: .inf\n",
    "underscored int": "a: 1_000\n",
    "hex": "a: 0x1F\n",
    "sexagesimal": "a: 1:30\n",
    "timestamp": "a: 2024-01-31\n",
    "merge key": "<<: x\n",
    "value key": "a: =\n",
    "signed number": "a: -1\n",
    "bool key": "on: 1\n",
    "null key": "null: 1\n",
    "int key": "1: x\n",
    "quoted key": '"a": 1\n',
    "mapping value in a plain scalar": "a: b: c\n",
    "root sequence": "- a\n",
    "root scalar": "just text\n",
    "indented root": "  a: 1\n",
    "nested sequence": "a:\n- - x\n",
    "empty item": "a:\n-\n- x\n",
    "second document": "a: 1\n---\nb: 2\n",
    "directive": "%YAML 1.1\n---\na: 1\n",
    "a key longer than PyYAML allows": "k" * 1100 + ": 1\n",
    "bad indentation": "a:\n  b: 1\n c: 2\n",
    "value then a deeper line": "a: 1\n  b: 2\n",
    "control character": "a: b\x07\n",
}


@pytest.mark.parametrize("text", list(UNSUPPORTED_TEXTS.values()), ids=list(UNSUPPORTED_TEXTS))
def test_anything_else_is_left_to_pyyaml(text):
    assert plainyaml.load(text) is UNSUPPORTED


# --- generated documents --------------------------------------------------------------------

KEYS = ["a", "b", "port", "x-y", "a.b", "_k", "64bit", "on", "Yes", "null", "1", "01", "2020-01-01", "0x1", "k k"]
VALUES = [
    "x",
    "/u/zowe",
    "7554",
    "0",
    "00",
    "012",
    "1_0",
    "1.5",
    "1.2.3",
    "1e5",
    "1.e+5",
    ".",
    ".5",
    ".inf",
    ".NaN",
    "-1",
    "+1",
    "-Xmx1g",
    "~",
    "null",
    "NULL",
    "Null",
    "nULL",
    "yes",
    "Y",
    "on",
    "OFF",
    "true",
    "tRUE",
    '""',
    "''",
    '"a b"',
    "'a b'",
    '"a #b"',
    "'it''s'",
    '"x\\ty"',
    '"unclosed',
    "'x' y",
    '"x"y',
    "a #c",
    "a#c",
    "a: b",
    "a:",
    "a:b",
    "{}",
    "[]",
    "[a, b]",
    "&x y",
    "*x",
    "!t y",
    "|",
    ">",
    "%x",
    "@x",
    "`x",
    "2024-01-31",
    "2024-1-1 10:00:00",
    "1:30",
    "190:20:30.15",
    "0b101",
    "0x1F",
    "0o17",
    "<<",
    "=",
    "a  b",
    "x ",
    "${{ zowe.job.prefix }}SV",
    "FILE(/a):PARMLIB(B)",
    "64bit",
]
COMMENTS = ["", "", " # c", "  #c", " #"]


@st.composite
def documents(draw):
    lines = []
    for _ in range(draw(st.integers(1, 12))):
        indent = " " * draw(st.sampled_from([0, 0, 2, 2, 4, 1, 3, 6]))
        form = draw(st.sampled_from(["entry", "entry", "key", "key", "item", "item-entry", "comment", "blank", "junk"]))
        key, value, comment = (
            draw(st.sampled_from(KEYS)),
            draw(st.sampled_from(VALUES)),
            draw(st.sampled_from(COMMENTS)),
        )
        lines.append(
            {
                "entry": f"{indent}{key}: {value}{comment}",
                "key": f"{indent}{key}:{comment}",
                "item": f"{indent}- {value}{comment}",
                "item-entry": f"{indent}- {key}: {value}{comment}",
                "comment": f"{indent}# note",
                "blank": indent,
                "junk": f"{indent}{draw(st.sampled_from(['---', '...', '-', '- ', '?', 'x', ':']))}",
            }[form]
        )
    return "\n".join(lines) + draw(st.sampled_from(["\n", ""]))


def _serialize(draw, node, indent: int, lines: list[str]) -> None:
    step = draw(st.sampled_from([1, 2, 2, 4]))
    for key, value in node:
        pad = " " * indent
        comment = draw(st.sampled_from(COMMENTS))
        if draw(st.integers(0, 5)) == 0:
            lines.append(" " * draw(st.integers(0, 6)) + draw(st.sampled_from(["# note", ""])))
        if isinstance(value, str):
            lines.append(f"{pad}{key}: {value}{comment}")
        elif isinstance(value, tuple):  # a sequence
            lines.append(f"{pad}{key}:{comment}")
            at = indent + draw(st.sampled_from([0, step]))
            for item in value:
                if isinstance(item, str):
                    lines.append(f"{' ' * at}- {item}{draw(st.sampled_from(COMMENTS))}")
                else:
                    gap = draw(st.sampled_from([1, 1, 3]))
                    (first_key, first_value), *others = item
                    lines.append(f"{' ' * at}-{' ' * gap}{first_key}: {first_value}")
                    _serialize(draw, others, at + 1 + gap, lines)
        elif value:
            lines.append(f"{pad}{key}:{comment}")
            _serialize(draw, value, indent + step, lines)
        else:
            lines.append(f"{pad}{key}:{comment}")


NICE_VALUES = ["x", "/u/zowe/bin", "7554", "0", "3.1.0", "true", "off", "~", '""', "'a b'", '"q #r"', "a#b", "x:y", "."]
NICE_KEYS = ["a", "b", "port", "x-y", "a.b", "_k", "64bit", "enabled"]
scalars = st.sampled_from(NICE_VALUES * 8 + VALUES)  # mostly readable, so the subset is reached
keys = st.sampled_from(NICE_KEYS * 8 + KEYS)
flat = st.lists(st.tuples(keys, scalars), min_size=1, max_size=3)
trees = st.recursive(
    st.lists(st.tuples(keys, scalars), max_size=4),
    lambda inner: st.lists(
        st.tuples(
            keys, st.one_of(scalars, inner, st.lists(st.one_of(scalars, flat), min_size=1, max_size=3).map(tuple))
        ),
        min_size=1,
        max_size=4,
    ),
    max_leaves=12,
)


@st.composite
def nested_documents(draw):
    lines: list[str] = []
    _serialize(draw, draw(trees), 0, lines)
    return "\n".join(lines) + "\n"


def _agrees(text: str) -> None:
    fast = plainyaml.load(text)
    try:
        slow = pyyaml(text)
    except yaml.YAMLError:
        assert fast is UNSUPPORTED, f"plainyaml read {text!r} that PyYAML refuses"
        return
    if fast is not UNSUPPORTED:
        assert same(fast, slow), f"{text!r}: plainyaml {fast!r}, PyYAML {slow!r}"


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_lines_agree_with_pyyaml_or_step_aside(text):
    _agrees(text)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(nested_documents())
def test_generated_nested_documents_agree_with_pyyaml_or_step_aside(text):
    _agrees(text)


def test_the_generator_reaches_the_supported_subset():
    """The properties above say nothing if every generated document is UNSUPPORTED."""
    found = []

    @settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(nested_documents())
    def collect(text):
        value = plainyaml.load(text)
        found.append(isinstance(value, dict) and any(isinstance(v, (dict, list)) for v in value.values()))

    collect()
    assert sum(found) >= 30, f"only {sum(found)} of {len(found)} nested documents were read"


# --- yamlfile uses it, and PyYAML for the rest ------------------------------------------------


def test_yamlfile_falls_back_to_pyyaml_for_the_rest(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text("commands: {start: bin/start.sh}\nanchors: &a [1]\nalias: *a\n")
    assert yamlfile.load(path) == {"commands": {"start": "bin/start.sh"}, "anchors": [1], "alias": [1]}


def test_malformed_yaml_still_gets_pyyamls_message_with_the_line(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text("commands:\n  start: bin/start.sh\n start2: x\n")
    with pytest.raises(Exception) as caught:
        yamlfile.load(path, "manifest")
    assert f"{path}:3: malformed manifest" in str(caught.value)

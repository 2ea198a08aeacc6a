"""zowe.yaml edited as text: only the intended lines change, and the edit can be undone exactly."""

from __future__ import annotations

import difflib
import stat

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jopt.diffs import unified
from jopt.errors import ConfigError
from jopt.storage import backups
from jopt.zowe import yamledit as zoweconfig
from jopt.zowe import yamlread as zoweread
from jopt.zowe.yamledit import Edit

FILE = "=/u/jopt/java.options.AM"
SET = Edit("apiml", {"Xoptionsfile": FILE}, {})
SET_TRACE = Edit("apiml", {"Xoptionsfile": FILE, "XshowSettings": ""}, {})
DROP = Edit("apiml", {}, {"Xoptionsfile": FILE})
DROP_TRACE = Edit("apiml", {}, {"Xoptionsfile": FILE, "XshowSettings": ""})


def jvm(text: str, component: str = "apiml"):
    return yaml.safe_load(text)["components"][component].get("jvm")


# --- exact results ---------------------------------------------------------------------------

CASES = {
    "new jvm block at the end of the component, before the next sibling": (
        "components:\n  apiml:\n    port: 7554\n    heap:\n      max: 1024\n  gateway:\n    port: 1\n",
        "components:\n  apiml:\n    port: 7554\n    heap:\n      max: 1024\n"
        '    jvm:\n      Xoptionsfile: "=/u/jopt/java.options.AM"\n  gateway:\n    port: 1\n',
    ),
    "key added after the existing jvm keys, comment kept": (
        "components:\n  apiml:\n    jvm:  # our JVM\n      Xmx: 1g   # heap\n",
        'components:\n  apiml:\n    jvm:  # our JVM\n      Xmx: 1g   # heap\n      Xoptionsfile: "=/u/jopt/java.options.AM"\n',
    ),
    "component created at the end of components, before a trailing comment and blank line": (
        "components:\n  gateway:\n    port: 1\n\n# the end\n",
        'components:\n  gateway:\n    port: 1\n  apiml:\n    jvm:\n      Xoptionsfile: "=/u/jopt/java.options.AM"\n\n# the end\n',
    ),
    "no components section, no final newline": (
        "zowe:\n  runtimeDirectory: /z",
        'zowe:\n  runtimeDirectory: /z\ncomponents:\n  apiml:\n    jvm:\n      Xoptionsfile: "=/u/jopt/java.options.AM"',
    ),
    "four-space indentation is followed": (
        "components:\n    apiml:\n        port: 1\n",
        'components:\n    apiml:\n        port: 1\n        jvm:\n            Xoptionsfile: "=/u/jopt/java.options.AM"\n',
    ),
    "commented-out keys under the last child stay with it": (
        "components:\n  apiml:\n    heap:\n      init: 64\n      # max: 1024\n  # gateway is next\n  gateway: {}\n",
        "components:\n  apiml:\n    heap:\n      init: 64\n      # max: 1024\n"
        '    jvm:\n      Xoptionsfile: "=/u/jopt/java.options.AM"\n  # gateway is next\n  gateway: {}\n',
    ),
    "jvm with only commented-out settings": (
        "components:\n  apiml:\n    jvm:\n      # Xmx: 1g\n",
        'components:\n  apiml:\n    jvm:\n      Xoptionsfile: "=/u/jopt/java.options.AM"\n      # Xmx: 1g\n',
    ),
    "CRLF line ends are kept": (
        "components:\r\n  apiml:\r\n    port: 1\r\n",
        'components:\r\n  apiml:\r\n    port: 1\r\n    jvm:\r\n      Xoptionsfile: "=/u/jopt/java.options.AM"\r\n',
    ),
    "quoted keys, a block scalar and a compact sequence are stepped over": (
        'components:\n  "apiml":\n    banner: |\n      # not a comment\n    hosts:\n    - a\n    - b\n',
        'components:\n  "apiml":\n    banner: |\n      # not a comment\n    hosts:\n    - a\n    - b\n'
        '    jvm:\n      Xoptionsfile: "=/u/jopt/java.options.AM"\n',
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_set_gives_exact_text_and_remove_gives_the_input_back(name):
    before, after = CASES[name]
    assert zoweconfig.apply(before, SET) == after
    assert zoweconfig.apply(after, SET) == after  # idempotent
    assert zoweconfig.apply(after, DROP) == before  # exact undo
    assert jvm(after)["Xoptionsfile"] == FILE


def test_trace_key_follows_the_options_file_and_can_be_dropped_alone():
    before = "components:\n  apiml:\n    port: 1\n"
    traced = zoweconfig.apply(before, SET_TRACE)
    assert traced == before + '    jvm:\n      Xoptionsfile: "=/u/jopt/java.options.AM"\n      XshowSettings: ""\n'
    trace_off = Edit("apiml", {"Xoptionsfile": FILE}, {"XshowSettings": ""})
    assert zoweconfig.apply(traced, trace_off) == zoweconfig.apply(before, SET)
    assert zoweconfig.apply(traced, DROP_TRACE) == before


def test_applied_says_what_it_added_and_removed():
    traced = zoweconfig.apply("components:\n  apiml:\n    port: 1\n", SET_TRACE)
    done = zoweconfig.applied(traced, Edit("apiml", {"Xoptionsfile": FILE}, {"XshowSettings": ""}))
    assert (done.added, done.removed) == ((), ("XshowSettings",))


def test_the_sample_zowe_yaml_changes_by_two_lines_only(sample):
    text = sample.zowe_yaml.read_text()
    new = zoweconfig.apply(text, SET)
    assert unified(text, new, "a", "b").splitlines()[2:] == [
        "@@ -112,6 +112,8 @@",
        "     heap:",
        "       init: 64",
        "       max: 1024",
        "+    jvm:",
        '+      Xoptionsfile: "=/u/jopt/java.options.AM"',
        "   app-server:",
        "     enabled: true",
        "     port: 7556",
    ]
    assert zoweconfig.apply(new, DROP) == text


def test_removing_an_absent_key_changes_nothing():
    text = "components:\n  apiml:\n    port: 1\n"
    assert zoweconfig.apply(text, DROP) == text
    assert zoweconfig.apply("zowe: {}\n", DROP) == "zowe: {}\n"


def test_mappings_left_empty_go_with_the_key():
    text = 'zowe:\n  a: 1\ncomponents:\n  apiml:\n    jvm:\n      Xoptionsfile: "=/u/jopt/java.options.AM"\n# end\n'
    assert zoweconfig.apply(text, DROP) == "zowe:\n  a: 1\n# end\n"


# --- refusals: one error naming the file and the line ---------------------------------------


@pytest.mark.parametrize(
    ("text", "edit", "line", "message"),
    [
        (
            'components:\n  apiml:\n    jvm:\n      Xoptionsfile: "=/other/file"\n',
            SET,
            4,
            'components.apiml.jvm.Xoptionsfile already holds "=/other/file", not "=/u/jopt/java.options.AM"; '
            "jopt will not overwrite it: remove that line, or point it at jopt's options file yourself",
        ),
        (
            'components:\n  apiml:\n    jvm:\n      Xoptionsfile: "=/other/file"\n',
            DROP,
            4,
            'components.apiml.jvm.Xoptionsfile holds "=/other/file", not jopt\'s "=/u/jopt/java.options.AM"; '
            "jopt will not remove it",
        ),
        (
            "components:\n  apiml:\n    jvm: {Xmx: 1g}\n",
            SET,
            3,
            "components.apiml.jvm is not written as an indented block; add the settings by hand",
        ),
        (
            "components:\n  apiml:\n    jvm:\n  gateway: {}\n",
            SET,
            3,
            "components.apiml.jvm has no value (null); add the settings by hand",
        ),
        (
            "components:\n  - apiml\n",
            SET,
            2,
            "components is not a block mapping jopt can edit; add the settings by hand",
        ),
        (
            "components:\n  apiml:\n    port: 1\n  apiml:\n    port: 2\n",
            SET,
            4,
            "components.apiml appears twice",
        ),
        ("components:\n  apiml:\n    port: 1\n   bad: 2\n", SET, 4, "malformed zowe.yaml: did not find expected key"),
        ('zowe:\n  a: "open\n', SET, 3, "malformed zowe.yaml: found unexpected end of stream"),
    ],
    ids=[
        "different-value",
        "remove-different-value",
        "flow-style",
        "null",
        "sequence",
        "duplicate",
        "bad-indent",
        "open-quote",
    ],
)
def test_refusals_name_file_and_line(text, edit, line, message):
    with pytest.raises(ConfigError) as caught:
        zoweconfig.apply(text, edit, "/z/zowe.yaml")
    assert str(caught.value) == f"/z/zowe.yaml:{line}: {message}"


def test_not_a_mapping_is_refused():
    with pytest.raises(ConfigError, match=r"^/z/zowe.yaml: zowe.yaml is not a mapping$"):
        zoweconfig.apply("- a\n", SET, "/z/zowe.yaml")


def test_layout_the_line_editor_misreads_is_caught_by_the_yaml_check():
    # `|+` keeps trailing blank lines: the new block would go between the text and its blank
    # line and change the value; the check against pyyaml notices and nothing is returned.
    text = "components:\n  apiml:\n    banner: |+\n      hi\n\n  gateway: {}\n"
    with pytest.raises(ConfigError) as caught:
        zoweconfig.apply(text, SET, "/z/zowe.yaml")
    assert str(caught.value) == (
        "/z/zowe.yaml: its layout is one jopt cannot edit safely at components.apiml.jvm; add the settings by hand"
    )


def test_fragment_for_hand_editing():
    assert zoweconfig.fragment([SET_TRACE, Edit("zaas", {"Xoptionsfile": "=/u/ZA"}, {})]) == (
        "components:\n"
        "  apiml:\n"
        "    jvm:\n"
        '      Xoptionsfile: "=/u/jopt/java.options.AM"\n'
        '      XshowSettings: ""\n'
        "  zaas:\n"
        "    jvm:\n"
        '      Xoptionsfile: "=/u/ZA"\n'
    )


def test_configured_reads_the_value():
    text = 'components:\n  apiml:\n    jvm:\n      Xoptionsfile: "=/f"\n'
    assert zoweread.configured(text, "apiml", "Xoptionsfile") == "=/f"
    assert zoweread.configured(text, "zaas", "Xoptionsfile") is None


# --- I/O: backup, atomic write, mode kept -----------------------------------------------------


def test_write_backs_up_and_keeps_mode(tmp_path):
    path = tmp_path / "zowe.yaml"
    path.write_text("components:\n  apiml:\n    port: 1\n")
    path.chmod(0o640)
    config = zoweconfig.load(path)
    overrides = tmp_path / "jopt"

    backup = zoweconfig.write(overrides, config, zoweconfig.apply(config.text, SET))

    assert backup is not None and backup.parent == overrides / "backups" / "zowe.yaml"
    assert backup.read_bytes() == config.data
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert jvm(path.read_text())["Xoptionsfile"] == FILE
    assert zoweconfig.write(overrides, zoweconfig.load(path), path.read_text()) is None
    assert len(backups.listing(overrides, "zowe.yaml")) == 1


def test_load_refuses_non_utf8(tmp_path):
    path = tmp_path / "zowe.yaml"
    path.write_bytes(b"zowe:\n  a: \xff\n")
    with pytest.raises(ConfigError) as caught:
        zoweconfig.load(path)
    assert str(caught.value) == f"{path}: zowe.yaml is not UTF-8 (byte 11)"


@pytest.mark.parametrize(
    "component",
    [
        "gateway",
        "discovery",
        "api-catalog",
        "caching-service",
        "zaas",
        "apiml",
        "zss",
        "no-start",
        "sample-ext",
        "new-one",
    ],
)
def test_every_component_of_the_sample_round_trips(sample, component):
    text = sample.zowe_yaml.read_text()
    edit = Edit(component, {"Xoptionsfile": "=/o/f", "XshowSettings": ""}, {})
    new = zoweconfig.apply(text, edit)
    added = [line for line in unified(text, new, "a", "b").splitlines()[3:] if line.startswith(("+", "-"))]
    assert all(line.startswith("+") for line in added) and len(added) in (3, 4)
    assert yaml.safe_load(new)["components"][component]["jvm"] == {"Xoptionsfile": "=/o/f", "XshowSettings": ""}
    assert zoweconfig.apply(new, edit) == new
    assert zoweconfig.apply(new, Edit(component, {}, edit.values)) == text


# --- generated zowe.yaml files ------------------------------------------------------------------

KEYS = ["components", "apiml", "jvm", "zowe", "gateway", "port", "heap", '"apiml"', "'jvm'", "x-y", "enabled"]
SCALARS = [
    "1",
    "x",
    '"=/u/f"',
    "''",
    "true",
    "~",
    "{}",
    "[a, b]",
    "{Xmx: 1g}",
    "x # c",
    "|\n  text\n  # text",
    ">-\n  folded",
]
COMMENTS = ["", "", "  # c"]


@st.composite
def block_yaml(draw, depth: int = 0):
    """Lines of a block mapping at indent 0 (shifted by the caller), with comments and blank lines."""
    lines: list[str] = []
    step = draw(st.sampled_from([2, 2, 4]))
    for key in draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=4, unique=True)):
        if draw(st.integers(0, 5)) == 0:
            lines.append(draw(st.sampled_from(["", "# note", "      # deeper note"])))
        form = draw(
            st.sampled_from(["scalar", "mapping", "mapping", "sequence", "placeholder"] if depth < 3 else ["scalar"])
        )
        comment = draw(st.sampled_from(COMMENTS))
        if form == "scalar":
            value, *more = draw(st.sampled_from(SCALARS)).split("\n")
            lines += [f"{key}: {value}{comment if not more else ''}", *(" " * step + m.strip() for m in more)]
        elif form == "mapping":
            lines.append(f"{key}:{comment}")
            lines += [" " * step + line if line else line for line in draw(block_yaml(depth + 1))]
        elif form == "sequence":
            lines += [f"{key}:", *(f"{' ' * draw(st.sampled_from([0, step]))}- {v}" for v in ("a", "b: 1"))]
        else:
            lines += [f"{key}:", " " * step + "# Xmx: 1g"]
    return lines


@st.composite
def zowe_yaml(draw):
    text = "\n".join(draw(block_yaml())) + draw(st.sampled_from(["\n", "\n\n# end\n", ""]))
    return text.replace("\n", "\r\n") if draw(st.integers(0, 4)) == 0 else text


def _readable(text: str) -> bool:
    try:
        yaml.safe_load(text)
    except yaml.YAMLError:
        return False  # the generator's mistake: such a file is refused as malformed (tested above)
    return True


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(zowe_yaml())
def test_generated_files_are_edited_exactly_or_refused(text):
    if not _readable(text):
        return
    try:
        new = zoweconfig.apply(text, SET_TRACE)
    except ConfigError:
        return
    assert {k: jvm(new)[k] for k in SET_TRACE.values} == {"Xoptionsfile": FILE, "XshowSettings": ""}
    assert zoweconfig.apply(new, SET_TRACE) == new
    assert zoweconfig.apply(new, DROP_TRACE) == text
    steps = difflib.SequenceMatcher(None, text.splitlines(), new.splitlines(), autojunk=False).get_opcodes()
    assert {step[0] for step in steps} <= {"equal", "insert"}  # lines are only added


def test_the_generator_reaches_files_jopt_edits():
    """The property above says little if every generated file is refused."""
    edited = []

    @settings(max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(zowe_yaml())
    def collect(text):
        if _readable(text):
            try:
                edited.append(zoweconfig.apply(text, SET_TRACE) != text)
            except ConfigError:
                edited.append(False)

    collect()
    assert sum(edited) >= len(edited) // 4, f"only {sum(edited)} of {len(edited)} generated files were edited"

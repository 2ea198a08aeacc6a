import shutil
import subprocess

import pytest
from conftest import FIXTURES, JAVA_COMPONENTS, NON_JAVA

from jopt.errors import ScriptError
from jopt.script import hook
from jopt.script.hook import HookParams, HookState, inject, inspect, remove
from jopt.script.scripttext import split

PARAMS = HookParams("gateway", "GW", "/global/zowe/workspace/jopt")

MINIMAL = """#!/bin/sh
# licence
JAR_FILE=x.jar
_BPX_JOBNAME=${ZWE_zowe_job_prefix}${GATEWAY_CODE} ${JAVA_BIN_DIR}java \\
    -Dfoo=bar \\
    -jar ${JAR_FILE} &
pid=$!
wait %1
"""


def fixture_text(component: str) -> str:
    base = FIXTURES / ("extensions" if component == "sample-ext" else "components") / component
    return (base / "bin" / "start.sh").read_text()


def variants():
    for component in JAVA_COMPONENTS:
        text = fixture_text(component)
        yield pytest.param(text, id=f"{component}")
        yield pytest.param(text.replace("\n", "\r\n"), id=f"{component}-crlf")
        yield pytest.param(text.rstrip("\n"), id=f"{component}-no-final-newline")


@pytest.mark.parametrize("text", list(variants()))
def test_uninstall_after_install_is_identity(text):
    script = split(text)
    assert remove(inject(script, PARAMS)).join() == text


@pytest.mark.parametrize("text", list(variants()))
def test_install_is_idempotent(text):
    once = inject(split(text), PARAMS)
    assert inject(once, PARAMS) == once
    assert inspect(once.lines, PARAMS).state is HookState.CURRENT


@pytest.mark.parametrize("text", list(variants()))
def test_install_changes_no_line_outside_the_hook(text):
    before = split(text)
    after = inject(before, PARAMS)
    found = inspect(after.lines, PARAMS)
    begin, end = found.head
    kept = [l for i, l in enumerate(after.lines) if not begin <= i <= end and i != found.launch_line]
    assert tuple(kept) == before.lines
    assert after.newline == before.newline and after.final_newline == before.final_newline


@pytest.mark.parametrize("component", JAVA_COMPONENTS)
@pytest.mark.parametrize("shell", ["sh", "dash"])
def test_hooked_fixtures_pass_shell_syntax_check(component, shell):
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} not installed")
    text = inject(split(fixture_text(component)), PARAMS).join()
    done = subprocess.run([shell, "-n"], input=text.encode(), capture_output=True)
    assert done.returncode == 0, done.stderr


def test_hook_line_goes_just_before_jar_with_its_indentation():
    lines = inject(split(MINIMAL), PARAMS).lines
    jar = next(i for i, l in enumerate(lines) if l.lstrip().startswith("-jar"))
    assert lines[jar - 1] == "    ${JOPT_OPTIONS} \\"
    assert lines[jar - 2] == "    -Dfoo=bar \\"


def test_head_block_goes_after_shebang_and_leading_comments():
    lines = inject(split(MINIMAL), PARAMS).lines
    assert lines[:2] == ("#!/bin/sh", "# licence")
    assert lines[2] == "# >>> jopt hook v2 component=gateway tag=GW dir=/global/zowe/workspace/jopt >>>"
    end = lines.index("# <<< jopt hook v2 <<<")
    assert lines[end + 1] == "JAR_FILE=x.jar"


def test_head_block_is_ascii_and_never_uses_dollar_zero():
    block = "\n".join(hook.head_lines(PARAMS))
    block.encode("ascii")
    assert "$0" not in block and "${0" not in block
    assert "set -x" not in block and "\nexport" not in block


@pytest.mark.parametrize("component", NON_JAVA)
def test_non_java_scripts_are_refused(component):
    with pytest.raises(ScriptError, match="no Java launch"):
        inject(split(fixture_text(component)), PARAMS)


def test_two_launches_refused():
    text = MINIMAL + "java \\\n  -jar other.jar &\n"
    with pytest.raises(ScriptError, match=r"2 Java launches \(-jar lines 6, 10\); jopt hooks exactly one"):
        inject(split(text), PARAMS)


def test_jar_on_the_java_line_takes_the_hook_word_in_that_line():
    hooked = inject(split("#!/bin/sh\njava -jar x.jar &\n"), PARAMS)
    assert hooked.lines[-1] == "java ${JOPT_OPTIONS} -jar x.jar &"
    assert remove(hooked).join() == "#!/bin/sh\njava -jar x.jar &\n"


def hooked_lines():
    return list(inject(split(MINIMAL), PARAMS).lines)


def damage(edit):
    lines = hooked_lines()
    edit(lines)
    return inspect(tuple(lines), PARAMS)


def test_edited_hook_line_is_damaged():
    found = damage(lambda ls: ls.__setitem__(5, ls[5] + " # mine"))
    assert found.state is HookState.DAMAGED
    assert found.detail == "line 6: hook line edited by hand"


def test_added_line_inside_block_is_damaged():
    found = damage(lambda ls: ls.insert(5, "echo hello"))
    assert found.state is HookState.DAMAGED
    assert "edited by hand" in found.detail


def test_orphan_begin_marker_is_damaged():
    found = damage(lambda ls: ls.remove("# <<< jopt hook v2 <<<"))
    assert (found.state, found.detail) == (HookState.DAMAGED, "1 begin and 0 end markers (lines 3)")


def test_duplicated_block_is_damaged():
    def twice(ls):
        begin = 2
        end = ls.index("# <<< jopt hook v2 <<<")
        ls[end + 1 : end + 1] = ls[begin : end + 1]

    found = damage(twice)
    assert found.state is HookState.DAMAGED
    assert found.detail.startswith("2 begin and 2 end markers")


def test_out_of_order_markers_are_damaged():
    def swap(ls):
        end = ls.index("# <<< jopt hook v2 <<<")
        ls[2], ls[end] = ls[end], ls[2]

    found = damage(swap)
    assert found.state is HookState.DAMAGED
    assert found.detail.startswith("end marker (line 3) before begin marker")


def test_missing_launch_line_is_damaged():
    found = damage(lambda ls: ls.remove("    ${JOPT_OPTIONS} \\"))
    assert (found.state, found.detail) == (HookState.DAMAGED, "0 ${JOPT_OPTIONS} launch lines (expected 1)")


def test_launch_line_without_head_is_damaged():
    lines = list(split(MINIMAL).lines)
    lines.insert(5, "    ${JOPT_OPTIONS} \\")
    found = inspect(tuple(lines))
    assert found.state is HookState.DAMAGED
    assert "without the hook's head block" in found.detail


def test_moved_launch_line_is_damaged():
    def move(ls):
        i = ls.index("    ${JOPT_OPTIONS} \\")
        ls.insert(i - 1, ls.pop(i))

    assert damage(move).detail.endswith("is not just before the -jar line")


def test_malformed_marker_is_damaged():
    found = damage(lambda ls: ls.__setitem__(2, "#>>> jopt hook v2"))
    assert found.state is HookState.DAMAGED and "malformed jopt marker" in found.detail


def test_newer_hook_version_is_damaged_not_touched():
    def newer(ls):
        ls[2] = ls[2].replace(" v2 ", " v9 ")
        ls[ls.index("# <<< jopt hook v2 <<<")] = "# <<< jopt hook v9 <<<"

    found = damage(newer)
    assert found.detail == "hook v9 is newer than this jopt knows (upgrade jopt)"


@pytest.mark.parametrize("edit", ["orphan", "edited"])
def test_damaged_hooks_are_refused_by_install_and_uninstall(edit):
    lines = hooked_lines()
    if edit == "orphan":
        lines.remove("# <<< jopt hook v2 <<<")
    else:
        lines[5] = "JOPT_OPTIONS=-Xoptionsfile=/elsewhere"
    script = split("\n".join(lines) + "\n")
    with pytest.raises(ScriptError, match="^damaged hook: "):
        inject(script, PARAMS)
    with pytest.raises(ScriptError, match="^damaged hook: "):
        remove(script)


def test_changed_parameters_make_the_hook_outdated_and_install_upgrades_it():
    hooked = inject(split(MINIMAL), PARAMS)
    moved = HookParams("gateway", "GW", "/other/jopt")
    found = inspect(hooked.lines, moved)
    assert found.state is HookState.OUTDATED
    assert found.detail == "hook parameters changed: overrides_dir /global/zowe/workspace/jopt -> /other/jopt"
    upgraded = inject(hooked, moved)
    assert inspect(upgraded.lines, moved).state is HookState.CURRENT
    assert remove(upgraded).join() == MINIMAL


RECIPE = """#!/bin/sh
 COL="/u/tmp/zowec/"
TAG="GW"
fn="${COL}/java.options.${TAG}"
if [ -f "${fn}" ]; then
set -x
export
exec 1>>${COL}start.log1${TAG} 2>>${COL}start.log2${TAG}
COLIN="-Xoptionsfile=${fn} -XshowSettings "
else
COLIN=""
fi
JAR_FILE=x.jar
java \\
    -Dloader.path=${GATEWAY_LOADER_PATH} \\
${COLIN} \\
-jar ${JAR_FILE} &
"""


def test_recipe_hook_is_hand_made():
    found = inspect(split(RECIPE).lines, PARAMS)
    assert (found.state, found.detail) == (HookState.HAND_MADE, "line 9: a hand-made -Xoptionsfile hook")
    with pytest.raises(ScriptError, match="^hand-made hook: line 9"):
        inject(split(RECIPE), PARAMS)


# --- hook v2's head block for any parameters (was tests/test_plaintemplate.py) -------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    component=st.from_regex(r"[a-z0-9][a-z0-9._-]{0,20}", fullmatch=True),
    tag=st.from_regex(r"[A-Z0-9]{1,8}", fullmatch=True),
    overrides=st.from_regex(r"/[A-Za-z0-9._/@%+=:-]{0,40}", fullmatch=True),
)
def test_head_for_any_parameters_is_five_lines_that_read_back_as_those_parameters(component, tag, overrides):
    params = HookParams(component, tag, overrides)
    head = hook.head_lines(params)
    assert len(head) == 5
    assert head[0] == f"# >>> jopt hook v2 component={component} tag={tag} dir={overrides} >>>"
    assert head[-1] == "# <<< jopt hook v2 <<<"
    assert f"command . '{overrides}/hook/v2.sh' </dev/null" in head[3]
    hooked = inject(split(MINIMAL), params)
    found = inspect(hooked.lines, params)
    assert (found.state, found.params) == (HookState.CURRENT, params)
    assert remove(hooked).join() == MINIMAL


def test_head_template_has_only_the_three_fields():
    import string

    from jopt.resources import data_dir

    text = (data_dir("hooks") / "head.v2.sh").read_text()
    fields = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    assert fields == {"component", "tag", "overrides_dir"}

from jopt.script.shellscan import Command, scan


def kinds(text):
    return [(c.first, c.last, c.kind) for c in scan(tuple(text.split("\n")))]


def test_backslash_continuation_joins_lines():
    assert kinds("a \\\n  b \\\n  c\nd") == [(0, 2, "code"), (3, 3, "code")]


def test_trailing_backslash_in_a_comment_does_not_continue():
    assert kinds("#    -Dfoo=bar \\\njava -jar x &") == [(0, 0, "comment"), (1, 1, "code")]


def test_comment_after_code_ends_the_line_even_with_backslash():
    assert kinds("echo hi # note \\\nnext") == [(0, 0, "code"), (1, 1, "code")]


def test_quoted_string_spanning_lines_is_one_command():
    text = 'MSG="one\ntwo \\\nthree"\necho "$MSG"'
    assert kinds(text) == [(0, 2, "code"), (3, 3, "code")]


def test_single_quotes_hide_backslashes_and_hashes():
    assert kinds("X='a # b \\'\nY=1") == [(0, 0, "code"), (1, 1, "code")]


def test_heredoc_body_is_not_code():
    text = "cat <<EOF\njava \\\n  -jar x &\nEOF\necho done"
    assert kinds(text) == [(0, 0, "code"), (1, 3, "heredoc"), (4, 4, "code")]


def test_heredoc_with_dash_and_quoted_word():
    text = "cat <<-'END'\n\tbody\n\tEND\nnext"
    assert kinds(text) == [(0, 0, "code"), (1, 2, "heredoc"), (3, 3, "code")]


def test_blank_lines_are_their_own_kind():
    assert scan(("", "  ", "x")) == [Command(0, 0, "blank"), Command(1, 1, "blank"), Command(2, 2, "code")]


def test_escaped_quote_does_not_open_a_string():
    assert kinds('echo \\"\nnext') == [(0, 0, "code"), (1, 1, "code")]


def test_hash_at_the_start_of_a_continuation_line_is_a_comment():
    assert kinds("a \\\n# it's\nb") == [(0, 1, "code"), (2, 2, "code")]


def test_here_string_is_not_a_here_document():
    text = 'cat <<< "$x"\njava \\\n  -jar x &\necho done'
    assert kinds(text) == [(0, 0, "code"), (1, 2, "code"), (3, 3, "code")]


# --- properties and the usual shapes -------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from jopt.script import (  # noqa: E402
    launch,
    shellscan,
)

_LINE = st.text(alphabet=list("ab $-{}=\\'\"#<&|;\t"), max_size=24)


@settings(max_examples=3000, deadline=None)
@given(st.lists(_LINE, max_size=12))
def test_the_commands_cover_every_line_once_in_order(lines):
    found = scan(tuple(lines))
    assert [line for c in found for line in range(c.first, c.last + 1)] == list(range(len(lines)))


def test_the_usual_java_command_is_one_command():
    lines = (
        "_BPX_JOBNAME=${ZWE_zowe_job_prefix}GW java \\",
        "    -Xms${ZWE_configs_heap_init:-32}m \\",
        '    -Dfile.encoding=UTF-8 -Dx="a b" \\',
        '    -jar "${JAR_FILE}" &',
    )
    assert scan(lines) == [Command(0, 3, "code")]


def test_status_scans_each_script_once_though_the_launch_and_the_native_check_both_ask(sample, jopt, monkeypatch):
    scanned = []
    real = shellscan.scan
    monkeypatch.setattr(shellscan, "scan", lambda lines: scanned.append(lines) or real(lines))
    shellscan.commands.cache_clear()
    launch.find_launches.cache_clear()  # earlier tests may have left the sample's scripts in it
    done = jopt("status")
    assert done.exit_code == 0 and "native-capable" in done.stdout  # apiml's capability scans it too
    # 7 Java scripts, once each; app-server and zss hold no `java`, so the launch search skips them
    assert len(scanned) == len(set(scanned)) == 7
    assert shellscan.commands(scanned[0]) == tuple(real(scanned[0]))


# --- the words of a command ---------------------------------------------------------------

from jopt.script.shellscan import Word, simple_commands  # noqa: E402


def words_of(text):
    lines = tuple(text.split("\n"))
    return [simple_commands(lines, c.first, c.last) if c.kind == "code" else c.kind for c in scan(lines)]


def test_words_keep_their_text_line_and_column_and_redirections_stay_as_operators():
    text = '_BPX_JOBNAME=GW java \\\n  -Dx="a b" -Dy=\'c d\' \\\n  -jar "${JAR_FILE}" 2>&1 | tee log &'
    assert words_of(text) == [
        [
            [
                Word("_BPX_JOBNAME=GW", 0, 0),
                Word("java", 0, 16),
                Word('-Dx="a b"', 1, 2, continued=True),
                Word("-Dy='c d'", 1, 12),
                Word("-jar", 2, 2, continued=True),
                Word('"${JAR_FILE}"', 2, 7),
                Word("2", 2, 21),
                ">&",
                Word("1", 2, 24),
            ],
            [Word("tee", 2, 28), Word("log", 2, 32)],
        ]
    ]


def test_operators_between_commands_split_them_and_a_comment_ends_the_words():
    assert [[w.text for w in c] for c in words_of("a=1; b=2 && c || (d) ; e # note")[0]] == [
        ["a=1"],
        ["b=2"],
        ["c"],
        ["d"],
        ["e"],
    ]


def test_a_quote_inside_a_default_in_double_quotes_is_text():
    text = 'echo "${MSG:-can\'t start}"\njava -jar x &'
    assert kinds(text) == [(0, 0, "code"), (1, 1, "code")]
    assert words_of(text)[0] == [[Word("echo", 0, 0), Word('"${MSG:-can\'t start}"', 0, 5)]]


def test_a_command_substitution_is_one_word_with_the_commands_inside():
    (command,) = words_of('PID=$(java -jar "$(pwd)/x.jar" & echo $!)')
    assert command == [[Word('PID=$(java -jar "$(pwd)/x.jar" & echo $!)', 0, 0)]]


def test_a_substitution_left_open_ends_with_its_line():
    assert kinds("X=$(date\njava -jar x &") == [(0, 0, "code"), (1, 1, "code")]


def test_a_comment_inside_a_substitution_hides_its_quote():
    text = "V=$(java -version 2>&1 | # java's banner\n  head -1)\njava -jar x &"
    assert kinds(text) == [(0, 0, "code"), (1, 1, "code"), (2, 2, "code")]


def test_a_heredoc_inside_a_substitution_is_not_code():
    text = "X=$(cat <<EOF\njava \\\n  -jar x &\nEOF\n)"
    assert kinds(text) == [(0, 0, "code"), (1, 3, "heredoc"), (4, 4, "code")]


_CODE = st.text(alphabet=list("ab $-{}()=\\'\"`#<&|;\t"), max_size=24)


@settings(max_examples=1000, deadline=None)
@given(st.lists(_CODE, max_size=8))
def test_every_word_starts_where_it_says_inside_its_command(lines):
    lines = tuple(lines)
    for command in scan(lines):
        if command.kind != "code":
            continue
        for words in simple_commands(lines, command.first, command.last):
            for word in words:
                if isinstance(word, Word):
                    assert command.first <= word.line <= command.last
                    assert lines[word.line][word.col :].startswith(word.text.split("\n")[0])

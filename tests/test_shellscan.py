from jopt.shellscan import Command, scan


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

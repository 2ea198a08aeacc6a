"""zowe.yaml shown with the values of secret-looking keys masked, every other byte as it was."""

from __future__ import annotations

import pytest

from jopt.zowe.yamlmask import UNREADABLE, masked

CASES = {
    "plain, quoted, CRLF, in a sequence; a key without a value and other keys stay": (
        "a:\n  password: x y\n  keyStorePassword: 'p'\r\n  alias: localhost\n  tokens:\n  - token: t\n  passwords:\n",
        "a:\n  password: ***\n  keyStorePassword: ***\r\n  alias: localhost\n  tokens:\n  - token: ***\n  passwords:\n",
    ),
    "a comment after the value stays": ("password: s3cret   # rotate yearly\n", "password: ***   # rotate yearly\n"),
    "flow mapping": ("a: {password: s3, b: 1}\n", "a: {password: ***, b: 1}\n"),
    "block scalar: every line of it, the line count kept": (
        "keystore:\n  password: |\n    s3cret\n    more\n  type: PKCS12\n",
        "keystore:\n  password: ***\n\n\n  type: PKCS12\n",
    ),
    "multi-line quoted value, the line count kept": ('password: "multi\n  line"\nb: 1\n', "password: ***\n\nb: 1\n"),
    "everything under a secret key": ("secrets:\n  - a\n  - {b: c}\n", "secrets:\n  - ***\n  - {b: ***}\n"),
    "an anchored value a secret key uses, where it is written": (
        "x: &p s3cret\ncertificate:\n  password: *p\n",
        "x: ***\ncertificate:\n  password: *p\n",
    ),
    "non-ASCII and a byte-order mark": (
        "\ufeffpassword: \u00e9t\u00e9  # c\nnext: \u00e9\n",
        "\ufeffpassword: ***  # c\nnext: \u00e9\n",
    ),
    "Zowe's keystore settings": (
        'zowe:\n  certificate:\n    keystore:\n      type: PKCS12\n      file: /k.p12\n      password: "pw"\n'
        "      alias: localhost\n",
        "zowe:\n  certificate:\n    keystore:\n      type: PKCS12\n      file: /k.p12\n      password: ***\n"
        "      alias: localhost\n",
    ),
    "no secret": ("a: 1\n# password: in a comment is no value\n", "a: 1\n# password: in a comment is no value\n"),
    "empty": ("", ""),
}


@pytest.mark.parametrize("name", CASES)
def test_secret_values_are_masked_and_nothing_else_changes(name):
    text, expected = CASES[name]
    assert masked(text) == expected


def test_text_pyyaml_cannot_read_shows_nothing():
    assert masked("a: [\npassword: s3cret\n") == UNREADABLE


def test_the_sample_zowe_yaml_keeps_every_line_but_the_passwords(sample):
    text = sample.zowe_yaml.read_text()
    lines, shown = text.splitlines(), masked(text).splitlines()
    changed = [(a, b) for a, b in zip(lines, shown) if a != b]
    assert len(shown) == len(lines)
    assert changed == [
        ('      password: "fixture-keystore-pass"', "      password: ***"),
        ('      password: "fixture-truststore-pass"', "      password: ***"),
    ]

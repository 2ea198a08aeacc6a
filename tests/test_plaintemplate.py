"""Name-only templates render exactly as jinja2 renders them; anything else goes to jinja2."""

from __future__ import annotations

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jopt import plaintemplate, redaction
from jopt.resources import data_dir
from jopt.script import hook
from jopt.script.hook import HookParams

ENV = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=False, autoescape=False)


def jinja(source: str, **values: str) -> str:
    return ENV.from_string(source).render(**values)


HOOK_TEMPLATES = sorted(p.name for p in data_dir("hooks").glob("*.j2"))


@pytest.mark.parametrize("name", HOOK_TEMPLATES)
def test_every_shipped_hook_template_is_rendered_without_jinja2(name):
    source = (data_dir("hooks") / name).read_text()
    values = {
        n: f"<{n}>"
        for n in (
            "component",
            "tag",
            "overrides_dir",
            "redact_awk",
            "indent",
            "env_pattern",
            "property_pattern",
            "value_pattern",
        )
    }
    text = plaintemplate.render(source, values)
    assert text is not None
    assert text == jinja(source, **values)


@settings(max_examples=300, deadline=None)
@given(
    component=st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,20}", fullmatch=True),
    tag=st.from_regex(r"[A-Z0-9]{1,8}", fullmatch=True),
    overrides=st.text(st.characters(codec="ascii", exclude_characters="\r"), min_size=1, max_size=40),
)
def test_hook_head_is_what_jinja2_renders_for_any_parameters(component, tag, overrides):
    params = HookParams(component, tag, overrides)
    hooks = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("hooks"))),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
        autoescape=False,
    )
    patterns = {
        "env_pattern": redaction.ENV_PATTERN,
        "property_pattern": redaction.PROPERTY_PATTERN,
        "value_pattern": redaction.VALUE_PATTERN,
    }
    awk = hooks.get_template("redact.v1.awk.j2").render(**patterns)
    expected = hooks.get_template("head.v1.sh.j2").render(
        component=component, tag=tag, overrides_dir=overrides, redact_awk=awk
    )
    assert hook.head_lines(params) == tuple(expected.split("\n"))


CASES = {
    "no final newline": "a {{ x }} b",
    "one final newline dropped": "a {{ x }}\n",
    "only one of two": "a\n\n",
    "no spaces in the braces": "{{x}}",
    "brace after the expression": "{{ x }}}",
    "stray closing braces": "}}{{ x }}{",
    "single braces around": "{ {{ x }} }",
    "shell braces": "${x} ${{x}}",
    "empty": "",
    "value with braces stays as is": "{{ braces }}",
}


@pytest.mark.parametrize("source", list(CASES.values()), ids=list(CASES))
def test_renders_as_jinja2(source):
    values = {"x": "V", "braces": "{{ x }} {% if %}"}
    assert plaintemplate.render(source, values) == jinja(source, **values)


OTHER_SYNTAX = {
    "block": "{% if x %}y{% endif %}",
    "comment": "{# note #}{{ x }}",
    "filter": "{{ x | upper }}",
    "whitespace control": "{{- x -}}",
    "attribute": "{{ x.y }}",
    "constant": "{{ true }}",
    "undefined name": "{{ missing }}",
    "carriage return": "{{ x }}\r\n",
    "raw": "{% raw %}{{ x }}{% endraw %}",
}


@pytest.mark.parametrize("source", list(OTHER_SYNTAX.values()), ids=list(OTHER_SYNTAX))
def test_other_syntax_is_left_to_jinja2(source):
    assert plaintemplate.render(source, {"x": "V"}) is None


def test_a_hook_template_with_other_syntax_is_still_rendered_by_jinja2(monkeypatch):
    source = "{% if tag %}tag={{ tag }}{% endif %}\n"
    monkeypatch.setattr(hook, "_source", lambda name: source)
    monkeypatch.setattr(
        hook, "_environment", lambda: type("Env", (), {"get_template": lambda self, name: ENV.from_string(source)})()
    )
    assert hook._render("x.j2", tag="GW") == "tag=GW"

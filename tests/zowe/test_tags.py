import pytest

from jopt.errors import ConfigError
from jopt.zowe import tags


@pytest.mark.parametrize(
    "component,tag",
    [
        ("gateway", "GW"),
        ("discovery", "DS"),
        ("api-catalog", "AC"),
        ("caching-service", "CS"),
        ("zaas", "ZA"),
        ("apiml", "AM"),
        ("sample-ext", "SE"),
        ("jobs-api", "JA"),
        ("explorer", "EXPL"),
    ],
)
def test_default_tags(component, tag):
    assert tags.derive(component) == tag


def test_assign_makes_derived_tags_unique_and_keeps_chosen():
    assert tags.assign(["gateway", "sample-ext", "secure-edge"], {}) == {
        "gateway": "GW",
        "sample-ext": "SE",
        "secure-edge": "SE2",
    }
    assert tags.assign(["gateway", "zaas"], {"zaas": "GW"}) == {"gateway": "GW2", "zaas": "GW"}


def test_two_chosen_tags_the_same_are_refused():
    with pytest.raises(ConfigError, match="a and b were given the same tag X"):
        tags.assign(["a", "b"], {"a": "X", "b": "X"})

import pytest

from jopt.errors import ConfigError
from jopt.zowe import discovery, locations


def test_discovers_runtime_components_then_extensions(sample):
    found = discovery.discover(locations.resolve(sample.zowe_yaml))
    assert [(c.id, c.source) for c in found][-1] == ("sample-ext", "extension")
    ids = [c.id for c in found]
    assert ids[:-1] == sorted(ids[:-1])
    gateway = next(c for c in found if c.id == "gateway")
    assert gateway.start == "bin/start.sh" and gateway.start_script == sample.script("gateway")
    assert next(c for c in found if c.id == "no-start").start is None


def test_malformed_manifest_is_reported_on_that_component_only(sample):
    manifest = sample.root / "components" / "zaas" / "manifest.yaml"
    manifest.write_text("name: zaas\ncommands:\n  start: [bin/start.sh\n")
    found = {c.id: c for c in discovery.discover(locations.resolve(sample.zowe_yaml))}
    assert found["zaas"].problem.startswith(f"{manifest}:4: malformed manifest: ")
    assert found["gateway"].problem is None


@pytest.mark.parametrize("start", ["../../evil.sh", "/bin/start.sh"])
def test_start_command_must_stay_inside_the_component(sample, start):
    manifest = sample.root / "components" / "zaas" / "manifest.yaml"
    manifest.write_text(f"name: zaas\ncommands:\n  start: {start}\n")
    found = {c.id: c for c in discovery.discover(locations.resolve(sample.zowe_yaml))}
    assert found["zaas"].problem == f"{manifest}: `commands.start` {start!r} must stay inside the component directory"


def test_select_keeps_order_and_drops_repeats(sample):
    components = discovery.discover(locations.resolve(sample.zowe_yaml))
    assert [c.id for c in discovery.select(components, ["zaas", "gateway", "zaas"])] == ["zaas", "gateway"]


def test_select_unknown(sample):
    components = discovery.discover(locations.resolve(sample.zowe_yaml))
    with pytest.raises(ConfigError, match=r"^unknown component nope, zzz \(known: api-catalog, "):
        discovery.select(components, ["nope", "gateway", "zzz"])

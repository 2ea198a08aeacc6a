"""Site: what status asks of the overrides folder, by one listing or name by name."""

from __future__ import annotations

from jopt.app.site import Site
from jopt.zowe.locations import resolve


def test_one_listing_of_the_overrides_folder_answers_as_a_stat_per_name_does(sample):
    found = resolve(sample.zowe_yaml)
    site = Site.open(found._replace(ha_instances=("lpar1", "lpar2")))
    tags = {c.id: site.tags[c.id] for c in site.components}
    overrides = sample.overrides
    overrides.mkdir(parents=True, exist_ok=True)
    (overrides / f"java.options.{tags['gateway']}").write_text("-Xmx1g\n")
    (overrides / f"java.argfile.{tags['gateway']}.lpar2").write_text("-Xmx1g\n")
    (overrides / f"java.options.{tags['zaas']}").mkdir()  # a folder is no options file
    (overrides / f"java.options.{tags['discovery']}").symlink_to(overrides / f"java.options.{tags['gateway']}")
    (overrides / f"java.options.{tags['apiml']}").symlink_to(overrides / "missing")  # a broken link is none
    (overrides / f"trace.{tags['gateway']}").write_text("")
    (overrides / f"trace.{tags['zaas']}").mkdir()
    files = site.overrides_files()
    for component in site.components:
        assert site.options_files(component, files) == site.options_files(component), component.id
        assert site.trace_on(component, files) == site.trace_on(component), component.id
    gateway, discovery = (site.select([name])[0] for name in ("gateway", "discovery"))
    assert site.options_files(gateway, files) == [
        overrides / f"java.options.{tags['gateway']}",
        overrides / f"java.argfile.{tags['gateway']}.lpar2",
    ]
    assert site.options_files(discovery, files) == [overrides / f"java.options.{tags['discovery']}"]
    assert [c.id for c in site.components if site.trace_on(c, files)] == ["gateway"]


def test_a_missing_overrides_folder_lists_no_files(sample, tmp_path):
    site = Site.open(resolve(sample.zowe_yaml, overrides=tmp_path / "nowhere"))
    assert site.overrides_files() == frozenset()


def test_an_entry_that_cannot_be_looked_at_makes_them_ask_name_by_name(sample):
    """A looping link makes scandir's is_file raise where Path.is_file says False: one bad
    entry must not hide every options file."""
    site = Site.open(resolve(sample.zowe_yaml))
    gateway = site.select(["gateway"])[0]
    overrides = sample.overrides
    overrides.mkdir(parents=True, exist_ok=True)
    options = overrides / f"java.options.{site.tags['gateway']}"
    options.write_text("-Xmx1g\n")
    (overrides / f"trace.{site.tags['gateway']}").symlink_to(options)
    (overrides / "loop").symlink_to(overrides / "loop")
    files = site.overrides_files()
    assert files is None
    assert site.options_files(gateway, files) == [options]
    assert site.trace_on(gateway, files) is True


def test_instance_files_by_listing_and_by_name_agree_for_the_instances_zowe_yaml_names(sample):
    site = Site.open(resolve(sample.zowe_yaml))
    gateway = site.select(["gateway"])[0]
    overrides = sample.overrides
    overrides.mkdir(parents=True, exist_ok=True)
    for name in ("java.options.GW", "java.argfile.GW.lpar1", "java.options.GW.lpar1", "java.options.GW.other"):
        (overrides / name).write_text("-Xmx1g\n")
    listed = site.instance_files(gateway, site.overrides_files())
    assert [(i.instance, i.own, i.reads, i.in_zowe_yaml) for i in listed] == [
        ("lpar1", (overrides / "java.options.GW.lpar1", overrides / "java.argfile.GW.lpar1"),
         overrides / "java.options.GW.lpar1", True),
        ("lpar2", (), overrides / "java.options.GW", True),
        ("other", (overrides / "java.options.GW.other",), overrides / "java.options.GW.other", False),
    ]  # fmt: skip
    by_name = site.instance_files(gateway, None)  # a folder that cannot be listed: known instances only
    assert by_name == [i for i in listed if i.in_zowe_yaml]

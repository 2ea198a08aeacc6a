"""Rendering: compose in order, conflicts, every problem at once, files that parse back."""

from __future__ import annotations

from pathlib import Path

import pytest

from jopt.options import profiles
from jopt.options.optionsfile import parse_argfile, parse_openj9
from jopt.options.render import Context, RenderError, Request, compose, parse_sets, render

GATEWAY = Context("gateway", "GW", "/zowe/workspace/jopt", "/zowe/logs")
ZAAS = Context("zaas", "ZA", "/zowe/workspace/jopt", "/zowe/logs")


def builtin(*names: str) -> list[profiles.Profile]:
    return profiles.find_all(list(names), None)


def site_profile(
    folder: Path, name: str, template: str, jvms: str = "[openj9, hotspot]", params: str = ""
) -> profiles.Profile:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.yaml").write_text(f"name: {name}\ndescription: test profile\njvms: {jvms}\n{params}")
    (folder / f"{name}.options.j2").write_text(template)
    return profiles.load(folder / f"{name}.yaml")


def problems(request: Request, contexts: list[Context] | None = None) -> list[str]:
    with pytest.raises(RenderError) as caught:
        render(request, contexts or [GATEWAY])
    return caught.value.problems


def test_shareclasses_for_gateway() -> None:
    result = render(Request(builtin("shareclasses")), [GATEWAY])
    assert result.outputs[0].options == (
        "-Xshareclasses:name=zowe_gateway,cacheDir=/zowe/workspace/jopt/shareclasses,cacheDirPerm=0770,groupAccess,nonfatal",
        "-Xscmx128m",
    )
    assert result.outputs[0].file_name == "java.options.GW"


def test_one_cache_per_component() -> None:
    result = render(Request(builtin("shareclasses"), ("readonly=true", "hardLimit=256m")), [GATEWAY, ZAAS])
    first = [o.options[0] for o in result.outputs]
    assert first == [
        "-Xshareclasses:name=zowe_gateway,cacheDir=/zowe/workspace/jopt/shareclasses,cacheDirPerm=0770,groupAccess,nonfatal,readonly",
        "-Xshareclasses:name=zowe_zaas,cacheDir=/zowe/workspace/jopt/shareclasses,cacheDirPerm=0770,groupAccess,nonfatal,readonly",
    ]
    assert result.outputs[1].options[2] == "-XX:SharedCacheHardLimit=256m"


@pytest.mark.parametrize(
    ("sets", "suboption"),
    [(("persistent=true",), ",persistent"), (("snapshot=true",), ",nonpersistent"), ((), "")],
)
def test_shareclasses_persistent_or_a_snapshot_alternative(sets: tuple[str, ...], suboption: str) -> None:
    result = render(Request(builtin("shareclasses"), sets), [GATEWAY])
    assert result.outputs[0].options[0] == (
        "-Xshareclasses:name=zowe_gateway,cacheDir=/zowe/workspace/jopt/shareclasses,cacheDirPerm=0770,groupAccess,"
        f"nonfatal{suboption}"
    )


def test_shareclasses_persistent_and_snapshot_together_is_refused() -> None:
    assert problems(Request(builtin("shareclasses"), ("persistent=true", "snapshot=true"))) == [
        "built-in profile shareclasses (shareclasses.options.j2) with --set persistent=true, snapshot=true: "
        "-Xshareclasses: both persistent and nonpersistent"
    ]


def test_shareclasses_help_says_why_and_which_java_levels() -> None:
    (profile,) = builtin("shareclasses")
    help_ = profile.parameters["persistent"].help
    assert "Zowe's start-up removed it at every start (eclipse-openj9/openj9#21346" in help_
    assert "Eclipse OpenJ9 0.40.0 on" in help_ and "eclipse-openj9/openj9#17073" in help_
    assert "OA60306 and PH32235" in help_ and "MAXSHARE" in help_
    assert "restoreFromSnapshot" in profile.parameters["snapshot"].help


@pytest.mark.parametrize(
    ("name", "sets", "options"),
    [
        ("heap", ("xmn=64m",), ("-Xms256m", "-Xmx1g", "-Xmn64m")),
        ("jit", ("count=0",), ("-XcompilationThreads2", "-Xjit:count=0")),
        ("quickstart", (), ("-Xquickstart",)),
        ("quickstart", ("mode=virtualized",), ("-Xtune:virtualized",)),
        ("gclog", (), ("-Xverbosegclog:/zowe/logs/verbosegc.GW.%Y%m%d.%H%M%S.%pid.txt,5,1000",)),
        (
            "dumps",
            (),
            ("-Xdump:java:events=user,file=/zowe/logs/javadump.%job.%jobid.%asid.%sysname.%Y%m%d.%H%M%S.%pid.%seq",),
        ),
        (
            "healthcenter",
            ("runDuration=15",),
            (
                "-Xhealthcenter:level=headless",
                "-Dcom.ibm.java.diagnostics.healthcenter.headless.output.directory=/zowe/workspace/jopt/healthcenter/gateway",
                "-Dcom.ibm.java.diagnostics.healthcenter.headless.files.to.keep=10",
                "-Dcom.ibm.java.diagnostics.healthcenter.headless.run.duration=15",
                "-Dcom.ibm.java.diagnostics.healthcenter.headless.run.number.of.runs=0",
            ),
        ),
    ],
)
def test_builtin_profiles_render(name: str, sets: tuple[str, ...], options: tuple[str, ...]) -> None:
    output = render(Request(builtin(name), sets), [GATEWAY]).outputs[0]
    assert output.options == options
    assert parse_openj9(output.text) == list(options)


def test_header_names_profiles_parameters_and_command() -> None:
    text = render(Request(builtin("heap"), ("xmx=2g",), "hotspot"), [GATEWAY]).outputs[0].text
    assert text.splitlines()[:4] == [
        "# java.argfile.GW: HotSpot argument file (@argfile) for component gateway (tag GW)",
        f"# Rendered by jopt {__import__('jopt').__version__} from profiles: heap",
        "#   heap: xms=256m xmx=2g xmn=(default)",
        "# Do not edit; re-render: jopt render --profile heap --set xmx=2g --dialect hotspot gateway",
    ]


def test_a_file_for_one_ha_instance_is_named_and_headed_for_it() -> None:
    lpar1 = Context("gateway", "GW", "/zowe/workspace/jopt", "/zowe/logs", "lpar1")
    (output,) = render(Request(builtin("heap"), ("xmx=2g",), "hotspot"), [lpar1]).outputs
    assert output.file_name == "java.argfile.GW.lpar1"
    assert output.text.splitlines()[0] == (
        "# java.argfile.GW.lpar1: HotSpot argument file (@argfile) for component gateway (tag GW, HA instance lpar1)"
    )
    assert output.text.splitlines()[3] == (
        "# Do not edit; re-render: jopt render --profile heap --set xmx=2g --dialect hotspot --ha-instance lpar1 gateway"
    )
    assert "ha_instance" not in lpar1.names("hotspot")  # not a name templates see


def test_rendering_is_stable() -> None:
    request = Request(builtin("shareclasses", "heap", "jit"))
    assert render(request, [GATEWAY]).outputs[0].text == render(request, [GATEWAY]).outputs[0].text


def test_notes_and_warnings_come_from_the_profiles() -> None:
    result = render(Request(builtin("heap", "healthcenter")), [GATEWAY])
    assert any("rightmost option wins" in n for n in result.notes)
    assert any("components.<id>.heap.init" in n for n in result.notes)
    assert len(result.warnings) == 1 and "deprecated from Semeru 25" in result.warnings[0]
    assert "Semeru" not in result.outputs[0].text


def test_same_family_from_two_profiles_is_an_error(tmp_path: Path) -> None:
    big = site_profile(tmp_path, "bigheap", "-Xmx4g\n")
    assert problems(Request([*builtin("heap"), big])) == [
        "profiles heap and bigheap: both set -Xmx (give --allow-override to let the later one, bigheap, win)"
    ]


def test_allow_override_lets_the_later_profile_win(tmp_path: Path) -> None:
    big = site_profile(tmp_path, "bigheap", "-Xmx4g\n")
    output = render(Request([*builtin("heap"), big], allow_override=True), [GATEWAY]).outputs[0]
    assert output.options == ("-Xms256m", "-Xmx4g")
    assert output.origins == ("heap", "bigheap")
    assert output.overridden == ("-Xmx: profile bigheap overrides profile heap",)


def test_compose_keeps_order_and_repeats_within_one_profile() -> None:
    chosen, overridden, found = compose(
        [("a", ["-Xdump:java:events=user", "-Xdump:java:events=gpf"]), ("b", ["-Xmx1g"])], False
    )
    assert [o for o, _ in chosen] == ["-Xdump:java:events=user", "-Xdump:java:events=gpf", "-Xmx1g"]
    assert (overridden, found) == ([], [])


def test_set_qualified_and_plain_keys() -> None:
    values, found = parse_sets(builtin("heap", "jit"), ("heap.xms=512m", "threads=4", "xmn="))
    assert found == []
    assert values == {"heap": {"xms": "512m", "xmx": "1g", "xmn": None}, "jit": {"threads": 4, "count": None}}


def test_unknown_set_key_lists_the_valid_ones() -> None:
    assert problems(Request(builtin("heap", "jit"), ("xmz=1g",))) == [
        "--set xmz=1g: unknown key 'xmz'; valid keys: heap: xms, xmx, xmn; jit: threads, count (or PROFILE.KEY)"
    ]


def test_set_without_equals() -> None:
    assert problems(Request(builtin("heap"), ("xmx",))) == ["--set xmx: write --set KEY=VALUE"]


def test_every_problem_in_one_pass() -> None:
    request = Request(
        builtin("heap", "shareclasses", "jit"),
        ("xms=1.5g", "xms=4g", "name=a/b%x", "cacheDirPerm=0600", "threads=16", "colour=red"),
    )
    assert problems(request) == [
        "--set xms=1.5g: heap.xms: '1.5g' is not a size: use an integer with an optional k, m, g or t (e.g. 512m, 2g)",
        "--set threads=16: jit.threads: 16 is above the maximum 15",
        "--set colour=red: unknown key 'colour'; valid keys: heap: xms, xmx, xmn; "
        "shareclasses: name, cacheDir, cacheDirPerm, groupAccess, persistent, snapshot, readonly, scmx, hardLimit; jit: threads, count (or PROFILE.KEY)",
        "built-in profile shareclasses (shareclasses.options.j2) with --set name=a/b%x, cacheDirPerm=0600: "
        "-Xshareclasses: cache name 'a/b%x' contains / (not allowed: / \\ $ & * £ = ?)",
        "built-in profile shareclasses (shareclasses.options.j2) with --set name=a/b%x, cacheDirPerm=0600: "
        "-Xshareclasses: cache name 'a/b%x' uses '%x'; only %u (user) and %g (group) are substituted",
        "built-in profile shareclasses (shareclasses.options.j2) with --set name=a/b%x, cacheDirPerm=0600: "
        "-Xshareclasses: cacheDirPerm=0600: must be in 0700-0777 or 1700-1777 (or 0000 / 1000)",
        "built-in profile heap (heap.options.j2) with --set xms=1.5g, xms=4g: -Xms (4g) is larger than -Xmx (1g)",
    ]


def test_profile_for_the_other_dialect() -> None:
    assert problems(Request(builtin("heap", "shareclasses"), (), "hotspot")) == [
        "built-in profile shareclasses (shareclasses.yaml): applies to openj9 only, not hotspot"
    ]


def test_option_that_the_dialect_lacks(tmp_path: Path) -> None:
    loose = site_profile(tmp_path, "loose", "-Xshareclasses:name=x\n-Xmx1g\n")
    assert problems(Request([loose], (), "hotspot")) == [
        f"profile loose ({tmp_path / 'loose.options.j2'}): -Xshareclasses:name=x: "
        "-Xshareclasses is an OpenJ9 option; a HotSpot JVM would refuse to start"
    ]


@pytest.mark.parametrize(
    ("option", "name"),
    [("-XshowSettings:all", "-XshowSettings"), ("-Xoptionsfile=/x", "-Xoptionsfile"), ("-Xcompressedrefs", "-Xcompressedrefs"),
     ("-version", "-version"), ("-showversion", "-showversion"), ("-fullversion", "-fullversion"), ("-help", "-help"),
     ("-assert", "-assert"), ("-Xcheck:memory", "-Xcheck:memory")],
)  # fmt: skip
def test_options_openj9_forbids_in_an_options_file(tmp_path: Path, option: str, name: str) -> None:
    bad = site_profile(tmp_path, "bad", f"-Xmx1g\n{option}\n")
    assert problems(Request([bad])) == [
        f"profile bad ({tmp_path / 'bad.options.j2'}): {option}: OpenJ9 does not allow {name} inside an options file"
    ]


def test_undefined_template_variable_names_the_line(tmp_path: Path) -> None:
    bad = site_profile(
        tmp_path, "typo", "-Xms1g\n-Xmx{{ xmz }}\n", params="parameters:\n  xmx: {type: size, default: 1g, help: h}\n"
    )
    assert problems(Request([bad])) == [
        f"profile typo ({tmp_path / 'typo.options.j2'}:2): 'xmz' is undefined; "
        "the template knows: xmx, component, tag, dialect, overrides, logs, jopt_version"
    ]


def test_every_undefined_name_and_the_other_problems_in_one_pass(tmp_path: Path) -> None:
    bad = site_profile(tmp_path, "typos", "-Xmx{{ a }}\n{% if b %}-Xms1g{% endif %}\n-XshowSettings\n-Dz={{ c.d }}\n")
    where = f"profile typos ({tmp_path / 'typos.options.j2'}"
    known = "the template knows: component, tag, dialect, overrides, logs, jopt_version"
    assert problems(Request([bad])) == [
        f"{where}:1): 'a' is undefined; {known}",
        f"{where}:2): 'b' is undefined; {known}",
        f"{where}:4): 'c' is undefined; {known}",
        f"{where}): -XshowSettings: OpenJ9 does not allow -XshowSettings inside an options file",
    ]


def test_double_quote_cannot_go_into_an_openj9_file(tmp_path: Path) -> None:
    quoted = site_profile(tmp_path, "quoted", '-Dmsg=say "hi"\n')
    assert problems(Request([quoted])) == [
        f"profile quoted ({tmp_path / 'quoted.options.j2'}): '-Dmsg=say \"hi\"' holds a double quote, which an OpenJ9 options file cannot escape"
    ]
    hotspot = render(Request([quoted], (), "hotspot"), [GATEWAY]).outputs[0]
    assert parse_argfile(hotspot.text) == ['-Dmsg=say "hi"']


def test_problem_of_some_components_names_them(tmp_path: Path) -> None:
    odd = site_profile(tmp_path, "odd", "{% if component == 'zaas' %}-Xmx1.5g{% else %}-Xmx1g{% endif %}\n")
    other = Context("discovery", "DS", "/o", "/l")
    assert problems(Request([odd]), [GATEWAY, ZAAS, other]) == [
        f"profile odd ({tmp_path / 'odd.options.j2'}) [zaas]: -Xmx1.5g: '1.5g' is not a size: use an integer with an optional k, m, g or t (e.g. 512m, 2g)"
    ]


def test_profile_given_twice() -> None:
    assert problems(Request(builtin("heap", "heap"))) == ["--profile heap: given more than once"]


def test_values_with_spaces_round_trip(tmp_path: Path) -> None:
    props = site_profile(
        tmp_path,
        "props",
        "-Dzowe.note={{ note }}\n-Xmx1g\n",
        params="parameters:\n  note: {type: string, default: x, help: h}\n",
    )
    for dialect, parse in (("openj9", parse_openj9), ("hotspot", parse_argfile)):
        output = render(Request([props], ("note=two words -and a dash",), dialect), [GATEWAY]).outputs[0]
        assert parse(output.text) == ["-Dzowe.note=two words -and a dash", "-Xmx1g"]

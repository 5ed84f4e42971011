"""unexpected-argument: a stray positional (e.g. the `" "` a `\\ ` leaves behind) makes argparse refuse."""

from tests.rules.plans import checked_codes, make_plan, run
from wizard.rules.cmdline import launch_parse_issues

LINE = "vllm serve Eco-Tech/Qwen3-8B-w8a8s-310 --dtype float16 --max-model-len 16384 {extra}"


def test_stray_argument_is_an_error():
    plan = make_plan(command=LINE.format(extra="stray"))
    found = [f for f in run(launch_parse_issues, plan) if f.code == "unexpected-argument"]
    assert found and found[0].severity.value == "error"
    assert "stray" in found[0].message and found[0].fix
    assert "unexpected-argument" in checked_codes(plan)


def test_clean_line_has_none():
    assert [f for f in run(launch_parse_issues, make_plan(command=LINE.format(extra=""))) if f.code == "unexpected-argument"] == []

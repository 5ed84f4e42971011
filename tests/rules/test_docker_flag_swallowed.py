"""docker-flag-swallowed: `-v --device=/dev/davinci_manager` — the -v eats the device flag."""

from tests.rules.plans import make_plan, run
from wizard.rules.cmdline import launch_parse_issues

DOCKER = (
    "docker run --rm {mount} --device /dev/davinci0 quay.io/ascend/vllm-ascend:v0.18.0-310p "
    "vllm serve Eco-Tech/Qwen3-8B-w8a8s-310 --dtype float16 --max-model-len 16384"
)


def test_swallowed_device_flag_is_reported():
    plan = make_plan(command=DOCKER.format(mount="-v --device=/dev/davinci_manager"))
    found = [f for f in run(launch_parse_issues, plan) if f.code == "docker-flag-swallowed"]
    assert found and found[0].severity.value == "warning"
    assert "davinci_manager" in found[0].message + found[0].evidence and found[0].fix


def test_proper_device_flag_is_not():
    plan = make_plan(command=DOCKER.format(mount="--device /dev/davinci_manager"))
    assert [f for f in run(launch_parse_issues, plan) if f.code == "docker-flag-swallowed"] == []

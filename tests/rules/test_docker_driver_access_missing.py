"""docker-driver-access-missing: /dev/davinciN alone does not give a container the NPU."""

import pytest

from tests.rules.plans import SEED_32B_TP4, assert_well_formed, checked_codes, make_plan, run
from wizard.rules.container import docker_driver_access_missing

TWO_CARDS = "sim:300i-duo-96g:2"
CHIPS = " ".join(f"--device /dev/davinci{i}" for i in range(4))
MGMT = "--device /dev/davinci_manager --device /dev/devmm_svm --device /dev/hisi_hdc"
DRIVER = ("-v /usr/local/Ascend/driver/lib64/:/usr/local/Ascend/driver/lib64/ "
          "-v /usr/local/Ascend/driver/version.info:/usr/local/Ascend/driver/version.info")
IMAGE = "quay.io/ascend/vllm-ascend:v0.18.0-310p"
SERVE = SEED_32B_TP4.replace("$MODEL", "/models/Qwen3-32B-w8a8sc-310-vllm-tp4").replace("--host 127.0.0.1", "--host 0.0.0.0")


def _plan(docker_flags: str):
    return make_plan(command=f"docker run --rm --net host {docker_flags} {IMAGE} {SERVE}", host=TWO_CARDS)


def test_the_seed_docker_run_is_fine():
    assert run(docker_driver_access_missing, _plan(f"{CHIPS} {MGMT} {DRIVER}")) == []


def test_chips_only():
    plan = _plan(CHIPS)
    [f] = run(docker_driver_access_missing, plan)
    assert_well_formed(f, "docker-driver-access-missing", "error", "/dev/davinci_manager", "/dev/hisi_hdc",
                       "/usr/local/Ascend/driver mount")
    assert "--device /dev/devmm_svm" in f.fix and "-v /usr/local/Ascend/driver/lib64/" in f.fix
    assert "docker-driver-access-missing" in checked_codes(plan)


def test_driver_mount_missing_only():
    [f] = run(docker_driver_access_missing, _plan(f"{CHIPS} {MGMT}"))
    assert "davinci_manager" not in f.message and f.fix.startswith("add -v /usr/local/Ascend/driver")


@pytest.mark.parametrize("flags", ["--privileged -v /usr/local/Ascend/driver:/usr/local/Ascend/driver",
                                   f"{CHIPS} -e ASCEND_VISIBLE_DEVICES=0,1,2,3"])
def test_privileged_or_the_ascend_docker_runtime_bring_their_own(flags):
    assert run(docker_driver_access_missing, _plan(flags)) == []


def test_a_plain_vllm_serve_line_is_not_a_container():
    assert run(docker_driver_access_missing, make_plan()) == []


@pytest.mark.parametrize("mount", [
    "--mount type=bind,src=/usr/local/Ascend/driver,dst=/usr/local/Ascend/driver",
    "--mount=type=bind,source=/usr/local/Ascend/driver,target=/usr/local/Ascend/driver,readonly",
    "--mount dst=/usr/local/Ascend/driver,type=bind,src=/usr/local/Ascend/driver",
    "-v /usr/local/Ascend:/usr/local/Ascend:ro",
])
def test_other_ways_to_mount_the_driver(mount):
    assert run(docker_driver_access_missing, _plan(f"{CHIPS} {MGMT} {mount}")) == []


@pytest.mark.parametrize("volume", [
    "-v /usr/local/Ascend/driver",  # an anonymous volume: empty, not the host's driver
    "-v /usr/local/Ascend/driver:/mnt/drv",  # the host's driver, but not where the runtime looks
    "--mount type=volume,src=drv,dst=/usr/local/Ascend/driver",
])
def test_mounts_that_do_not_bring_the_host_driver(volume):
    [f] = run(docker_driver_access_missing, _plan(f"{CHIPS} {MGMT} {volume}"))
    assert "/usr/local/Ascend/driver mount" in f.message


def test_dev_bind_mount_brings_every_node():
    assert run(docker_driver_access_missing, _plan("--device-cgroup-rule='c *:* rmw' -v /dev:/dev")) == []

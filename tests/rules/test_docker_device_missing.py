"""docker-device-missing: /dev/davinciN of chips the host does not have."""

from tests.rules.plans import make_plan, run
from wizard.rules.host import docker_device_missing

LINE = (
    "docker run --rm {devices} --device /dev/davinci_manager --device /dev/devmm_svm --device /dev/hisi_hdc "
    "quay.io/ascend/vllm-ascend:v0.18.0-310p vllm serve Eco-Tech/Qwen3-8B-w8a8s-310 --tensor-parallel-size 4 "
    "--dtype float16 --max-model-len 16384"
)
FOUR = " ".join(f"--device /dev/davinci{i}" for i in (4, 5, 6, 7))


def test_devices_beyond_the_host_are_an_error():
    [f] = run(docker_device_missing, make_plan(command=LINE.format(devices=FOUR), host="sim:300i-duo-96g:2"))
    assert f.severity.value == "error" and "/dev/davinci{4,5,6,7}" in f.message and "/dev/davinci0" in f.fix


def test_devices_the_host_has_are_fine():
    assert run(docker_device_missing, make_plan(command=LINE.format(devices=FOUR), host="sim:300i-duo-96g:4")) == []

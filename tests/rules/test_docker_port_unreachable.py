"""docker-port-unreachable: --host 127.0.0.1 inside a container is the container's own loopback."""

from tests.rules.plans import make_plan, run
from wizard.rules.serving import docker_port_unreachable, public_bind_without_api_key

DOCKER = (
    "docker run --rm -p {publish} --device /dev/davinci0 --device /dev/davinci_manager --device /dev/devmm_svm "
    "--device /dev/hisi_hdc {net} quay.io/ascend/vllm-ascend:v0.18.0-310p vllm serve Eco-Tech/Qwen3-8B-w8a8s-310 "
    "--host {host} --port 8080 --dtype float16 --max-model-len 16384"
)


def test_loopback_inside_the_container():
    [f] = run(docker_port_unreachable, make_plan(command=DOCKER.format(publish="8080:8080", net="", host="127.0.0.1")))
    assert f.severity.value == "warning" and "-p 8080:8080" in f.message and "--host 0.0.0.0" in f.fix


def test_host_network_or_all_interfaces_is_fine():
    assert run(docker_port_unreachable, make_plan(command=DOCKER.format(publish="8080:8080", net="--network host", host="127.0.0.1"))) == []
    assert run(docker_port_unreachable, make_plan(command=DOCKER.format(publish="127.0.0.1:8080:8080", net="", host="0.0.0.0"))) == []


def test_published_on_every_interface_without_a_key_is_public():
    [f] = run(public_bind_without_api_key, make_plan(command=DOCKER.format(publish="8080:8080", net="", host="0.0.0.0")))
    assert "-p 8080:8080" in f.message and f.fix.startswith("-p 127.0.0.1:8080:8080")
    assert run(public_bind_without_api_key, make_plan(command=DOCKER.format(publish="127.0.0.1:8080:8080", net="", host="0.0.0.0"))) == []

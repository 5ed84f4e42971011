"""Packages (importlib.metadata), triton residue, /dev nodes, PCI ids, environment, psutil facts."""

from __future__ import annotations

from pathlib import Path

from wizard.detect import detect_host
from wizard.detect.devices import ascend_env, davinci_nodes, pci_npus, system_facts
from wizard.detect.packages import find_triton_residue, installed_packages
from tests.conftest import shared_dir

CAPTURE = (
    shared_dir() / "fixtures" / "npu-smi" / "310p-duo-1card-drv25.2.0-idle.txt"
).resolve()


def _dist(site: Path, name: str, version: str, top_level: str | None = None, record: str | None = None) -> None:
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    if top_level is not None:
        (info / "top_level.txt").write_text(top_level)
    if record is not None:
        (info / "RECORD").write_text(record)


def test_installed_packages_normalises_names(tmp_path):
    _dist(tmp_path, "vllm_ascend", "0.18.0")
    _dist(tmp_path, "torch-npu", "2.9.0.post2")
    _dist(tmp_path, "Triton", "3.2.0")
    _dist(tmp_path, "requests", "2.0")
    got = installed_packages(path=[str(tmp_path)])
    assert got == {"vllm-ascend": "0.18.0", "torch-npu": "2.9.0.post2", "triton": "3.2.0"}


def test_triton_residue_without_owner(tmp_path):
    (tmp_path / "triton").mkdir()
    _dist(tmp_path, "torch", "2.9.0", top_level="torch\n", record="torch/__init__.py,,\n")
    assert find_triton_residue([tmp_path]) == tmp_path / "triton"


def test_triton_owned_by_triton_ascend_is_not_residue(tmp_path):
    (tmp_path / "triton").mkdir()
    _dist(tmp_path, "triton-ascend", "3.2.0", record="triton/__init__.py,sha256=x,1\n")
    assert find_triton_residue([tmp_path]) is None


def test_no_triton_folder(tmp_path):
    assert find_triton_residue([tmp_path]) is None


def test_davinci_nodes(tmp_path):
    for name in ("davinci2", "davinci0", "davinci10", "davinci_manager", "devmm_svm", "vdavinci100"):
        (tmp_path / name).touch()
    assert davinci_nodes(tmp_path) == [str(tmp_path / n) for n in ("davinci0", "davinci2", "davinci10", "vdavinci100")]
    assert davinci_nodes(tmp_path / "missing") == []


def test_pci_npus(tmp_path):
    for bdf, vendor, device in (("0000:01:00.0", "0x19e5", "0xd500"), ("0000:02:00.0", "0x19e5", "0x1822"), ("0000:03:00.0", "0x8086", "0xd500")):
        d = tmp_path / bdf
        d.mkdir()
        (d / "vendor").write_text(vendor + "\n")
        (d / "device").write_text(device + "\n")
    assert pci_npus(tmp_path) == [{"bus_id": "0000:01:00.0", "device": "0xd500", "family": "310p"}]


def test_ascend_env_keeps_ascend_and_hccl_only():
    env = {"ASCEND_RT_VISIBLE_DEVICES": "0,1", "HCCL_OP_EXPANSION_MODE": "AIV", "HOME": "/root", "VLLM_API_KEY": "secret"}
    assert ascend_env(env) == {"ASCEND_RT_VISIBLE_DEVICES": "0,1", "HCCL_OP_EXPANSION_MODE": "AIV"}


def test_system_facts(tmp_path):
    facts = system_facts(tmp_path)
    assert isinstance(facts["docker_cli"], bool)
    assert facts["cpus"] >= 1 and facts["host_ram_mb"] > 0 and facts["free_disk_mb"] >= 0


def test_detect_host_under_a_root_tree(tmp_path):
    (tmp_path / "dev").mkdir()
    for n in (0, 1):
        (tmp_path / "dev" / f"davinci{n}").touch()
    drv = tmp_path / "usr/local/Ascend/driver"
    drv.mkdir(parents=True)
    (drv / "version.info").write_text("Version=25.2.0\n")
    host = detect_host(npu_smi_output=str(CAPTURE), root=tmp_path, environ={"ASCEND_RT_VISIBLE_DEVICES": "0,1"})
    assert host.versions["driver"] == "25.2.0" and host.versions["npu_smi"] == "25.2.0"
    assert host.extra["davinci_nodes"] == [str(tmp_path / "dev" / "davinci0"), str(tmp_path / "dev" / "davinci1")]
    assert host.env == {"ASCEND_RT_VISIBLE_DEVICES": "0,1"}
    for key in ("host_ram_mb", "cpus", "free_disk_mb", "docker_cli"):
        assert key in host.extra

"""Version files read from temp trees built out of shared/fixtures/npu-smi/version-files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from wizard.detect.versions import parse_version_cfg, read_versions
from tests.conftest import shared_dir

VF = shared_dir() / "fixtures" / "npu-smi" / "version-files"


def _place(root: Path, fixture: str, dest: str) -> None:
    target = root / dest.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(VF / fixture, target)


def test_driver_firmware_and_toolkit_install_info(tmp_path):
    _place(tmp_path, "driver-version.info-25.0.rc1.1.txt", "/usr/local/Ascend/driver/version.info")
    _place(tmp_path, "firmware-version.info-7.7.0.1.231.txt", "/usr/local/Ascend/firmware/version.info")
    _place(
        tmp_path,
        "toolkit-install.info-8.1.RC1-aarch64.txt",
        "/usr/local/Ascend/ascend-toolkit/latest/aarch64-linux/ascend_toolkit_install.info",
    )
    versions, notes = read_versions(tmp_path, environ={})
    assert versions["driver"] == "25.0.rc1.1"
    assert versions["driver_inner"] == "V100R001C21SPC002B220"
    assert versions["firmware"] == "7.7.0.1.231"
    assert versions["cann"] == "8.1.RC1"
    assert versions["cann_inner"] == "V100R001C21SPC001B238"
    assert notes == []


@pytest.mark.parametrize(
    "fixture,expected",
    [
        ("toolkit-install.info-8.0.0-x86_64.txt", "8.0.0"),
        ("toolkit-install.info-8.1.RC1-x86_64.txt", "8.1.RC1"),
        ("toolkit-install.info-8.2.RC1-aarch64.txt", "8.2.RC1"),
        ("toolkit-install.info-8.2.RC1.alpha001-aarch64.txt", "8.2.RC1.alpha001"),
        ("toolkit-install.info-8.3.RC2-aarch64.txt", "8.3.RC2"),
    ],
)
def test_every_toolkit_install_info(tmp_path, fixture, expected):
    arch = "x86_64" if "x86_64" in fixture else "aarch64"
    _place(tmp_path, fixture, f"/usr/local/Ascend/ascend-toolkit/latest/{arch}-linux/ascend_toolkit_install.info")
    assert read_versions(tmp_path, environ={})[0]["cann"] == expected


@pytest.mark.parametrize(
    "fixture,public,inner",
    [
        ("toolkit-latest-version.cfg-8.2.RC2.txt", "8.2.RC2", "8.2.0.2.220"),
        ("toolkit-latest-version.cfg-8.0.T63-mindie-image.txt", "8.0.T63", "7.6.T13.0.B094"),
    ],
)
def test_version_cfg_layout(tmp_path, fixture, public, inner):
    _place(tmp_path, fixture, "/usr/local/Ascend/ascend-toolkit/latest/version.cfg")
    versions, _ = read_versions(tmp_path, environ={})
    assert (versions["cann"], versions["cann_inner"]) == (public, inner)
    assert parse_version_cfg(tmp_path / "usr/local/Ascend/ascend-toolkit/latest/version.cfg") == (public, inner)


def test_cann_85_folders_and_component_files(tmp_path):
    _place(tmp_path, "opp-version.info-8.5.0-partial.txt", "/usr/local/Ascend/cann-8.5.0/opp/version.info")
    _place(tmp_path, "toolkit-component-version.info-8.2.RC1.txt", "/usr/local/Ascend/cann-8.2.1/toolkit/version.info")
    versions, _ = read_versions(tmp_path, environ={})
    assert versions["cann"] == "8.5.0"  # the newest cann-X folder wins
    assert versions["cann_inner"] == "8.5.0.2.220"


def test_env_toolkit_home_is_preferred(tmp_path):
    _place(tmp_path, "toolkit-install.info-8.3.RC2-aarch64.txt", "/opt/cann/aarch64-linux/ascend_toolkit_install.info")
    _place(
        tmp_path,
        "toolkit-install.info-8.0.0-x86_64.txt",
        "/usr/local/Ascend/ascend-toolkit/latest/x86_64-linux/ascend_toolkit_install.info",
    )
    versions, _ = read_versions(tmp_path, environ={"ASCEND_TOOLKIT_HOME": "/opt/cann"})
    assert versions["cann"] == "8.3.RC2"


def test_install_info_driver_path(tmp_path):
    _place(tmp_path, "etc-ascend_install.info-reconstructed-from-dockerfile.txt", "/etc/ascend_install.info")
    _place(tmp_path, "driver-version.info-24.1.rc2.2.txt", "/usr/local/Ascend/driver/version.info")
    versions, notes = read_versions(tmp_path, environ={})
    assert versions["driver"] == "24.1.rc2.2" and notes == []


def test_install_info_as_empty_directory(tmp_path):
    (tmp_path / "etc" / "ascend_install.info").mkdir(parents=True)
    _place(tmp_path, "driver-version.info-25.3.rc1.txt", "/usr/local/Ascend/driver/version.info")
    versions, notes = read_versions(tmp_path, environ={})
    assert versions["driver"] == "25.3.rc1"
    assert any("is a directory" in n for n in notes)


def test_nothing_installed(tmp_path):
    assert read_versions(tmp_path, environ={}) == ({}, [])

"""Host files that carry detection results: `npu_smi:` captures, raw captures, detect --json output."""

from __future__ import annotations

import json
import shutil

import pytest

from wizard.findings import InputError
from wizard.host.hostfile import host_from_dict, load_host
from tests.conftest import shared_dir

FIXTURES = shared_dir() / "fixtures" / "npu-smi"


def test_npu_smi_key_is_relative_to_the_host_file(tmp_path):
    (tmp_path / "caps").mkdir()
    shutil.copy(FIXTURES / "310p-duo-2cards-drv24.1.0.1-mindie-proc.txt", tmp_path / "caps" / "smi.txt")
    (tmp_path / "host.yaml").write_text(
        "npu_smi: caps/smi.txt\nchip_used_mb: [1500, 1400]\nversions: {cann: 8.2.RC1}\npackages: {vllm_ascend: 0.18.0}\n"
    )
    host = load_host(str(tmp_path / "host.yaml"))
    assert host.family == "310p" and len(host.chips) == 4 and len(host.cards) == 2
    assert [c.memory_used_mb for c in host.chips] == [1500, 1400, 35563, 35204]
    assert host.versions["cann"] == "8.2.RC1" and host.versions["npu_smi"] == "24.1.0.1"
    assert host.packages == {"vllm-ascend": "0.18.0"}


def test_npu_smi_extra_hints_in_a_host_file(tmp_path):
    host = host_from_dict(
        {
            "npu_smi": "310p-1chip-48G-drv25.5.2-idle.txt",
            "npu_smi_extra": ["310p-1chip-48G-drv25.5.2-mapping-m.txt"],
        },
        source="case",
        base_dir=FIXTURES,
    )
    assert host.cards[0].kind == "unknown-310p" and "card reports 1 chip" in host.extra["card_details"][0]["basis"]


def test_case_style_relative_path_from_the_cases_folder():
    cases = FIXTURES.parents[1] / "cases"
    host = host_from_dict({"npu_smi": "../fixtures/npu-smi/310p-duo-1card-drv25.2.0-idle.txt"}, "case", cases)
    assert [c.memory_total_mb for c in host.chips] == [44280, 43693]


def test_raw_capture_as_the_host_file():
    host = load_host(str(FIXTURES / "310p-pro-hami-vnpu-container-drv25.5.1.txt"))
    assert host.family == "310p" and len(host.chips) == 1 and host.chips[0].memory_total_mb == 8192
    other = load_host(str(FIXTURES / "a3-ascend910-2npu-4die-drv25.2.0-proc.txt"))
    assert other.family == "a3" and other.chips == []
    bad = load_host(str(FIXTURES / "negative-310p-duo-ocr-mangled-drv24.1.0.1.txt"))
    assert bad.family == "unknown" and bad.chips == [] and "unparseable" in bad.problem


def test_missing_capture_is_an_input_error(tmp_path):
    (tmp_path / "host.yaml").write_text("npu_smi: nowhere.txt\n")
    with pytest.raises(InputError, match="cannot read npu-smi capture"):
        load_host(str(tmp_path / "host.yaml"))


def test_detect_json_of_a_910b_host_loads_without_chips(tmp_path):
    data = {"source": "x", "chips": [], "cards": [], "family": "910b", "problem": "npu-smi shows 8 910B3", "extra": {"found": {"chips": 8}}}
    (tmp_path / "h.json").write_text(json.dumps(data))
    host = load_host(str(tmp_path / "h.json"))
    assert host.family == "910b" and host.chips == [] and host.problem and host.extra["found"]["chips"] == 8


def test_chips_without_cards_are_grouped_by_npu_id(tmp_path):
    (tmp_path / "h.yaml").write_text(
        "chips:\n"
        "  - {logic_id: 0, npu_id: 6, chip_index: 0, memory_total_mb: 44280}\n"
        "  - {logic_id: 1, npu_id: 6, chip_index: 1, memory_total_mb: 43693}\n"
        "triton_residue: true\ntriton_residue_path: /usr/lib/python3/site-packages/triton\n"
    )
    host = load_host(str(tmp_path / "h.yaml"))
    assert [(c.npu_id, c.kind, c.logic_ids) for c in host.cards] == [(6, "300i-duo", [0, 1])]
    assert host.triton_residue and host.triton_residue_path.endswith("triton")


def test_sim_still_works():
    host = load_host("sim:300i-duo-96g:2")
    assert len(host.chips) == 4

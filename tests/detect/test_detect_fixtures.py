"""Table-driven: every capture in shared/fixtures/npu-smi gives the expected chips, cards and family."""

from __future__ import annotations


import pytest

from wizard.detect.host import host_from_npu_smi
from wizard.detect.npu_smi import parse_npu_smi_info
from wizard.detect.npu_smi_kv import classify_capture, collect_hints
from tests.conftest import shared_dir

FIXTURES = shared_dir() / "fixtures" / "npu-smi"

DUO48 = [44280, 43693]

# file -> (family, {npu_id: (card kind, [logic ids])}, totals per logic id, used per logic id, processes)
TABLES: dict[str, tuple] = {
    "310p-duo-1card-drv25.2.0-idle.txt": ("310p", {2: ("300i-duo", [0, 1])}, DUO48, [1529, 1411], 0),
    "310p-duo-1card-drv25.0.rc1.1-kylin-proc.txt": ("310p", {6: ("300i-duo", [0, 1])}, DUO48, [1175, 8322], 1),
    "310p-duo-1card-drv25.0.rc1.1-x86-idle.txt": ("310p", {8: ("300i-duo", [0, 1])}, DUO48, [1475, 1462], 0),
    "310p-duo-1card-drv24.1.rc2-npu1792-container.txt": ("310p", {1792: ("300i-duo", [0, 1])}, DUO48, [1821, 1041], 0),
    "310p-duo-2cards-drv24.1.0.1-mindie-proc.txt": (
        "310p",
        {1: ("300i-duo", [0, 1]), 2: ("300i-duo", [2, 3])},
        DUO48 * 2,
        [16302, 15543, 35563, 35204],
        4,
    ),
    "310p-duo-4cards-drv25.3.rc1-container-proc.txt": (
        "310p",
        {0: ("300i-duo", [0, 1]), 96: ("300i-duo", [2, 3]), 32768: ("300i-duo", [4, 5]), 32896: ("300i-duo", [6, 7])},
        [44278, 43693] * 4,
        [35552, 35270, 1705, 1242, 1696, 1246, 1658, 1265],
        3,
    ),
    "310p-24G-8cards-drv24.1.0.1-idle.txt": (
        "310p",
        {n: ("300i-pro", [i]) for i, n in enumerate([0, 32, 96, 32768, 32800, 32832, 32864, 32896])},
        [21527] * 8,
        [1844, 1846, 1845, 1846, 1844, 1843, 1844, 1846],
        0,
    ),
    "310p-24G-6npu-drv25.2.0-container-idle.txt": (
        "310p",
        {n: ("300i-pro", [i]) for i, n in enumerate([0, 32, 96, 32768, 32800, 32896])},
        [21527] * 6,
        [1851, 1852, 1851, 1852, 1853, 1853],
        0,
    ),
    "310p-24G-4cards-drv25.2.1-inuse-truncated.txt": (
        "310p",
        {n: ("300i-pro", [i]) for i, n in enumerate([0, 32, 32768, 32800])},
        [21527] * 4,
        [19435, 1910, 19562, 1909],
        0,
    ),
    "310p-24G-1card-drv23.0.0-edgebox-idle.txt": ("310p", {24: ("300i-pro", [0])}, [21527], [1832], 0),
    "310p-pro-2cards-drv25.5.1-host-noproc.txt": (
        "310p",
        {4: ("300i-pro", [0]), 5: ("300i-pro", [1])},
        [21525, 21525],
        [1848, 1849],
        0,
    ),
    "310p-pro-hami-vnpu-container-drv25.5.1.txt": ("310p", {32768: ("unknown-310p", [0])}, [8192], [0], 0),
    "310p-1chip-48G-drv25.5.2-idle.txt": ("310p", {32896: ("unknown-310p", [0])}, [44213], [1904], 0),
}

# file -> (family, table chips, distinct NPU ids, chip names)
OTHER_TABLES: dict[str, tuple] = {
    "910b3-8cards-drv25.3.rc1-proc.txt": ("910b", 8, 8, ["910B3"]),
    "910b2c-2cards-drv23.0.2.1-proc.txt": ("910b", 2, 2, ["910B2C"]),
    "a3-ascend910-2npu-4die-drv25.2.0-proc.txt": ("a3", 4, 2, ["Ascend910"]),
    "910a-8cards-drv24.1.RC2-ddr+hbm-namexxx.txt": ("910a", 8, 8, ["xxx"]),
    "310-4chips-atlas300i-model3000-drv21.0.4.txt": ("310", 4, 1, ["310"]),
    "310b4-soc-drv23.0.0-nopcie.txt": ("310b", 1, 1, ["310B4"]),
}

UNPARSEABLE = {"negative-310p-duo-ocr-mangled-drv24.1.0.1.txt"}

# file -> (kind, {npu_id: (chip_count, mcu_chip_id, product_type, product_name)})
AUXILIARY: dict[str, tuple] = {
    "310p-duo-4cards-mapping-m-namexxx.txt": ("mapping", {n: (2, 2, None, None) for n in (1, 2, 4, 5)}),
    "310p-1chip-48G-drv25.5.2-mapping-m.txt": ("mapping", {32896: (1, 1, None, None)}),
    "310-4chips-atlas300i-model3000-drv21.0.4-mapping-m.txt": ("mapping", {6: (4, 4, None, None)}),
    "910a-8cards-drv24.1.RC2-mapping-m.txt": ("mapping", {n: (1, None, None, None) for n in range(8)}),
    "310p-duo-board-i-card-drv25.5.1.txt": ("board", {2944: (2, None, None, "IT21PD2G10")}),
    "310p-board-i1-c0-chipname-xxx-huaweidoc.txt": ("board", {1: (None, None, None, None)}),
    "310p-duo-product-i-drv25.5.1.txt": ("product", {2944: (2, None, "Atlas 300I Duo", None)}),
    "310p-duo-memory-i-drv25.5.1.txt": ("memory", {2944: (2, None, None, None)}),
    "310p-duo-health-i-drv25.5.1.txt": ("health", {2944: (2, None, None, None)}),
    "310p-duo-usages-i1.txt": ("usages", {1: (2, None, None, None)}),
    "310p-duo-common-i1.txt": ("common", {1: (2, None, None, None)}),
    "310p-1chip-usages-i1-huaweidoc.txt": ("usages", {1: (1, None, None, None)}),
    "310p-1chip-common-i1-huaweidoc.txt": ("common", {1: (1, None, None, None)}),
    "310p-list-l-1card-IT21PDDA01.txt": ("list", {8: (1, None, None, "IT21PDDA01")}),
}


def _text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_every_fixture_file_has_an_expectation():
    files = {p.name for p in FIXTURES.glob("*.txt")}
    covered = set(TABLES) | set(OTHER_TABLES) | UNPARSEABLE | set(AUXILIARY)
    assert files == covered


@pytest.mark.parametrize("name", sorted(TABLES))
def test_310p_table(name):
    family, cards, totals, used, processes = TABLES[name]
    host = host_from_npu_smi(_text(name), source=name)
    assert host.family == family and host.problem is None
    assert {c.npu_id: (c.kind, c.logic_ids) for c in host.cards} == cards
    chips = sorted(host.chips, key=lambda c: c.logic_id)
    assert [c.logic_id for c in chips] == list(range(len(totals)))
    assert [c.memory_total_mb for c in chips] == totals
    assert [c.memory_used_mb for c in chips] == used
    assert all(c.name == "310P3" and c.health == "OK" for c in chips)
    assert len(host.extra["processes"]) == processes
    for card in host.cards:  # both chips of a Duo sit behind one Bus-Id
        members = [host.chip(i) for i in card.logic_ids]
        assert len({m.bus_id for m in members}) == 1
        assert [m.chip_index for m in members] == list(range(len(members)))


def test_duo_4cards_logic_ids_and_processes():
    host = host_from_npu_smi(_text("310p-duo-4cards-drv25.3.rc1-container-proc.txt"), source="t")
    assert len(host.chips) == 8 and len(host.cards) == 4
    assert sorted(c.logic_id for c in host.chips) == list(range(8))
    assert host.chip(5).npu_id == 32768 and host.chip(5).chip_index == 1 and host.chip(5).bus_id == "0000:81:00.0"
    procs = host.extra["processes"]
    assert procs[0] == {"npu_id": 0, "chip_index": 0, "logic_id": 0, "pid": 326429, "name": "", "memory_mb": 33842}
    assert [p["logic_id"] for p in procs] == [0, 0, 1]


def test_truncated_capture_is_flagged():
    table = parse_npu_smi_info(_text("310p-24G-4cards-drv25.2.1-inuse-truncated.txt"))
    assert table.truncated and len(table.chips) == 4


def test_leading_log_lines_and_version():
    table = parse_npu_smi_info(_text("310p-pro-hami-vnpu-container-drv25.5.1.txt"))
    assert table.npu_smi_version == "25.5.1" and len(table.chips) == 1


@pytest.mark.parametrize("name", sorted(OTHER_TABLES))
def test_other_families_have_no_310p_chips(name):
    family, n_chips, n_cards, names = OTHER_TABLES[name]
    table = parse_npu_smi_info(_text(name))
    assert table.family == family and len(table.chips) == n_chips
    assert len({c.npu_id for c in table.chips}) == n_cards
    assert sorted({c.name for c in table.chips}) == names
    host = host_from_npu_smi(_text(name), source=name)
    assert host.family == family and host.chips == [] and host.cards == []
    assert "not a 310P" in host.problem
    assert host.extra["found"]["chips"] == n_chips


def test_910b_memory_is_hbm():
    table = parse_npu_smi_info(_text("910b3-8cards-drv25.3.rc1-proc.txt"))
    assert {c.memory_total_mb for c in table.chips} == {65536}


@pytest.mark.parametrize("name", sorted(UNPARSEABLE))
def test_ocr_mangled_is_unparseable_not_miscounted(name):
    host = host_from_npu_smi(_text(name), source=name)
    assert host.family == "unknown" and host.chips == [] and host.cards == []
    assert "unparseable" in host.problem


@pytest.mark.parametrize("name", sorted(AUXILIARY))
def test_auxiliary_outputs(name):
    kind, expected = AUXILIARY[name]
    text = _text(name)
    assert classify_capture(text) == kind
    hints = collect_hints([text])
    got = {n: (h.chip_count, h.mcu_chip_id, h.product_type, h.product_name) for n, h in hints.items()}
    assert got == expected
    # never mistaken for a table
    host = host_from_npu_smi(text, source=name)
    assert host.family == "unknown" and host.chips == [] and host.problem


def test_hints_tell_half_a_duo_from_a_pro():
    table = _text("310p-24G-1card-drv23.0.0-edgebox-idle.txt").replace("| 24      310P3", "| 1       310P3")
    plain = host_from_npu_smi(table, source="t")
    assert plain.cards[0].kind == "300i-pro"
    with_map = host_from_npu_smi(table, source="t", aux_texts=[_text("310p-duo-4cards-mapping-m-namexxx.txt")])
    assert with_map.cards[0].kind == "300i-duo"
    assert with_map.extra["card_details"][0]["partial"] is True


def test_product_names_a_single_48g_chip_card():
    host = host_from_npu_smi(
        _text("310p-1chip-48G-drv25.5.2-idle.txt"), source="t", aux_texts=[_text("310p-1chip-48G-drv25.5.2-mapping-m.txt")]
    )
    assert host.cards[0].kind == "unknown-310p"
    assert host.extra["card_details"][0]["partial"] is False

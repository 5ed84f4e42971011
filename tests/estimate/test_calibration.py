"""The estimator against the public start-up numbers (shared/reference/observed-startup-numbers.md)."""

from __future__ import annotations

import pytest

from wizard.estimate import constants as K
from wizard.estimate.memory import estimate_memory, kv_bytes_per_token, mask_peak_bytes
from wizard.facts.catalog import lookup_catalog
from wizard.facts.model import WeightsFacts
from wizard.host.model import Chip
from wizard.launch.options import ServeOptions

GiB = 1024**3


def _c1():
    q8 = lookup_catalog("Eco-Tech/Qwen3-8B-w8a8s-310")
    opts = ServeOptions(model="Eco-Tech/Qwen3-8B-w8a8s-310", max_model_len=16384, gpu_memory_utilization=0.90)
    return estimate_memory(q8, WeightsFacts(origin="C1", quant_type="W8A8S"), opts, [Chip(0, 44280, 1529)], 16384)


def test_c1_kv_tokens_within_5_percent():
    est = _c1()
    assert est.kv_cache_tokens == pytest.approx(87552, rel=0.05)
    assert est.kv_cache_tokens % 128 == 0
    assert est.max_concurrency == pytest.approx(5.34, rel=0.05)


def test_c1_bytes_per_token_is_the_reference_arithmetic():
    # 36 layers × 8 KV heads × 128 head_dim × 2 (K, V) × 2 B = 147,456 B/token
    assert kv_bytes_per_token(lookup_catalog("Qwen/Qwen3-8B"), 1) == 147456


def test_c4_fp16_weights_within_2_percent():
    q8 = lookup_catalog("Qwen/Qwen3-8B")
    est = estimate_memory(q8, WeightsFacts(origin="C4", quant_type="FLOAT"), ServeOptions(max_model_len=4096), [Chip(0, 44280, 1529)], 4096)
    assert est.chips[0].weights_bytes / GiB == pytest.approx(15.2684, rel=0.02)


def test_c2_halving_shape():
    """C2 logs every term: (34.59 − 18.8 − 1.71 − 1.05 − idle used) / 2 = 5.77 GiB."""
    idle = 1529 * K.MiB / GiB
    assert (34.59 - 18.8 - 1.71 - 1.05 - idle) / 2 == pytest.approx(5.77, abs=0.05)


def test_c3_a_co_tenant_leaves_no_kv_cache():
    q06 = lookup_catalog("Qwen/Qwen3-0.6B")
    opts = ServeOptions(max_model_len=4096, gpu_memory_utilization=0.5)
    est = estimate_memory(q06, WeightsFacts(origin="C3", quant_type="FLOAT"), opts, [Chip(0, 44278, 20687)], 4096)
    assert est.kv_cache_tokens < 4096  # start fails, as observed (0.09 GiB, "halved")


def test_tp_group_is_limited_by_its_smallest_chip():
    q32 = lookup_catalog("Qwen/Qwen3-32B")
    opts = ServeOptions(max_model_len=20480, tensor_parallel_size=2)
    est = estimate_memory(q32, WeightsFacts(origin="t", quant_type="W8A8SC"), opts, [Chip(0, 44280, 1529), Chip(1, 21527, 1500)], 20480)
    assert est.chips[0].kv_cache_tokens == est.chips[1].kv_cache_tokens
    assert est.limiting_chip.logic_id == 1


@pytest.mark.parametrize("L, peak_gib", [(16384, 1.5), (20480, 2.34), (32768, 6.0), (40960, 9.375)])
def test_mask_peak_matches_the_reference_table(L, peak_gib):
    assert mask_peak_bytes(L, 2048) / GiB == pytest.approx(peak_gib, rel=0.01)

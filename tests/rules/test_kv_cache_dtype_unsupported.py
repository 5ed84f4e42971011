"""kv-cache-dtype-unsupported: fp8 (any non-auto) KV cache is not supported on 310P."""

from tests.rules.plans import assert_well_formed, checked_codes, make_plan, run
from wizard.rules.options import kv_cache_dtype_unsupported


def test_fp8_kv_cache():
    plan = make_plan(replace={"--quantization ascend": "--quantization ascend --kv-cache-dtype fp8"})
    [f] = run(kv_cache_dtype_unsupported, plan)
    assert_well_formed(f, "kv-cache-dtype-unsupported", "error", "--kv-cache-dtype fp8")
    assert f.evidence == "flag --kv-cache-dtype fp8" and "drop --kv-cache-dtype" in f.fix
    assert "kv-cache-dtype-unsupported" in checked_codes(plan)


def test_auto_is_fine():
    assert run(kv_cache_dtype_unsupported, make_plan()) == []
    assert run(kv_cache_dtype_unsupported, make_plan(replace={"--quantization ascend": "--quantization ascend --kv-cache-dtype auto"})) == []

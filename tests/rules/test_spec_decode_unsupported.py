from tests.releases.helpers import codes, make_plan
from wizard.rules.release import spec_decode_unsupported

MTP = '{"method": "qwen3_5_mtp", "num_speculative_tokens": 3}'


def test_mtp_before_v021():
    [finding] = spec_decode_unsupported(make_plan(release="v0.18.0", flags={"speculative_config": MTP}))
    assert finding.severity.value == "error" and "3 tokens" in finding.message
    assert "v0.21.0rc1-310p" in finding.fix


def test_mtp_from_v021_and_no_spec():
    assert codes(spec_decode_unsupported(make_plan(release="v0.21.0rc1", flags={"speculative_config": MTP}))) == []
    assert codes(spec_decode_unsupported(make_plan(release="v0.18.0"))) == []


def test_newer_release_is_not_guessed():
    assert codes(spec_decode_unsupported(make_plan(release="v0.40.0", flags={"speculative_config": MTP}))) == []

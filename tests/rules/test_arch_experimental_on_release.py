from tests.releases.helpers import make_plan
from wizard.rules.release import arch_unsupported_on_release


def test_experimental_is_info_with_the_supported_release():
    [finding] = arch_unsupported_on_release(make_plan(release="v0.21.0rc1", model="/models/Qwen3.6-35B-A3B"))
    assert finding.code == "arch-experimental-on-release" and finding.severity.value == "info"
    assert "v0.23.0rc1-310p" in finding.fix

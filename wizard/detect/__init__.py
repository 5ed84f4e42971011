"""Host detection: npu-smi table parsing, version files, packages, /dev nodes (`duowiz detect`).

`detect_host()` is the public entry point; `duowiz check` without `--host` calls it.
"""

from wizard.detect.host import detect_host, host_from_npu_smi

__all__ = ["detect_host", "host_from_npu_smi"]

"""Does the installed torch_npu have the two kernels of the fixed-size (compressed) mask path?

From vllm-ascend v0.21.0rc1, 310P builds fixed 2048² masks instead of the O(L²) one when
torch_npu has `_npu_flash_attention_v3` and `_npu_paged_attention_splitfuse_v2`
(vllm-ascend-310p.md §1.5). Importing torch_npu takes seconds and may hang on a sick driver,
so the probe runs in a child interpreter with a timeout, and only when torch-npu is installed.
"""

from __future__ import annotations

import subprocess
import sys

PROBE_CODE = (
    "import torch_npu\n"
    "print(hasattr(torch_npu, '_npu_flash_attention_v3') and hasattr(torch_npu, '_npu_paged_attention_splitfuse_v2'))\n"
)


def probe_mask_kernels(packages: dict[str, str], timeout: float = 30.0, python: str | None = None) -> tuple[bool | None, str]:
    """(True/False, how) when the probe ran; (None, why not) otherwise."""
    if "torch-npu" not in packages:
        return None, "torch-npu not installed"
    try:
        out = subprocess.run(
            [python or sys.executable, "-c", PROBE_CODE],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None, f"importing torch_npu took longer than {timeout:.0f} s"
    except OSError as exc:
        return None, f"could not run the probe: {exc}"
    answer = out.stdout.strip().splitlines()[-1:] or [""]
    if out.returncode != 0 or answer[0] not in ("True", "False"):
        last = (out.stderr.strip().splitlines() or ["no output"])[-1]
        return None, f"importing torch_npu failed: {last[:160]}"
    return answer[0] == "True", f"probed torch_npu {packages['torch-npu']}"

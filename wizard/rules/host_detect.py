"""Host-detection rule: the plan targets 310P, so a host without 310P chips is an error.

Why a rule and not a CLI message: `check` against a detect file from a 910B box, a failed
npu-smi on this machine or a mangled capture must all end in the same finding, with the
reason (what was found instead) and a fix that fits that reason.
"""

from __future__ import annotations

from wizard.findings import error
from wizard.rules.registry import rule

_FAMILY_WORDS = {
    "910b": "Ascend 910B (Atlas A2) chips",
    "910a": "Ascend 910 (910A) chips",
    "a3": "Atlas A3 (Ascend 910_93) chips",
    "310": "old Ascend 310 chips (Atlas 300I model 3000)",
    "310b": "an Ascend 310B SoC",
}

_SIM_HINT = "or check the plan against a simulated host: --host sim:300i-duo-96g:1"


def _fix(host) -> str:
    status = (host.extra.get("probe") or {}).get("status")
    if host.family in _FAMILY_WORDS:
        return (
            "duowiz plans target the Atlas 300I Duo / Pro (310P); run it on a 310P server, "
            + _SIM_HINT
        )
    if status == "missing":
        return (
            "install the Ascend driver (it provides npu-smi), or inside a container mount "
            "/usr/local/bin/npu-smi, /usr/local/Ascend/driver and the /dev/davinci* nodes; " + _SIM_HINT
        )
    if status == "timeout":
        return (
            "run `npu-smi info` by hand to see where it hangs (driver / vNPU limiter mismatch), "
            "raise `duowiz detect --timeout`, or pass a saved host file with --host FILE"
        )
    if status == "failed":
        return "run `npu-smi info` by hand and fix the driver error it prints, or pass --host FILE"
    if status == "garbage":
        return ("check that the `npu-smi` on PATH is the Ascend driver's (`command -v npu-smi`; a wrapper or "
                "stand-in that floods or mangles its output is not), or save a plain `LANG=C npu-smi info` "
                "capture (no screenshot/OCR copy) and pass it with --host FILE")
    return "check `npu-smi info` on the serving machine, or pass --host FILE / --host sim:300i-duo-96g:1"


@rule("no-310p-detected", group="host")
def no_310p_detected(plan):
    """No Ascend 310P chip on the host (says what was found instead: 910B, old 310, nothing, npu-smi missing/hung)."""
    host = plan.host
    if host.family == "310p" and host.chips:
        return
    if host.family in _FAMILY_WORDS:
        found = host.extra.get("found") or {}
        count = f"{found['chips']} " if found.get("chips") else ""
        names = f" named {', '.join(found['names'])}" if found.get("names") else ""
        what = f"the host has {count}{_FAMILY_WORDS[host.family]}{names}, not 310P"
    elif host.family == "none":
        what = "no Ascend NPU was found on the host"
    elif host.family == "310p":
        what = "the host description lists no 310P chip"
    else:
        what = "the host's NPUs could not be identified"
    reason = f": {host.problem}" if host.problem and host.family not in _FAMILY_WORDS else ""
    nodes = host.extra.get("davinci_nodes") or []
    evidence = f"host {host.source}; family {host.family}"
    if nodes:
        evidence += f"; {len(nodes)} /dev/davinci node(s)"
    yield error(
        "no-310p-detected",
        f"no 310P detected — {what}{reason}",
        evidence=evidence,
        fix=_fix(host),
        family=host.family,
    )

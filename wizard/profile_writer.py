"""Turn a checked launch into a profile YAML (`duowiz check … --save-profile FILE`).

Written through `wizard.atomic_write` (temp file beside the target, then rename; never over a
device, FIFO or directory), so a crash never leaves half a profile. API keys and other secrets
are not written: a profile lives in git; the key belongs in VLLM_API_KEY at run time, and
`dropped_secrets` names what was left out so the CLI can say so.
"""

from __future__ import annotations

import json
from pathlib import Path

from wizard.atomic_write import write_text_atomic
from wizard.findings import InputError
from wizard.launch.spec import LaunchSpec
from wizard.secrets import is_secret_name

SECRET_DESTS = {"api_key"}


def _value(raw: str | None, spelling: str):
    if raw is None:
        return not spelling.lstrip("-").startswith("no-")
    text = raw.strip()
    for parse in (int, float):
        try:
            return parse(text)
        except ValueError:
            pass
    if text.startswith(("{", "[")):
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return text
    return {"true": True, "false": False}.get(text.lower(), text)


def profile_dict(launch: LaunchSpec, name: str) -> dict:
    serve: dict = {}
    for use in launch.flags:
        dest = use.dest or use.spelling.lstrip("-").replace("-", "_")
        if dest in SECRET_DESTS or is_secret_name(dest) or dest == "model":
            continue
        if dest.startswith("no_") and use.value is None:
            serve[dest[3:]] = False
        else:
            serve[dest] = _value(use.value, use.spelling)
    data = {"name": name, "description": f"saved by duowiz check from {launch.source}", "model": launch.model or ""}
    data["runtime"] = "docker" if launch.docker else "native"
    if launch.image:
        data["image"] = launch.image
    env = {k: v for k, v in launch.env.items() if not is_secret_name(k)}
    if env:
        data["env"] = env
    data["serve"] = serve
    return data


def dropped_secrets(launch: LaunchSpec) -> list[str]:
    """The flags and environment variables `profile_dict` leaves out because they hold secrets."""
    flags = [use.spelling for use in launch.flags
             if (use.dest or use.spelling.lstrip("-").replace("-", "_")) in SECRET_DESTS
             or is_secret_name(use.dest or use.spelling.lstrip("-").replace("-", "_"))]
    return flags + [k for k in launch.env if is_secret_name(k)]


def save_profile(launch: LaunchSpec, target: str) -> Path:
    import yaml

    path = Path(target).expanduser()
    if path.suffix not in (".yaml", ".yml"):
        raise InputError(f"--save-profile {target}: a profile file name must end in .yaml or .yml")
    data = profile_dict(launch, path.stem)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    return write_text_atomic(path, text, what="profile")

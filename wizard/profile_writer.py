"""Turn a checked launch into a profile YAML (`duowiz check … --save-profile FILE`).

Written to a temp file beside the target and renamed, so a crash never leaves half a profile.
API keys are not written: a profile lives in git; the key belongs in VLLM_API_KEY at run time.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

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


def save_profile(launch: LaunchSpec, target: str) -> Path:
    import yaml

    path = Path(target)
    data = profile_dict(launch, path.stem)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        raise InputError(f"cannot write profile {path}: {exc.strerror or exc}") from None
    return path

"""Profiles: a named, validated serving configuration (`profiles/<name>.yaml` or any YAML file).

A profile is what an operator keeps in git for a fleet: the model, the serve options (by vLLM
dest name), the environment, the runtime (native or docker) and, for W8A8SC, the W8A8S folder
to compress from. The schema is strict: unknown keys are rejected with a "did you mean".
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from wizard.findings import InputError, shorten
from wizard.launch.spec import FlagUse, LaunchSpec

PROFILES_DIR = Path(__file__).resolve().parent.parent / "profiles"


class Profile(BaseModel):
    """One serving configuration. Every field has a docstring-like description (the docs)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="Profile name (file stem for shipped profiles).")
    description: str = Field("", description="What this configuration is for.")
    model: str = Field(description="Weights folder or hub id that vLLM serves.")
    compress_from: str | None = Field(
        None, description="W8A8S folder to compress into `model` (W8A8SC) for the plan's TP when `model` is missing."
    )
    runtime: Literal["native", "docker"] = Field("native", description="Run vllm from this Python env, or in docker.")
    image: str | None = Field(None, description="Container image (docker runtime; also tells the release).")
    release: str | None = Field(None, description="vllm-ascend release, when neither image nor packages tell it.")
    env: dict[str, str] = Field(default_factory=dict, description="Environment of the serving process.")
    serve: dict[str, Any] = Field(default_factory=dict, description="vLLM serve options by dest name.")
    graph_limit: int | None = Field(
        None, ge=1, description="Override of the TP>1 FULL_DECODE_ONLY graph limit, when measured on your host."
    )
    host: str | None = Field(None, description="Host the plan is checked against by default (sim:… or a host file).")

    @field_validator("env", mode="before")
    @classmethod
    def _env_to_strings(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {str(k): str(v) for k, v in value.items()}
        return value

    def with_overrides(self, overrides: dict[str, Any]) -> "Profile":
        """A copy with serve options replaced; a `model` override replaces the served model."""
        serve = dict(self.serve)
        update: dict[str, Any] = {}
        for key, value in overrides.items():
            key = key.replace("-", "_")
            if key == "model":
                if not str(value or "").strip():
                    raise InputError("--model needs a weights folder or hub id")
                update["model"] = str(value)
            else:
                serve[key] = value
        return self.model_copy(update={**update, "serve": serve})

    def to_launch_spec(self) -> LaunchSpec:
        flags = [_flag(dest, value) for dest, value in self.serve.items() if value is not None]
        return LaunchSpec(
            source=f"profile {self.name}",
            model=self.model,
            flags=flags,
            env=dict(self.env),
            image=self.image,
            docker=self.runtime == "docker",
        )


def _flag(dest: str, value: Any) -> FlagUse:
    dest = dest.replace("-", "_")
    known = _known_dest(dest)
    spelling = "--" + dest.replace("_", "-")
    if isinstance(value, bool):
        if value:
            return FlagUse(spelling, known, None)
        return FlagUse("--no-" + dest.replace("_", "-"), known, None) if _negatable(dest) else FlagUse(spelling, known, "false")
    if isinstance(value, (dict, list)):
        return FlagUse(spelling, known, json.dumps(value))
    return FlagUse(spelling, known, str(value))


def _known_dest(dest: str) -> str | None:
    from wizard.launch import flags

    return dest if flags.by_dest(dest) is not None else None


def _negatable(dest: str) -> bool:
    from wizard.launch import flags

    info = flags.by_dest(dest)
    return info is not None and info.negatable


def profile_names() -> list[str]:
    return sorted(p.stem for p in PROFILES_DIR.glob("*.yaml"))


def resolve_profile_path(name_or_path: str) -> Path:
    path = Path(name_or_path)
    # os.path.exists, not Path.exists: it answers False (not OSError) for a name too long for a path
    if path.suffix in (".yaml", ".yml") or os.path.exists(path):
        return path
    candidate = PROFILES_DIR / f"{name_or_path}.yaml"
    if os.path.exists(candidate):
        return candidate
    close = difflib.get_close_matches(name_or_path, profile_names(), n=1) if len(name_or_path) <= 200 else []
    hint = f" (did you mean {close[0]!r}?)" if close else f" (shipped: {', '.join(profile_names())})"
    raise InputError(f"no profile named {shorten(name_or_path)!r}{hint}")


def load_profile(name_or_path: str) -> Profile:
    from wizard.safe_yaml import load_one

    path = resolve_profile_path(name_or_path)
    from wizard.inputfile import read_input

    text = read_input(str(path), "profile")
    data = load_one(text, f"profile {path}")
    if not isinstance(data, dict):
        raise InputError(f"profile {path} must be a YAML mapping")
    data.setdefault("name", path.stem)
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        raise InputError(f"profile {path}: {_describe(exc)}") from None


def _describe(exc: ValidationError) -> str:
    """The first problem, in one line, with a did-you-mean for unknown keys."""
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"])
    if err["type"] == "extra_forbidden":
        close = difflib.get_close_matches(str(err["loc"][-1]), list(Profile.model_fields), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"unknown key {where!r}{hint}"
    more = f" (+{exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where}: {err['msg']}{more}"


def profile_json_schema() -> dict:
    return Profile.model_json_schema()

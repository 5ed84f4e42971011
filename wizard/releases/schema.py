"""Strict pydantic schema of knowledge.yaml, and `validate_knowledge()`.

Why separate from the loader: pydantic costs tens of milliseconds to import, and `duowiz check`
must stay fast. The schema runs in tests/releases/test_schema.py and `duowiz releases
--validate`; it rejects unknown keys, bad versions, unknown statuses and any fact without a
`source`, so that adding a release stays a safe data-only edit.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from wizard.releases.versions import parse_version, version_key

Status310p = Literal["supported", "experimental", "broken", "none"]
ArchStatus = Literal["supported", "experimental", "unsupported"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _version(value: str | None) -> str | None:
    if value is not None and parse_version(str(value)) is None:
        raise ValueError(f"not a version: {value!r}")
    return value


class StackPairing(_Strict):
    cann: str
    torch_npu: str
    source: str = Field(min_length=4)


class Release(_Strict):
    version: str
    last: str | None = None
    line: str
    vllm: str
    status_310p: Status310p
    engine_default: Literal["v0", "v1"]
    image_310p: str | None = None
    notes: str | None = None
    source: str = Field(min_length=4)
    engine_source: str | None = None
    stack: list[StackPairing] = Field(default_factory=list)

    _check = field_validator("version", "last", "vllm")(_version)

    @model_validator(mode="after")
    def _v0_needs_source(self):
        if self.engine_default == "v0" and not self.engine_source:
            raise ValueError(f"release {self.version}: engine_default v0 needs engine_source")
        return self


class Feature(_Strict):
    summary: str
    since: str
    until: str | None = None
    needs_kernels: list[str] = Field(default_factory=list)
    source: str = Field(min_length=4)

    _check = field_validator("since", "until")(_version)


class SupportRange(_Strict):
    from_: str | None = Field(default=None, alias="from")
    until: str | None = None
    status: ArchStatus
    source: str = Field(min_length=4)

    _check = field_validator("from_", "until")(_version)


class ArchitectureFamily(_Strict):
    family: str
    model_types: list[str]
    architectures: list[str] = Field(default_factory=list)
    support: list[SupportRange] = Field(min_length=1)


class VersionRange(_Strict):
    from_: str | None = Field(default=None, alias="from")
    until: str | None = None
    versions: list[str] = Field(default_factory=list)


class BadMatch(_Strict):
    vllm_ascend: VersionRange | None = None
    cann: list[str] | None = None
    torch_npu: list[str] | None = None
    quantized: bool | None = None
    quant_types: list[str] | None = None
    graph_mode: bool | None = None

    @model_validator(mode="after")
    def _not_empty(self):
        if not self.model_dump(exclude_none=True):
            raise ValueError("a known-bad match needs at least one condition")
        return self


class KnownBad(_Strict):
    id: str
    summary: str
    match: BadMatch
    fix: str = Field(min_length=4)
    source: str = Field(min_length=4)


class Recommended(_Strict):
    version: str
    image: str
    source: str = Field(min_length=4)


class KnowledgeFile(_Strict):
    schema_version: Literal[1]
    newest_known: str
    recommended: Recommended
    releases: list[Release] = Field(min_length=1)
    features: dict[str, Feature]
    compressed_mask_torch_npu: list[str] = Field(default_factory=list)
    compressed_mask_torch_npu_source: str = Field(min_length=4)
    architectures: list[ArchitectureFamily]
    known_bad: list[KnownBad] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self):
        keys = [version_key(r.version) for r in self.releases]
        if len(set(keys)) != len(keys):
            raise ValueError("two release entries share a version")
        if version_key(self.newest_known) < max(keys):
            raise ValueError("newest_known is older than the newest release entry")
        required = {"fuse_norm_quant_auto_skipped", "compressed_mask", "npugraph_ex_forced_off",
                    "npugraph_ex_true_unsupported", "spec_decode", "pooling"}
        missing = required - set(self.features)
        if missing:
            raise ValueError(f"features missing: {sorted(missing)}")
        return self


def validate_knowledge(data: dict) -> KnowledgeFile:
    """Raise pydantic.ValidationError when the knowledge data breaks the schema."""
    return KnowledgeFile.model_validate(data)

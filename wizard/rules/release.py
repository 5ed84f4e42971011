"""Release rules: is this vllm-ascend release / image / CANN able to run this plan on 310P?

Every rule reads `plan.release` (a `wizard.releases.KnownRelease` resolved by the assembler) and
the knowledge behind it; none guesses about a release the knowledge does not cover — that gets
the info finding `release-unknown` instead.
"""

from __future__ import annotations

from typing import Iterable

from wizard.findings import Finding, error, info, warning
from wizard.releases.context import (
    cann_version,
    env_value,
    host_is_310p,
    is_quantized,
    model_identity,
    package,
    quant_type_matches,
    release_evidence,
    release_of,
)
from wizard.releases.versions import canonical, parse_version, version_key
from wizard.rules.registry import rule


def _image_for(release, version: str) -> str:
    """The official 310P image of `version` (or the recommended one when it has none)."""
    entry = release.knowledge.entry_for(version_key(version))
    image = (entry or {}).get("image_310p")
    if image and entry.get("status_310p") in ("supported", "experimental"):
        return image
    return release.knowledge.recommended.get("image", "quay.io/ascend/vllm-ascend:v0.18.0-310p")


@rule("release-unknown", group="release")
def release_unknown(plan) -> Iterable[Finding]:
    """The vllm-ascend release is unknown or newer than duowiz's knowledge: release checks are skipped."""
    release = release_of(plan)
    if release is None or release.is_known:
        return
    newest = release.knowledge.data.get("newest_known")
    if release.state == "assumed":
        yield info(
            "release-unknown",
            "No input names the vllm-ascend release: release checks assume the documented v0.18.0 310P stack.",
            evidence="no --release, no image tag, no installed vllm-ascend package",
            fix="pass --release v0.18.0 (or the image tag you will run, e.g. v0.18.0-310p)",
        )
        return
    what = {
        "newer": f"is newer than duowiz's release knowledge (newest known: v{newest})",
        "dev": "is a development build of main, which no release entry describes",
        "older": "is older than any release duowiz knows",
    }.get(release.state, "is not described by duowiz's release knowledge")
    yield info(
        "release-unknown",
        f"vllm-ascend {release.version or '(unnamed)'} {what}: feature and architecture checks for it are skipped.",
        evidence=release.source,
        fix="update duowiz, or add the release to wizard/releases/knowledge.yaml (docs/releases.md)",
        version=release.version,
        state=release.state,
    )


@rule("image-not-310p", group="release")
def image_not_310p(plan) -> Iterable[Finding]:
    """The runtime is a non-310P build of vllm-ascend (image tag without -310p, or built for another SoC)."""
    release = release_of(plan)
    if release is None or release.is_310p_build is not False or not host_is_310p(plan):
        return
    what = release.image or f"vllm-ascend {release.version}"
    target = _image_for(release, release.version) if release.is_known else release.knowledge.recommended.get("image")
    yield error(
        "image-not-310p",
        f"{what} is an A2/A3 build, not a 310P one: on a 310P3 the worker stops with "
        "\"Current device type … does not match the installed version's device type\".",
        evidence=release.source,
        fix=f"use a -310p image, e.g. {target}",
    )


@rule("release-without-310p", group="release")
def release_without_310p(plan) -> Iterable[Finding]:
    """The vllm-ascend release line has no working 310P support."""
    release = release_of(plan)
    if release is None or not release.is_known or not host_is_310p(plan):
        return
    status = release.status_310p
    if status not in ("none", "broken"):
        return
    entry = release.entry
    why = "has no 310P support" if status == "none" else "ships a 310P image, but 310P does not work on it"
    yield error(
        "release-without-310p",
        f"vllm-ascend v{release.version} (line {release.line}) {why}. {entry.get('notes', '')}".strip(),
        evidence=f"{release.source}; see {entry.get('source')}",
        fix=f"use {release.knowledge.recommended.get('image')}",
        line=release.line,
        status=status,
    )


@rule(
    "arch-unsupported-on-release",
    "arch-experimental-on-release",
    group="release",
    docs={"arch-experimental-on-release": "The model architecture is only experimental on 310P in this release (info)."},
)
def arch_unsupported_on_release(plan) -> Iterable[Finding]:
    """The model architecture is not supported on 310P by this release (or only experimentally)."""
    release = release_of(plan)
    if release is None or not release.is_known or release.status_310p not in ("supported", "experimental"):
        return
    identity = model_identity(plan)
    if identity is None:
        return
    verdict = release.architecture(identity.model_type, identity.architectures)
    if verdict is None:
        return
    status, family, span = verdict
    named = identity.model_type or "/".join(identity.architectures)
    first = next((s.get("from") for s in family.get("support") or [] if s.get("status") == "supported" and s.get("from")), None)
    upgrade = f"use {_image_for(release, first)} or later" if first else "serve a model family this release supports"
    if status == "unsupported":
        yield error(
            "arch-unsupported-on-release",
            f"{named} ({family['family']}) is not supported on 310P by vllm-ascend v{release.version}.",
            evidence=f"model: {identity.evidence}; release: {release.source}; see {span.get('source')}",
            fix=upgrade,
            family=family["family"],
        )
    elif status == "experimental":
        yield info(
            "arch-experimental-on-release",
            f"{named} ({family['family']}) is only experimental on 310P in vllm-ascend v{release.version}.",
            evidence=f"model: {identity.evidence}; release: {release.source}; see {span.get('source')}",
            fix=upgrade if first else "",
            family=family["family"],
        )


@rule("spec-decode-unsupported", group="release")
def spec_decode_unsupported(plan) -> Iterable[Finding]:
    """Speculative decoding / MTP on a release without 310P support for it."""
    release = release_of(plan)
    spec = plan.options.speculative_config
    if release is None or not spec or not host_is_310p(plan) or release.supports("spec_decode") is not False:
        return
    since = release.knowledge.feature("spec_decode")["since"]
    method = spec.get("method") or spec.get("model") or "speculative decoding"
    yield error(
        "spec-decode-unsupported",
        f"--speculative-config ({method}, {plan.options.speculative_tokens} tokens) needs vllm-ascend "
        f"v{since} or later on 310P; {release.label()} raises \"AscendAttentionState: SpecDecoding is not "
        "supported for 310P currently\".",
        evidence=f"--speculative-config; release: {release.source}",
        fix=f"remove --speculative-config, or use {_image_for(release, since)} or later",
    )


def _range_matches(rng: dict, version: str | None) -> bool:
    parsed = parse_version(version)
    if parsed is None:
        return False
    if rng.get("versions") and parsed.text not in [parse_version(v).text for v in rng["versions"]]:
        return False
    if rng.get("from") and parsed.key < version_key(str(rng["from"])):
        return False
    return not (rng.get("until") and parsed.key >= version_key(str(rng["until"])))


@rule("known-bad-versions", group="release")
def known_bad_versions(plan) -> Iterable[Finding]:
    """A version combination with a known public bug on 310P."""
    release = release_of(plan)
    if release is None or not host_is_310p(plan):
        return
    cann, cann_from = cann_version(plan, release)
    torch_npu = package(plan, "torch-npu")
    for bad in release.knowledge.known_bad():
        match = bad.get("match") or {}
        said: list[str] = []
        if "vllm_ascend" in match:
            if not release.is_known or not _range_matches(match["vllm_ascend"], release.version):
                continue
            said.append(f"vllm-ascend v{release.version} ({release.source})")
        if "cann" in match:
            if canonical(cann) not in {canonical(c) for c in match["cann"]}:
                continue
            said.append(f"CANN {cann} ({cann_from})")
        if "torch_npu" in match:
            if canonical(torch_npu) not in {canonical(t) for t in match["torch_npu"]}:
                continue
            said.append(f"torch_npu {torch_npu}")
        if match.get("quantized") is not None and is_quantized(plan) != match["quantized"]:
            continue
        if match.get("quant_types") and not quant_type_matches(plan, match["quant_types"]):
            continue
        if match.get("graph_mode") is not None and plan.options.graph_mode != match["graph_mode"]:
            continue
        yield warning(
            "known-bad-versions",
            f"{bad['summary']} ({bad['source']}).",
            evidence="; ".join(said) or release.source,
            fix=bad["fix"],
            id=bad["id"],
        )


@rule("v0-engine-multicard", group="release")
def v0_engine_multicard(plan) -> Iterable[Finding]:
    """Old V0-engine release with TP > 1 without VLLM_USE_V1=1."""
    release = release_of(plan)
    tp = plan.options.tensor_parallel_size
    if release is None or not release.is_known or release.engine_default != "v0" or tp <= 1:
        return
    if (env_value(plan, "VLLM_USE_V1") or "").strip() == "1":
        return
    yield warning(
        "v0-engine-multicard",
        f"vllm-ascend v{release.version} runs the V0 engine by default; its 310P multi-card examples "
        f"(TP {tp} here) all set VLLM_USE_V1=1.",
        evidence=f"{release.source}; VLLM_USE_V1 not set to 1; see {release.entry.get('engine_source')}",
        fix="export VLLM_USE_V1=1 (docker: -e VLLM_USE_V1=1), or better use quay.io/ascend/vllm-ascend:v0.18.0-310p",
    )


@rule("stack-version-mismatch", group="release")
def stack_version_mismatch(plan) -> Iterable[Finding]:
    """CANN / torch_npu / vllm / vllm-ascend versions are not the pairing documented for this release."""
    release = release_of(plan)
    if release is None or not release.is_known:
        return
    yield from _installed_vs_named(plan, release)
    pairs = release.stack()
    cann = (plan.host.versions or {}).get("cann")
    torch_npu = package(plan, "torch-npu")
    if pairs and (cann or torch_npu):
        ok = any(
            (not cann or canonical(cann) == canonical(p.get("cann")))
            and (not torch_npu or canonical(torch_npu) == canonical(p.get("torch_npu")))
            for p in pairs
        )
        if not ok:
            documented = " or ".join(f"CANN {p['cann']} + torch_npu {p['torch_npu']}" for p in pairs)
            have = ", ".join(x for x in (cann and f"CANN {cann}", torch_npu and f"torch_npu {torch_npu}") if x)
            best = next((p for p in pairs if cann and canonical(cann) == canonical(p.get("cann"))), pairs[-1])
            yield warning(
                "stack-version-mismatch",
                f"{have} is not a documented pairing for vllm-ascend v{release.version} ({documented}).",
                evidence=f"host versions/packages; release: {release.source}; see {best.get('source')}",
                fix=f"use CANN {best['cann']} with `pip install torch_npu=={best['torch_npu']}`, or the image {_image_for(release, release.version)}",
            )
    vllm = parse_version(package(plan, "vllm"))
    expected = parse_version(str(release.entry.get("vllm") or ""))
    if vllm and expected and vllm.text != expected.text:
        yield warning(
            "stack-version-mismatch",
            f"vLLM {vllm.text} is installed, but vllm-ascend v{release.version} is built for vLLM {expected.text}.",
            evidence=f"installed package vllm {vllm.text}; release: {release.source}",
            fix=f"pip install vllm=={expected.text} (or use the image {_image_for(release, release.version)})",
        )


def _installed_vs_named(plan, release) -> Iterable[Finding]:
    """The image / --release says one vllm-ascend, the installed package another."""
    installed = parse_version(release.installed)
    if release.origin == "package" or installed is None or installed.is_dev:
        return
    if installed.text != release.version:
        yield warning(
            "stack-version-mismatch",
            f"{release.source} names vllm-ascend v{release.version}, but vllm-ascend {installed.text} is installed.",
            evidence=f"{release_evidence(release)}; installed package vllm-ascend {installed.text}",
            fix=f"serve from {_image_for(release, release.version)} or install vllm-ascend=={release.version}",
        )

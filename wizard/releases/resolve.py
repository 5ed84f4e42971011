"""Which vllm-ascend release will serve the plan, from whatever the user gave.

Precedence: `--release X` > image tag (the launch line's image, else the host's) > installed
`vllm-ascend` package > unknown. Image references come in several shapes:
- official tags `quay.io/ascend/vllm-ascend:v0.18.0-310p`, `…:v0.18.0rc1-310p-openeuler`;
- official tags without `-310p` (`…:v0.10.0rc1-openeuler`): an A2/A3 build, not for 310P;
- nightlies: `nightly-releases-v0.23.0-310p` (a release branch), `nightly-main-310p`,
  `main-310p-openeuler` (development builds of main);
- third-party images that only name a vLLM version (`someone/runner:cann8.5-vllm0.18.0-310p`):
  mapped to the newest vllm-ascend release built on that vLLM, and the source says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wizard.findings import InputError
from wizard.releases.knowledge import Knowledge, load_knowledge
from wizard.releases.versions import parse_version
from wizard.releases.view import ASSUMED_VERSION, KnownRelease

_OFFICIAL_TAG = re.compile(r"^v?(?P<ver>\d+\.\d+\.\d+(?:rc\d+)?(?:\.post\d+)?)(?P<rest>(?:-[a-z0-9.]+)*)$")
_EMBEDDED_VERSION = re.compile(r"v?(\d+\.\d+\.\d+(?:rc\d+)?(?:\.post\d+)?)")
_VLLM_ASCEND_IN_NAME = re.compile(r"vllm[-_]?ascend[-_:]?v?(\d+\.\d+\.\d+(?:rc\d+)?)")
_VLLM_IN_NAME = re.compile(r"vllm[-_]?v?(\d+\.\d+(?:\.\d+)?)")


@dataclass
class ImageInfo:
    reference: str
    kind: str  # release | nightly-release | dev | third-party | unreadable
    version: str | None = None  # vllm-ascend version
    vllm: str | None = None  # vLLM version named by a third-party image
    is_310p: bool | None = None


def parse_image(reference: str) -> ImageInfo:
    """Split an image reference into what its tag says about vllm-ascend and 310P."""
    ref = reference.strip().split("@", 1)[0]
    name, _, tag = ref.rpartition(":")
    if "/" in tag or not name:  # "host:5000/repo" without a tag
        name, tag = ref, "latest"
    name_l, tag_l = name.lower(), tag.lower()
    tokens = set(re.split(r"[-_.]", tag_l))
    has_310p = "310p" in tokens or "310p" in name_l
    if name_l.rsplit("/", 1)[-1] == "vllm-ascend":
        official = _OFFICIAL_TAG.match(tag_l)
        if official:
            return ImageInfo(reference, "release", official["ver"], is_310p="310p" in official["rest"].split("-"))
        if tag_l.startswith(("nightly", "main")):
            embedded = _EMBEDDED_VERSION.search(tag_l)
            if embedded and "releases" in tag_l:
                return ImageInfo(reference, "nightly-release", embedded[1], is_310p=has_310p)
            return ImageInfo(reference, "dev", None, is_310p=has_310p)
        return ImageInfo(reference, "unreadable", None, is_310p=has_310p or None)
    full = f"{name_l}:{tag_l}"
    ascend = _VLLM_ASCEND_IN_NAME.search(full)
    if ascend:
        return ImageInfo(reference, "third-party", ascend[1], is_310p=True if has_310p else None)
    vllm = _VLLM_IN_NAME.search(full)
    if vllm:
        return ImageInfo(reference, "third-party", None, vllm=vllm[1], is_310p=True if has_310p else None)
    return ImageInfo(reference, "unreadable", None, is_310p=True if has_310p else None)


def resolve_release(host, launch, release_arg: str | None = None) -> KnownRelease:
    """The ReleaseView for this plan (see module docstring for the precedence)."""
    knowledge = load_knowledge()
    common = _host_facts(host)
    image = (launch.image if launch is not None else None) or getattr(host, "image", None)
    installed = common["installed"]
    if release_arg:
        view = _from_release_arg(release_arg.strip(), knowledge, common)
        if view.is_310p_build is None and image:
            view.is_310p_build = parse_image(image).is_310p
            view.image = image
    elif image:
        view = _from_image(image, knowledge, common)
    elif installed:
        view = _from_version(installed, f"installed package vllm-ascend {installed}", "package", knowledge, common)
    else:
        view = KnownRelease(
            version=None,
            source=f"unknown: assuming vllm-ascend v{ASSUMED_VERSION} behaviour",
            state="assumed",
            entry=knowledge.entry_for(parse_version(ASSUMED_VERSION).key),
            knowledge=knowledge,
            **common,
        )
    if view.is_310p_build is None:
        view.is_310p_build = common_device_type(host)
    return view


def _host_facts(host) -> dict:
    packages = getattr(host, "packages", None) or {}
    extra = getattr(host, "extra", None) or {}
    probe = extra.get("torch_npu_compressed_mask_kernels")
    return {
        "installed": packages.get("vllm-ascend") or packages.get("vllm_ascend"),
        "torch_npu": packages.get("torch-npu") or packages.get("torch_npu"),
        "kernels_present": probe if isinstance(probe, bool) else None,
    }


def common_device_type(host) -> bool | None:
    """`vllm_ascend._build_info.__device_type__` when detection recorded it (`_310P` or other)."""
    extra = getattr(host, "extra", None) or {}
    device = extra.get("vllm_ascend_device_type")
    if not device:
        return None
    return str(device).strip("_").upper() == "310P"


def _from_release_arg(arg: str, knowledge: Knowledge, common: dict) -> KnownRelease:
    if ":" in arg or "/" in arg or "310p" in arg.lower():
        reference = arg if (":" in arg or "/" in arg) else f"quay.io/ascend/vllm-ascend:{arg}"
        view = _from_image(reference, knowledge, common)
        view.origin = "--release"
        view.source = f"--release {arg}"
        return view
    if parse_version(arg) is None and arg.lower() not in ("main", "nightly"):
        raise InputError(f"--release {arg}: not a vllm-ascend version (v0.18.0) or image tag (v0.18.0-310p)")
    return _from_version(arg, f"--release {arg}", "--release", knowledge, common)


def _from_image(reference: str, knowledge: Knowledge, common: dict) -> KnownRelease:
    info = parse_image(reference)
    source = f"image tag {reference}"
    if info.kind == "dev":
        return KnownRelease(
            "main", f"{source} (a development build of main)", "image", "dev",
            is_310p_build=info.is_310p, image=reference, knowledge=knowledge, **common,
        )
    version = info.version
    if version is None and info.vllm:
        candidates = knowledge.entries_for_vllm(parse_version(info.vllm).major_minor())
        if candidates:
            version = str(candidates[-1]["version"])
            source += f" (names vLLM {info.vllm}; assuming vllm-ascend v{version}, the newest release on it)"
    if version is None:
        return _from_version_or_package(reference, source, info, knowledge, common)
    view = _from_version(version, source, "image", knowledge, common)
    view.is_310p_build = info.is_310p
    view.image = reference
    if info.kind == "nightly-release":
        view.notes.append("a nightly build of the release branch: may carry fixes newer than the tag")
    return view


def _from_version_or_package(reference: str, source: str, info: ImageInfo, knowledge: Knowledge, common: dict):
    """An image whose tag names no version: fall back to the installed package, if any."""
    installed = common["installed"]
    if installed:
        view = _from_version(installed, f"installed package vllm-ascend {installed} (image tag {reference} names no version)", "package", knowledge, common)
    else:
        view = KnownRelease(None, f"{source} names no vllm-ascend version", "image", "unparsed", knowledge=knowledge, **common)
    view.is_310p_build = info.is_310p
    view.image = reference
    return view


def _from_version(raw: str, source: str, origin: str, knowledge: Knowledge, common: dict) -> KnownRelease:
    if raw.lower() in ("main", "nightly"):
        return KnownRelease("main", f"{source} (a development build of main)", origin, "dev", knowledge=knowledge, **common)
    parsed = parse_version(raw)
    if parsed is None:
        return KnownRelease(raw, source, origin, "unparsed", knowledge=knowledge, **common)
    if parsed.is_dev:
        return KnownRelease(parsed.text, f"{source} (a development build)", origin, "dev", knowledge=knowledge, **common)
    entry = knowledge.entry_for(parsed.key)
    if entry is not None:
        state = "known"
    elif parsed.key > knowledge.newest_known_key:
        state = "newer"
    elif knowledge.keys and parsed.key < knowledge.keys[0]:
        state = "older"
    else:
        state = "unparsed"
    return KnownRelease(parsed.text, source, origin, state, entry=entry, knowledge=knowledge, **common)

"""Load a host description: `sim:CARD:N`, or a YAML/JSON file (shared/cases/README.md format,
or what `duowiz detect --json` writes).

A file may name a simulated host (`sim:`), carry detected `chips[]`, or point to an npu-smi
capture (`npu_smi:`, relative to the file); versions, packages, triton_residue, image and env
ride along. A raw `npu-smi info` capture is accepted as the host file itself.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from wizard.findings import InputError
from wizard.host.model import Card, Chip, HostDescription
from wizard.host.sim import simulated_host


def load_host(spec: str) -> HostDescription:
    """`sim:…` or a path to a host file."""
    if spec.startswith("sim:"):
        return simulated_host(spec)
    from wizard.inputfile import read_input

    path = Path(spec)
    text = read_input(spec, "host file")
    return host_from_text(text, source=str(path), base_dir=path.parent)


def _looks_like_npu_smi(text: str) -> bool:
    """A raw `npu-smi info` capture given directly as the host file (even a mangled one)."""
    return re.search(r"^\|.*\bHealth\b", text[:6000], re.MULTILINE) is not None


def host_from_text(text: str, source: str, base_dir: Path) -> HostDescription:
    from wizard.safe_yaml import load_one

    if _looks_like_npu_smi(text):
        from wizard.detect.host import host_from_npu_smi

        return host_from_npu_smi(text, source=source)
    try:
        data = json.loads(text) if text.lstrip().startswith("{") else load_one(text, f"host file {source}")
    except json.JSONDecodeError as exc:
        raise InputError(f"host file {source} is not valid JSON: {exc.msg} at line {exc.lineno}") from None
    except RecursionError:
        raise InputError(f"host file {source} is nested too deeply to be a host description") from None
    except ValueError as exc:  # a number with thousands of digits
        from wizard.safe_yaml import describe_value_error

        raise InputError(f"host file {source} is not valid JSON: {describe_value_error(exc)}") from None
    if not isinstance(data, dict):
        hint = " (an `npu-smi info -m` / `-t` output? give the `npu-smi info` table)" if "NPU" in text[:2000] else ""
        raise InputError(f"host file {source} must hold a mapping (sim:, chips:, npu_smi: …){hint}")
    return host_from_dict(data, source=source, base_dir=base_dir)


#: keys a host file may hold: the cases' format plus what `duowiz detect --json` writes
HOST_KEYS = {
    "sim", "chip_used_mb", "npu_smi", "npu_smi_extra", "chips", "cards", "family", "problem", "source",
    "versions", "packages", "triton_residue", "triton_residue_path", "image", "env", "extra",
}


def _mapping(data: dict, key: str, source: str) -> dict:
    value = data.get(key) or {}
    if not isinstance(value, dict):
        raise InputError(f"host file {source}: `{key}` must be a mapping of name → value")
    return value


def _check_keys(data: dict, source: str) -> None:
    import difflib

    for key in data:
        if key not in HOST_KEYS:
            close = difflib.get_close_matches(str(key), sorted(HOST_KEYS), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise InputError(f"host file {source}: unknown key {key!r}{hint}")


def _check_chips(host: HostDescription, source: str) -> None:
    seen: set[int] = set()
    for chip in host.chips:
        if chip.logic_id < 0 or chip.logic_id in seen:
            raise InputError(f"host file {source}: logic id {chip.logic_id} is negative or repeated")
        seen.add(chip.logic_id)
        if chip.memory_total_mb <= 0 or not 0 <= chip.memory_used_mb <= chip.memory_total_mb:
            raise InputError(
                f"host file {source}: chip {chip.logic_id} memory {chip.memory_used_mb}/{chip.memory_total_mb} MB "
                "is impossible (total must be > 0, used within 0..total)"
            )


def host_from_dict(data: dict, source: str, base_dir: Path) -> HostDescription:
    _check_keys(data, source)
    host = _host_body(data, source, base_dir)
    _check_chips(host, source)
    return host


def _host_body(data: dict, source: str, base_dir: Path) -> HostDescription:
    if "sim" in data:
        if not isinstance(data["sim"], str):
            raise InputError(f"host file {source}: `sim` must be text like 300i-duo-96g:2, got {_shown(data['sim'])}")
        host = simulated_host(f"sim:{data['sim']}", _used_list(data, source))
    elif data.get("npu_smi"):
        host = _host_from_npu_smi_file(data, source, base_dir)
    elif data.get("chips") or "family" in data or data.get("problem"):
        # detect --json output; a non-310P or failed detection has no chips but says why
        host = _host_from_chips(data, source)
    else:
        raise InputError(f"host file {source} has neither `sim:`, `npu_smi:` nor `chips:`")
    host.versions = {**host.versions, **{str(k): str(v) for k, v in _mapping(data, "versions", source).items()}}
    host.packages = {str(k).lower().replace("_", "-"): str(v) for k, v in _mapping(data, "packages", source).items()}
    host.triton_residue = bool(data.get("triton_residue", False))
    host.triton_residue_path = _text_field(data, "triton_residue_path", source)
    host.image = _text_field(data, "image", source)
    host.env = {str(k): str(v) for k, v in _mapping(data, "env", source).items()}
    if data.get("extra") is not None and not isinstance(data["extra"], dict):
        raise InputError(f"host file {source}: `extra` must be a mapping, got {_shown(data['extra'])}")
    if isinstance(data.get("extra"), dict):
        host.extra = {**host.extra, **data["extra"]}
    return host


def _shown(value: object) -> str:
    """A value quoted in a message: its JSON type and a bounded repr."""
    from wizard.findings import shorten

    kind = {str: "text", bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "a mapping"}.get(
        type(value), type(value).__name__)
    return f"{shorten(repr(value), 60)} ({kind})"


def _text_field(data: dict, key: str, source: str) -> str | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise InputError(f"host file {source}: `{key}` must be text, got {_shown(value)}")
    return str(value)


def _whole(value: object, where: str, source: str) -> int:
    """An integer field: an int, an integral finite float or digits as text; else one line naming it."""
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():  # inf / nan are not integers
        number = int(value)
    elif isinstance(value, str):
        try:
            number = int(value.strip())
        except ValueError:
            pass
    if number is None:
        raise InputError(f"host file {source}: {where} must be a whole number, got {_shown(value)}")
    return number


def _list_of(data: dict, key: str, source: str, kind: type = dict) -> list:
    value = data.get(key)
    if value is None or value == []:
        return []
    if not isinstance(value, list):
        raise InputError(f"host file {source}: `{key}` must be a list, got {_shown(value)}")
    for i, item in enumerate(value):
        if not isinstance(item, kind):
            want = "a mapping" if kind is dict else "text"
            raise InputError(f"host file {source}: {key}[{i}] must be {want}, got {_shown(item)}")
    return value


def _used_list(data: dict, source: str) -> list[int] | None:
    """`chip_used_mb`: MB used on each chip, in logic-id order."""
    used = data.get("chip_used_mb")
    if used is None or used == []:
        return None
    if not isinstance(used, list):
        raise InputError(f"host file {source}: `chip_used_mb` must be a list of MB numbers, got {_shown(used)}")
    return [_whole(mb, f"chip_used_mb[{i}]", source) for i, mb in enumerate(used)]


def _host_from_npu_smi_file(data: dict, source: str, base_dir: Path) -> HostDescription:
    """`npu_smi: <capture>` (path relative to the host file), optional `npu_smi_extra: [files]`
    (`-m` / `-t board` / `-t product` outputs) and `chip_used_mb` overrides."""
    from wizard.detect.host import host_from_npu_smi

    def read(name: object) -> str:
        path = Path(str(name))
        path = path if path.is_absolute() else base_dir / path
        from wizard.detect.host import read_capture

        return read_capture(str(path))

    if not isinstance(data["npu_smi"], str):
        raise InputError(f"host file {source}: `npu_smi` must be the path of a capture, got {_shown(data['npu_smi'])}")
    extra_files = data.get("npu_smi_extra") or []
    if isinstance(extra_files, str):
        extra_files = [extra_files]
    extra_files = _list_of({"npu_smi_extra": extra_files}, "npu_smi_extra", source, kind=str)
    used = _used_list(data, source)
    host = host_from_npu_smi(
        read(data["npu_smi"]), source=f"{source} (npu-smi capture {data['npu_smi']})", aux_texts=[read(f) for f in extra_files]
    )
    for chip, mb in zip(sorted(host.chips, key=lambda c: c.logic_id), used or []):
        chip.memory_used_mb = mb
    return host


def _host_from_chips(data: dict, source: str) -> HostDescription:
    chips = []
    for i, c in enumerate(_list_of(data, "chips", source)):
        where = f"chips[{i}]"
        missing = [k for k in ("logic_id", "memory_total_mb") if c.get(k) is None]
        if missing:
            raise InputError(f"host file {source}: {where} has no `{missing[0]}`")
        chips.append(Chip(
            logic_id=_whole(c["logic_id"], f"{where}.logic_id", source),
            memory_total_mb=_whole(c["memory_total_mb"], f"{where}.memory_total_mb", source),
            memory_used_mb=_whole(c.get("memory_used_mb", 0), f"{where}.memory_used_mb", source),
            npu_id=None if c.get("npu_id") is None else _whole(c["npu_id"], f"{where}.npu_id", source),
            chip_index=_whole(c.get("chip_index") or 0, f"{where}.chip_index", source),
            name=str(c.get("name") or "310P3"),
            health=str(c.get("health") or "OK"),
            bus_id=None if c.get("bus_id") is None else str(c["bus_id"]),
        ))
    cards = []
    for i, c in enumerate(_list_of(data, "cards", source)):
        where = f"cards[{i}]"
        if c.get("npu_id") is None:
            raise InputError(f"host file {source}: {where} has no `npu_id`")
        ids = c.get("logic_ids", [])
        if not isinstance(ids, list):
            raise InputError(f"host file {source}: {where}.logic_ids must be a list, got {_shown(ids)}")
        cards.append(Card(
            npu_id=_whole(c["npu_id"], f"{where}.npu_id", source),
            kind=str(c.get("kind", "unknown-310p")),
            logic_ids=[_whole(x, f"{where}.logic_ids[{j}]", source) for j, x in enumerate(ids)],
        ))
    if chips and not cards and all(c.npu_id is not None for c in chips):
        cards = _cards_from_chips(chips)
    return HostDescription(
        source=source,
        chips=chips,
        cards=cards,
        family=str(data.get("family") or "310p"),
        problem=None if not data.get("problem") else str(data["problem"]),
    )


def _cards_from_chips(chips: list[Chip]) -> list[Card]:
    """Hand-written chip lists without `cards:`: group by NPU id (2 chips = a Duo)."""
    groups: dict[int, list[int]] = {}
    for chip in chips:
        groups.setdefault(int(chip.npu_id), []).append(chip.logic_id)  # type: ignore[arg-type]
    return [
        Card(npu_id=npu, kind="300i-duo" if len(ids) == 2 else "unknown-310p", logic_ids=ids)
        for npu, ids in groups.items()
    ]

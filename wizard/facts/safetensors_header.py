"""Read a safetensors file's header only: tensor names, dtypes, shapes and exact byte counts.

Why not the `safetensors` package: it pulls in numpy/torch for anything useful, and a weights
folder can hold tens of GB — the memory model only needs the sizes, which the header gives.
The format is an 8-byte little-endian header length, a JSON object, then the raw data
(https://github.com/huggingface/safetensors, "Format"). A corrupt or truncated file yields an
error string naming the file, never an exception: `check` must report it as a finding.
"""

from __future__ import annotations

import json
import math
import struct
from dataclasses import dataclass, field
from pathlib import Path

#: a real header is a few MB at most (one entry per tensor); anything larger is garbage
MAX_HEADER_BYTES = 100 * 1024 * 1024

#: no real tensor has more dimensions, or a dimension this large (2**48 elements ≈ 256 TiB of
#: int8): beyond these a header is garbage, and its element count would be a number too long to print
MAX_DIMS = 16
MAX_DIM = 2**48

#: bytes per element; F4/F6 packed types are left out (their byte length is not per element)
DTYPE_BYTES = {
    "BOOL": 1, "U8": 1, "I8": 1, "F8_E4M3": 1, "F8_E5M2": 1, "F8_E8M0": 1,
    "I16": 2, "U16": 2, "F16": 2, "BF16": 2,
    "I32": 4, "U32": 4, "F32": 4,
    "I64": 8, "U64": 8, "F64": 8,
}


@dataclass(frozen=True)
class TensorEntry:
    name: str
    dtype: str
    shape: tuple[int, ...]
    start: int  # offset into the data section
    end: int

    @property
    def nbytes(self) -> int:
        return self.end - self.start

    @property
    def numel(self) -> int:
        return math.prod(self.shape)


@dataclass
class SafetensorsHeader:
    path: str
    header_len: int
    file_size: int
    tensors: dict[str, TensorEntry] = field(default_factory=dict)
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def data_bytes(self) -> int:
        """Exact tensor bytes (what the tensors occupy once loaded at their stored dtype)."""
        return sum(t.nbytes for t in self.tensors.values())


def read_safetensors_header(path: Path | str) -> tuple[SafetensorsHeader | None, str | None]:
    """(header, None) or (None, "<file>: <what is wrong>")."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            file_size = path.stat().st_size
            raw_len = fh.read(8)
            if len(raw_len) < 8:
                return None, f"{path.name}: truncated ({file_size} bytes, no 8-byte header length)"
            (header_len,) = struct.unpack("<Q", raw_len)
            if header_len > MAX_HEADER_BYTES:
                return None, f"{path.name}: header length {header_len} bytes is absurd (corrupt file)"
            if 8 + header_len > file_size:
                return None, (f"{path.name}: truncated (header says {header_len} bytes, "
                              f"file has {file_size - 8} after the length)")
            raw = fh.read(header_len)
    except OSError as exc:
        return None, f"{path.name}: cannot read ({exc.strerror or exc})"
    return parse_header_bytes(raw, str(path), file_size)


def parse_header_bytes(raw: bytes, path: str, file_size: int) -> tuple[SafetensorsHeader | None, str | None]:
    """Validate the JSON header against the file size; split out so tests can feed bytes."""
    name = Path(path).name
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, f"{name}: header is not valid JSON ({exc})"
    except (ValueError, RecursionError):  # a number with thousands of digits, absurd nesting
        return None, f"{name}: header is not valid JSON (a number too long or nesting too deep to read)"
    if not isinstance(doc, dict):
        return None, f"{name}: header is a JSON {type(doc).__name__}, not an object"
    header = SafetensorsHeader(path=path, header_len=len(raw), file_size=file_size)
    meta = doc.pop("__metadata__", None)
    if isinstance(meta, dict):
        header.metadata = {str(k): str(v) for k, v in meta.items()}
    data_size = file_size - 8 - len(raw)
    for tname, entry in doc.items():
        tensor, problem = _tensor_entry(tname, entry)
        if problem:
            return None, f"{name}: {problem}"
        if tensor.end > data_size:
            return None, (f"{name}: truncated (tensor {tname} ends at byte {tensor.end}, "
                          f"data section has {data_size})")
        header.tensors[tname] = tensor
    return header, None


def _tensor_entry(tname: str, entry: object) -> tuple[TensorEntry | None, str | None]:
    if not isinstance(entry, dict):
        return None, f"tensor {tname}: entry is not an object"
    dtype, shape, offsets = entry.get("dtype"), entry.get("shape"), entry.get("data_offsets")
    if not isinstance(dtype, str):
        return None, f"tensor {tname}: missing dtype"
    if (not isinstance(shape, list) or len(shape) > MAX_DIMS
            or not all(isinstance(d, int) and not isinstance(d, bool) and 0 <= d < MAX_DIM for d in shape)):
        shown = repr(shape) if len(repr(shape)) <= 80 else repr(shape)[:77] + "..."
        return None, f"tensor {tname}: bad shape {shown}"
    if (not isinstance(offsets, list) or len(offsets) != 2
            or not all(isinstance(o, int) for o in offsets) or not 0 <= offsets[0] <= offsets[1]):
        return None, f"tensor {tname}: bad data_offsets {offsets!r}"
    tensor = TensorEntry(tname, dtype, tuple(shape), offsets[0], offsets[1])
    width = DTYPE_BYTES.get(dtype)
    if width is not None and tensor.nbytes != tensor.numel * width:
        return None, (f"tensor {tname}: {dtype}{list(shape)} needs {tensor.numel * width} bytes, "
                      f"offsets give {tensor.nbytes}")
    return tensor, None

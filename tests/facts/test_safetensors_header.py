import json
import struct

from tests.support.model_folder import write_safetensors
from wizard.facts.safetensors_header import read_safetensors_header


def _tensors():
    return {"a.weight": ("I8", [4, 2], bytes(8)), "a.deq_scale": ("I64", [4], bytes(32)),
            "b": ("F16", [3], bytes(6))}


def test_reads_names_dtypes_shapes_and_exact_bytes(tmp_path):
    path = write_safetensors(tmp_path / "x.safetensors", _tensors(), metadata={"format": "pt"})
    header, error = read_safetensors_header(path)
    assert error is None
    assert header.tensors["a.weight"].dtype == "I8" and header.tensors["a.weight"].shape == (4, 2)
    assert header.tensors["a.deq_scale"].nbytes == 32
    assert header.data_bytes == 8 + 32 + 6
    assert header.metadata == {"format": "pt"}


def test_truncated_data_is_an_error(tmp_path):
    path = write_safetensors(tmp_path / "x.safetensors", _tensors())
    path.write_bytes(path.read_bytes()[:-3])
    header, error = read_safetensors_header(path)
    assert header is None and "x.safetensors" in error and "truncated" in error


def test_truncated_header_and_tiny_file(tmp_path):
    path = write_safetensors(tmp_path / "x.safetensors", _tensors())
    path.write_bytes(path.read_bytes()[:20])
    assert "truncated" in read_safetensors_header(path)[1]
    (tmp_path / "y.safetensors").write_bytes(b"\x01\x02")
    assert "truncated" in read_safetensors_header(tmp_path / "y.safetensors")[1]
    (tmp_path / "z.safetensors").write_bytes(b"")
    assert read_safetensors_header(tmp_path / "z.safetensors")[0] is None


def test_absurd_header_length(tmp_path):
    path = tmp_path / "x.safetensors"
    path.write_bytes(struct.pack("<Q", 2**40) + b"{}")
    header, error = read_safetensors_header(path)
    assert header is None and "absurd" in error


def _raw(tmp_path, header_bytes: bytes, data: bytes = b""):
    path = tmp_path / "r.safetensors"
    path.write_bytes(struct.pack("<Q", len(header_bytes)) + header_bytes + data)
    return read_safetensors_header(path)


def test_non_object_and_bad_json(tmp_path):
    assert "not an object" in _raw(tmp_path, b"[1,2,3]")[1]
    assert "not valid JSON" in _raw(tmp_path, b"{nope")[1]
    assert "not valid JSON" in _raw(tmp_path, b"\xff\xfe")[1]


def test_inconsistent_entries(tmp_path):
    bad_len = json.dumps({"t": {"dtype": "F16", "shape": [4], "data_offsets": [0, 6]}}).encode()
    assert "needs 8 bytes" in _raw(tmp_path, bad_len, bytes(8))[1]
    bad_shape = json.dumps({"t": {"dtype": "F16", "shape": "4", "data_offsets": [0, 8]}}).encode()
    assert "bad shape" in _raw(tmp_path, bad_shape, bytes(8))[1]
    bad_offsets = json.dumps({"t": {"dtype": "F16", "shape": [4], "data_offsets": [8, 0]}}).encode()
    assert "bad data_offsets" in _raw(tmp_path, bad_offsets, bytes(8))[1]
    not_dict = json.dumps({"t": 5}).encode()
    assert "not an object" in _raw(tmp_path, not_dict)[1]


def test_missing_file_is_an_error(tmp_path):
    header, error = read_safetensors_header(tmp_path / "absent.safetensors")
    assert header is None and "absent.safetensors" in error

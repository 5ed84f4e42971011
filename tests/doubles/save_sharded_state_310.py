"""Stand-in for vllm-ascend's examples/save_sharded_state_310.py (no torch, no NPU).

Writes what the real script writes: uncompressed rank files first (2-D int8 linears), the
non-weight files of --model, then, with --enable-compress, one worker process per rank that
rewrites its file compressed (1-D int8 .weight + .index + .info) and finally a W8A8SC
quant_model_description.json and "Compression completed successfully." — always exit 0,
like the real one. Env:
- FAKE_COMPRESS_FAIL_RANK=r: rank r "fails": prints `Error processing Rank file …`, stays 2-D
- FAKE_COMPRESS_SLEEP=s: each rank worker sleeps s seconds before compressing (Ctrl-C tests)
- FAKE_COMPRESS_PIDFILE: pids of the main process and of the rank workers, one per line
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import shutil
import struct
import sys
import time
from pathlib import Path

PATTERN = "model-rank-{rank}-part-0.safetensors"
LINEAR = "model.layers.0.self_attn.qkv_proj"


def write_safetensors(path: Path, tensors: dict[str, tuple[str, list[int]]]) -> None:
    """tensors: name -> (dtype, shape); the data is zeros."""
    width = {"I8": 1, "F16": 2, "I32": 4, "I64": 8}
    header, offset = {}, 0
    for name, (dtype, shape) in tensors.items():
        n = width[dtype]
        for d in shape:
            n *= d
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + n]}
        offset += n
    raw = json.dumps(header).encode()
    tmp = path.with_suffix(".partial")
    with tmp.open("wb") as fh:
        fh.write(struct.pack("<Q", len(raw)) + raw + bytes(offset))
    os.replace(tmp, path)


def uncompressed(rank: int) -> dict:
    return {f"{LINEAR}.weight": ("I8", [64, 32]), f"{LINEAR}.deq_scale": ("I64", [64]),
            "model.norm.weight": ("F16", [32])}


def compressed(rank: int) -> dict:
    return {f"{LINEAR}.weight": ("I8", [1500]), f"{LINEAR}.index": ("I8", [8]), f"{LINEAR}.info": ("I64", [5]),
            f"{LINEAR}.deq_scale": ("I64", [64]), "model.norm.weight": ("F16", [32])}


def worker(path: str, rank: int) -> None:
    time.sleep(float(os.environ.get("FAKE_COMPRESS_SLEEP", "0")))
    if os.environ.get("FAKE_COMPRESS_FAIL_RANK") == str(rank):
        print(f"Error processing Rank file {path}: [Errno 2] No such file or directory: 'compress_excutor'", flush=True)
        return
    write_safetensors(Path(path), compressed(rank))
    print(f"compressed {path}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True)
    parser.add_argument("--tensor-parallel-size", type=int, default=1)
    parser.add_argument("--output", "-o", required=True)
    parser.add_argument("--enable-compress", action="store_true")
    parser.add_argument("--compress-process-num", type=int, default=1)
    args, _unknown = parser.parse_known_args()
    out, model = Path(args.output), Path(args.model)
    if not model.exists():
        raise FileNotFoundError(f"Error: Path '{model}' does not exist.")
    out.mkdir(parents=True, exist_ok=True)
    print(f"INFO fake save_sharded_state: loading {model} with TP{args.tensor_parallel_size}", flush=True)
    for rank in range(args.tensor_parallel_size):
        write_safetensors(out / PATTERN.format(rank=rank), uncompressed(rank))
    (out / "parameters_type_map.json").write_text(json.dumps({"model_quant_type": "W8A8S"}))
    for item in model.iterdir():
        if item.suffix not in (".bin", ".pt", ".safetensors"):
            (shutil.copytree if item.is_dir() else shutil.copy2)(item, out / item.name)
    pids = [os.getpid()]
    if args.enable_compress:
        desc, ori = out / "quant_model_description.json", out / "ori_quant_model_description.json"
        os.rename(desc, ori)
        tasks = [mp.Process(target=worker, args=(str(out / PATTERN.format(rank=r)), r))
                 for r in range(args.tensor_parallel_size)]
        for task in tasks:
            task.start()
            pids.append(task.pid)
        if os.environ.get("FAKE_COMPRESS_PIDFILE"):
            Path(os.environ["FAKE_COMPRESS_PIDFILE"]).write_text("\n".join(map(str, pids)) + "\n")
        for task in tasks:
            task.join()
        data = json.loads(ori.read_text())
        data["model_quant_type"] = "W8A8SC"
        desc.write_text(json.dumps(data))
        os.remove(ori)
        print("Compression completed successfully.", flush=True)
    os.remove(out / "parameters_type_map.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())

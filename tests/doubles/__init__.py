"""Test doubles standing in for the real runtime: a fake `vllm serve` and a fake compression script."""

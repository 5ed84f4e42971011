"""Shipped profiles: the seed tutorial's four known-good 310P configurations (YAML files here)."""

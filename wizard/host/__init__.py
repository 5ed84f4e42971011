"""The host a plan is checked against: chips, cards, versions, packages (live, simulated or from a file)."""

from wizard.host.model import Card, Chip, HostDescription

__all__ = ["Card", "Chip", "HostDescription"]

"""Contact sheet of built leaflets (work in progress)."""

from __future__ import annotations

from pathlib import Path

from campaign.errors import CampaignError


def make_proof(output_dir: Path, target: Path) -> Path:
    raise CampaignError("campaign proof is not implemented yet")

"""Where the tests find the repository and `../shared` (reference documents, SIE samples)."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"
SIE_SAMPLES = SHARED / "sie-samples"
FIGURES = SHARED / "reference" / "figures"

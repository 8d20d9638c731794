"""Where the tests find the repository's files, whatever folder a test module sits in."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
RR2014 = SAMPLES / "rr2014"
BAD = ROOT / "tests" / "data" / "bad"
DOCS = ROOT / "docs"

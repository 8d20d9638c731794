"""What the tests of both samples share."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.paths import SAMPLES


def assert_generator_rebuilds(name: str, out: Path) -> None:
    """Assert that ``python samples/generate_NAME.py OUT`` writes the files of samples/NAME
    into ``out``, each byte for byte, and no other file."""
    subprocess.run(
        [sys.executable, str(SAMPLES / f"generate_{name}.py"), str(out)],
        check=True,
        capture_output=True,
    )
    sample = SAMPLES / name
    committed = sorted(p.name for p in sample.iterdir() if p.is_file())
    assert sorted(p.name for p in out.iterdir()) == committed
    for file_name in committed:
        assert (out / file_name).read_bytes() == (sample / file_name).read_bytes(), file_name

"""Reading a sample workbook's design from the paths of a check (one workbook, or None)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from integaudit.privacy.pseudonyms import Pseudonymiser


def shown_path(path: Path) -> str:
    """Return a path as shown in outputs: any CPR number in it replaced by a pseudonym."""
    return Pseudonymiser(os.urandom(32), stable=False).scrub_text(str(path))


def sample_design(paths: list[Path], max_file_size: int) -> Any:
    """Return the design of the sample workbook when ``paths`` is exactly one, else None."""
    from integaudit.sampling import review

    if len(paths) != 1:
        return None
    return review.read_design(paths[0], shown_path(paths[0]), max_file_size)

"""What the sample generators (generate_rr2014.py, generate_bek2020.py) have in common: a
file's style from its name and format, a contract row's shared fields, the sample's settings
and key beside its extracts, and the command line.

The generators import it as a module of their own folder (``python samples/generate_*.py``).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from integaudit.writers.extract import ContractRow, FileStyle


def file_style(stem: str, is_csv: bool, **style: Any) -> FileStyle:
    """Return the style of the file ``stem.csv`` or ``stem.xlsx`` in that format."""
    return FileStyle(
        file_name=f"{stem}.{'csv' if is_csv else 'xlsx'}",
        format="csv" if is_csv else "xlsx",
        **style,
    )


def contract_row(
    code: str,
    j: int,
    responsibility: dt.date,
    signed: dt.date,
    goals: tuple[str | None, str | None],
    follow_ups: list[dt.date],
    *,
    person_id: str,
    **fields: Any,
) -> ContractRow:
    """Return the ``j``-th contract of municipality ``code``, its id made of the code, the
    year of ``responsibility`` and the number; ``fields`` are the other columns."""
    return ContractRow(
        contract_id=f"{code}-{responsibility.year}-{j + 1:03d}",
        person_id=person_id,
        responsibility_date=responsibility,
        signed_date=signed,
        employment_goal=goals[0],
        education_goal=goals[1],
        follow_ups=follow_ups,
        **fields,
    )


def write_settings(out_dir: Path, config: str, demo_key: str) -> None:
    """Write the sample's integaudit.toml and the demo key it names beside the extracts."""
    (out_dir / "integaudit.toml").write_text(config, encoding="utf-8")
    (out_dir / "demo.key").write_text(demo_key, encoding="utf-8")


def main(generate: Callable[[Path], list[Path]], name: str) -> None:
    """Write the sample into the folder given on the command line, by default samples/NAME."""
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / name
    paths = generate(target)
    print(f"{len(paths)} extracts written to {target}")

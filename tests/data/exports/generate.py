"""Write the corpus of real export layouts (tests/data/exports/, read by tests/exports/).

    python tests/data/exports/generate.py [OUT_DIR]       the exports, one folder per layout
    python tests/data/exports/generate.py --clean OUT_DIR  the clean twins, one per layout

The layouts, one folder each: ``nexus`` (a band of group labels over the header, a
conversations sheet with a status column), ``momentum`` (a cp1252 csv with a note row and
footer rows), ``fasit`` (an ods with a technical second header row and wide follow-ups),
``stale_copy`` (a note row, a hidden stale copy of the contracts sheet, a conflicting
contract), ``two_row_header`` (a header of two rows with merged cells), ``follow_up_export``
(the follow-ups in a file of their own, their status in the municipality's words) and
``own_headers`` (headers only the user's integaudit.toml can explain).

Each layout module (``layout_*.py`` beside this script) holds one table of the true contract
data and writes from it the export as a case system lays it out. From the same table
``--clean`` writes a canonical extract of the same contracts (canonical headers, one header
row, the held conversations only), which the tests audit with the reading the tool has always
had, to show that the expectations written by hand beside each layout (``expected.toml``,
never written by this script) are right. Every file comes out byte for byte the same on every
run: fixed zip times and document properties, no randomness.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # the layout modules import each other as modules of this folder
    sys.path.insert(0, str(HERE))

import layout_fasit  # noqa: E402
import layout_follow_up_export  # noqa: E402
import layout_momentum  # noqa: E402
import layout_nexus  # noqa: E402
import layout_own_headers  # noqa: E402
import layout_stale_copy  # noqa: E402
import layout_two_row_header  # noqa: E402
from export_files import Sheet, xlsx  # noqa: E402
from truth import clean_twin  # noqa: E402

LAYOUTS: tuple[ModuleType, ...] = (
    layout_nexus,
    layout_momentum,
    layout_fasit,
    layout_stale_copy,
    layout_two_row_header,
    layout_follow_up_export,
    layout_own_headers,
)


def generate(out_dir: Path = HERE) -> list[Path]:
    """Write every layout's export files into ``out_dir/<layout folder>/``; return them."""
    written = []
    for layout in LAYOUTS:
        folder = out_dir / layout.FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in layout.files().items():
            path = folder / name
            path.write_bytes(data)
            written.append(path)
    return written


def clean_bytes(layout: ModuleType) -> bytes:
    """Return the clean twin of a layout as xlsx bytes (a layout may say how its contracts
    read in canonical form with ``clean_contracts()``)."""
    contracts = layout.clean_contracts() if hasattr(layout, "clean_contracts") else None
    sheets = clean_twin(contracts or layout.CONTRACTS, layout.FIELDS)
    return xlsx([Sheet(name, rows) for name, rows in sheets.items()])


def generate_clean(out_dir: Path) -> list[Path]:
    """Write each layout's clean twin as ``out_dir/<layout folder>/clean.xlsx``; return them."""
    written = []
    for layout in LAYOUTS:
        folder = out_dir / layout.FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "clean.xlsx"
        path.write_bytes(clean_bytes(layout))
        written.append(path)
    return written


def main(argv: list[str]) -> None:
    """Write the exports (or with ``--clean`` the clean twins) into the folder given."""
    clean = "--clean" in argv
    rest = [a for a in argv if a != "--clean"]
    if clean and not rest:
        raise SystemExit("usage: generate.py --clean OUT_DIR")
    target = Path(rest[0]) if rest else HERE
    paths = generate_clean(target) if clean else generate(target)
    for path in paths:
        print(f"{path.stat().st_size:>8}  {path.relative_to(target)}")


if __name__ == "__main__":
    main(sys.argv[1:])

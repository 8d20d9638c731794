"""The column mapping, visible and fixable: `integaudit columns`, the built-in aliases real
exports use, suggestions for headers the tool cannot know, and docs/columns.md."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from integaudit.ingest.headers import build_alias_index, normalise_header
from integaudit.ingest.suggest import suggest_header
from integaudit.model import CONTRACT_FIELDS
from integaudit.render.column_map import markdown
from tests.conftest import run_cli_in, write_csv, write_xlsx
from tests.paths import ROOT

DOCS = ROOT / "docs" / "columns.md"

# An Odense export as a new user brought it: the signature column is headed in a way no alias
# covers, the follow-ups too, and a name column is there.
MESSY_HEADERS = [
    "Kontrakt nr.",
    "Kommune",
    "Overtaget",
    "Kontrakten underskrevet d.",
    "Jobmål",
    "Opf. samtaler",
    "Navn",
]
MESSY_ROWS = [
    ["K1", "Odense", "01-02-2014", "20-02-2014", "Job som kok", "01-04-2014", "Anna Hansen"],
    ["K2", "Odense", "01-02-2014", "", "-", "", "Bo Jensen"],
    ["K3", "Odense", "01-03-2014", "15-04-2014", "", "", "Carl Olsen"],
]


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    """Return a folder holding the messy Odense extract."""
    write_csv(tmp_path / "in" / "odense.csv", [MESSY_HEADERS, *MESSY_ROWS])
    return tmp_path / "in"


# --- built-in aliases ---------------------------------------------------------------------

# Headers real exports use that were tried and not recognised before (issue of the column
# mapping); each is unambiguous.
REAL_HEADERS = [
    ("Kontrakt underskrevet", "signed_date"),
    ("Dato for underskrift", "signed_date"),
    ("Dato kontrakt underskrevet", "signed_date"),
    ("Signeret", "signed_date"),
    ("CPR nummer", "person_id"),
    ("CPR-nummer", "person_id"),
    ("Personnummer", "person_id"),
    ("Opfølgningssamtaler", "follow_ups"),
    ("Sagsnummer", "contract_id"),
    ("Kontraktnummer", "contract_id"),
    ("Kommunenr.", "municipality"),
    ("Bopælskommune", "municipality"),
    ("Dato for overtagelse", "responsibility_date"),
]


@pytest.mark.parametrize(("header", "field"), REAL_HEADERS)
def test_headers_of_real_exports_map(header: str, field: str) -> None:
    assert build_alias_index()[normalise_header(header)] == field


def test_an_ambiguous_header_is_never_mapped_only_suggested() -> None:
    assert normalise_header("Startdato") not in build_alias_index()
    assert suggest_header(["responsibility_date"], ["Bemærkning", "Startdato"]) == (
        "responsibility_date",
        "Startdato",
    )


@pytest.mark.parametrize(
    ("fields", "headers", "want"),
    [
        (["signed_date"], ["Navn", "Kontrakten underskrevet d."], "Kontrakten underskrevet d."),
        (["signed_date"], ["Underskreven"], "Underskreven"),  # a close spelling
        (["follow_ups", "follow_up_date"], ["Opf. samtaler"], "Opf. samtaler"),
        (["person_id"], ["CPR (borger)"], "CPR (borger)"),
        (["signed_date"], ["Navn", "Bemærkning"], None),
        (["coordinating_unit"], ["Kommune"], None),  # a common word alone suggests nothing
    ],
)
def test_suggestion_by_spelling_or_a_significant_word(fields, headers, want) -> None:
    found = suggest_header(fields, headers)
    assert (found[1] if found else None) == want


def test_the_readme_alias_example_maps_through_a_check(tmp_path: Path) -> None:
    """README's [aliases] example: "Dato for underskrift" is read as the signing date."""
    rows = [
        ["Kontrakt nr.", "Kommune", "Overtagelsesdato", "Dato for underskrift", "Jobmål"],
        ["A-1", "Aarhus", "01-02-2014", "01-04-2014", "Kok"],
    ]
    write_csv(tmp_path / "in" / "a.csv", rows)
    (tmp_path / "in" / "integaudit.toml").write_text(
        '[aliases]\nsigned_date = ["Dato for underskrift"]\n', encoding="utf-8"
    )
    result = run_cli_in(tmp_path, "check", "in", "--as-of", "2014-06-30", "--json", "-")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["contracts"][0]["status"]["late-signing"] == "fail"  # 59 days
    assert [i for i in doc["data_issues"] if i["kind"] == "rule-not-assessable"] == [
        i for i in doc["data_issues"] if i["column"] == "follow_ups"
    ]


# --- integaudit columns -------------------------------------------------------------------


def test_columns_shows_each_header_its_field_and_how(messy: Path) -> None:
    result = run_cli_in(messy.parent, "columns", str(messy), "--lang", "en")
    assert result.exit_code == 0, result.output
    flat = result.flat
    assert "odense.csv · sheet odense — contracts, headers in row 1" in flat
    assert "A Kontrakt nr. contract_id built-in alias" in flat
    assert "D Kontrakten underskrevet d. – not recognised" in flat
    assert "G Navn – not recognised" in flat
    # Missing fields, the rules they disable, and the config line that maps the user's header.
    assert "Missing the date the contract was entered" in flat
    assert "Late signing, Missed follow-up not assessed" in flat
    assert '[aliases] signed_date = ["Kontrakten underskrevet d."]' in flat
    assert '[aliases] follow_ups = ["Opf. samtaler"]' in flat
    assert "Optional fields not present: the date the goal was met, the end date" in flat


def test_columns_says_how_a_config_alias_and_a_wide_column_map(tmp_path: Path) -> None:
    write_xlsx(
        tmp_path / "in" / "aarhus.xlsx",
        {
            "Ark1": [
                ["Sagsnummer", "Overtaget", "Kontrakten underskrevet d.", "Opfølgning 1", "ID"],
                ["A-1", "01-02-2014", "01-03-2014", "01-05-2014", "X"],
            ]
        },
    )
    (tmp_path / "in" / "integaudit.toml").write_text(
        '[aliases]\nsigned_date = ["Kontrakten underskrevet d."]\n', encoding="utf-8"
    )
    result = run_cli_in(tmp_path, "columns", "in", "--json", "-")
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.stdout)["files"]
    (sheet,) = entry["sheets"]
    how = {c["header"]: (c["letter"], c["field"], c["how"]) for c in sheet["columns"]}
    assert how == {
        "Sagsnummer": ("A", "contract_id", "alias"),
        "Overtaget": ("B", "responsibility_date", "alias"),
        "Kontrakten underskrevet d.": ("C", "signed_date", "config"),
        "Opfølgning 1": ("D", "follow_ups", "wide"),
        "ID": ("E", "contract_id", "duplicate"),
    }
    assert sheet["missing"] == [
        {
            "need": "goal",
            "rules": ["missing-goal"],
            "headers": "Beskæftigelsesmål, Jobmål, Mål for beskæftigelse, Uddannelsesmål …",
            "suggestion": None,
            "advice": [],
        }
    ]


def test_columns_names_files_it_cannot_read_and_a_missing_path_exits_2(tmp_path: Path) -> None:
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    damaged = run_cli_in(tmp_path, "columns", "broken.xlsx")
    assert damaged.exit_code == 0, damaged.output  # a damaged file is a data issue
    assert "broken.xlsx:" in damaged.flat
    # A path that does not exist is a usage error, as in every command; both are named.
    result = run_cli_in(tmp_path, "columns", "broken.xlsx", "missing.csv")
    assert result.exit_code == 2, result.output
    assert "broken.xlsx:" in result.flat and "missing.csv:" in result.flat
    assert "Traceback" not in result.output


def test_columns_without_a_path_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli_in(tmp_path, "columns")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


# --- docs/columns.md ----------------------------------------------------------------------


def test_docs_columns_md_is_up_to_date() -> None:
    assert DOCS.read_text(encoding="utf-8") == markdown(), (
        "docs/columns.md is out of date: run `make docs`"
    )


def test_docs_columns_md_lists_every_field_and_alias() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for field in CONTRACT_FIELDS:
        row = next(line for line in text.splitlines() if line.startswith(f"| `{field.name}` |"))
        for alias in field.aliases:
            assert f"`{alias}`" in row, (field.name, alias)


def test_columns_markdown_through_the_cli_is_the_doc(tmp_path: Path) -> None:
    result = run_cli_in(tmp_path, "columns", "--markdown")
    assert result.exit_code == 0
    assert result.stdout == DOCS.read_text(encoding="utf-8")


def test_readme_lists_every_data_issue_kind() -> None:
    from integaudit.i18n import CATALOGUES

    kinds = sorted(k.removeprefix("kind.") for k in CATALOGUES["en"] if k.startswith("kind."))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"`([a-z0-9-]+)`", readme))
    assert [k for k in kinds if k not in listed] == []


def test_readme_refers_only_to_files_in_the_repository() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "SPEC" not in readme and "DESIGN.md" not in readme
    for target in re.findall(r"\]\(([^)#]+)\)", readme):
        assert (ROOT / target).exists(), target

"""Header aliases and header-row detection (SPEC §1.1, §1.2)."""

from __future__ import annotations

import re

import pytest

from integaudit.ingest.headers import (
    HEADER_SEARCH_ROWS,
    build_alias_index,
    find_header,
    normalise_header,
)
from integaudit.model import CONTRACT_FIELDS, FOLLOW_UP_FIELDS


def _all_aliases() -> list[tuple[str, str]]:
    """Return (field, alias) for every field name and alias of the model, once each."""
    pairs: list[tuple[str, str]] = []
    for f in (*CONTRACT_FIELDS, *FOLLOW_UP_FIELDS):
        for alias in (f.name, *f.aliases):
            if (f.name, alias) not in pairs:
                pairs.append((f.name, alias))
    return pairs


ALIASES = _all_aliases()
ALIAS_IDS = [alias for _, alias in ALIASES]
DANISH_TO_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


@pytest.fixture(scope="module")
def index() -> dict[str, str]:
    return build_alias_index()


def test_the_model_lists_the_aliases_of_the_spec() -> None:
    """A guard for the parametrisation: the spec's aliases are all in the model."""
    fields = {f: a for f, a in ALIASES}
    assert len(ALIASES) > 70
    assert {"contract_id", "municipality", "follow_up_date", "follow_ups"} <= set(fields)
    aliases = set(ALIAS_IDS)
    for alias in ("kontrakt nr", "sags id", "cpr-nr", "indgået", "opfølgningsdato", "målgruppe"):
        assert alias in aliases


@pytest.mark.parametrize(("field", "alias"), ALIASES, ids=ALIAS_IDS)
def test_every_alias_maps_to_its_field(index: dict[str, str], field: str, alias: str) -> None:
    assert index[normalise_header(alias)] == field


def _variants(alias: str) -> dict[str, str]:
    """Return the spellings of an alias that must match like the alias itself (SPEC §1.2)."""
    variants = {
        "upper": alias.upper(),
        "title": alias.title(),
        "extra spaces": "  " + re.sub(r"[ _]", "   ", alias) + " \t",
    }
    for separator in ("_", "-", ".", " "):
        variants[f"separator {separator!r}"] = re.sub(r"[ _\-.]", separator, alias)
    if re.search("[æøå]", alias):
        ascii_ = alias.translate(DANISH_TO_ASCII)
        variants["ascii"] = ascii_
        variants["ascii upper"] = ascii_.upper()
    return variants


@pytest.mark.parametrize(("field", "alias"), ALIASES, ids=ALIAS_IDS)
def test_alias_variants(index: dict[str, str], field: str, alias: str) -> None:
    wrong = {
        name: (spelling, index.get(normalise_header(spelling)))
        for name, spelling in _variants(alias).items()
        if index.get(normalise_header(spelling)) != field
    }
    assert wrong == {}


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Beskaeftigelsesmaal", "employment_goal"),
        ("Beskæftigelsesmål", "employment_goal"),
        ("BESKÆFTIGELSESMÅL", "employment_goal"),
        ("Beskaeftigelsesmål", "employment_goal"),
        ("Uddannelsesmaal", "education_goal"),
        ("Uddannelsesmål", "education_goal"),
        ("Jobmaal", "employment_goal"),
        ("Maal for uddannelse", "education_goal"),
        ("Mål_opfyldt", "goal_met_date"),
        ("Maalopfyldelse", "goal_met_date"),
        ("Indgaaet", "signed_date"),
        ("Indgåelsesdato", "signed_date"),
        ("Ophoersdato", "end_date"),
        ("Opfoelgningsdato", "follow_up_date"),
        ("Opfølgningsdatoer", "follow_ups"),
        ("Opfoelgninger", "follow_ups"),
        ("Forsoergelsesgrundlag", "situation"),
        ("Barns foedselsdato", "child_birth_date"),
        ("Erklaering underskrevet", "declaration_date"),
        ("Opholds- og selvforsørgelseserklæring", "declaration_date"),
        ("Opholds og selvforsoergelseserklaering", "declaration_date"),
        ("Kontrakt nr.", "contract_id"),
        ("Kontrakt nr", "contract_id"),
        ("Kontrakt-nr.", "contract_id"),
        ("KONTRAKT_NR.", "contract_id"),
        ("KontraktNr", "contract_id"),
        ("Kontrakt ID", "contract_id"),
        ("Sags-ID", "contract_id"),
        ("Sags.id", "contract_id"),
        ("ID", "contract_id"),
        ("Kommune nr.", "municipality"),
        ("CPR-nr.", "person_id"),
        ("CPR nr", "person_id"),
        ("Borger ID", "person_id"),
        ("  Ansvar   overtaget ", "responsibility_date"),
        ("Dato for overtagelse af integrationsansvar", "responsibility_date"),
        ("Integrationsansvar_overtaget", "responsibility_date"),
        ("Underskrevet - borger", "signed_citizen_date"),
        ("Kommunens underskrift", "signed_municipality_date"),
        ("Koordinerende enhed", "coordinating_unit"),
        ("Visitationsdato", "visitation_date"),
        ("Responsibility Date", "responsibility_date"),
        ("signed-date", "signed_date"),
        ("Follow.up.date", "follow_up_date"),
    ],
)
def test_header_spellings_seen_in_extracts(index: dict[str, str], header: str, field: str) -> None:
    assert index[normalise_header(header)] == field


@pytest.mark.parametrize(
    "header", ["Bemærkninger", "Navn", "Kontrakt", "Sagsbehandler", "", "   ", None, "Dato 2"]
)
def test_unrelated_headers_map_to_nothing(index: dict[str, str], header: str | None) -> None:
    assert normalise_header(header) not in index
    assert find_header([["Kontrakt nr.", header]], index) is None


def test_danish_and_ascii_spellings_normalise_equal() -> None:
    assert normalise_header("Beskæftigelsesmål") == normalise_header("Beskaeftigelsesmaal")
    assert normalise_header("Opfølgning") == normalise_header("OPFOELGNING")
    assert normalise_header(" Kontrakt_nr. ") == normalise_header("kontrakt nr")


# --- wide layout -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    ["follow_up_1", "Follow up 2", "Opfølgning 1", "opfølgning1", "Opfoelgning 3", "Opf 1",
     "opf. 12", "OPF.7", "Opfølgning 24"],
)  # fmt: skip
def test_wide_follow_up_headers(index: dict[str, str], header: str) -> None:
    found = find_header([["Kontrakt nr.", "Overtagelsesdato", header]], index)
    assert found is not None
    assert found.columns == {0: "contract_id", 1: "responsibility_date"}
    assert found.wide == [2]
    assert found.labels[2] == header


def test_several_wide_columns_are_all_kept(index: dict[str, str]) -> None:
    row = ["Sagsnr", "Overtaget", "Opfølgning 1", "Opfølgning 2", "Opfølgning 3", "Noter"]
    found = find_header([row], index)
    assert found is not None
    assert found.wide == [2, 3, 4]
    assert 5 not in found.columns


def test_plain_opfoelgning_is_the_long_date_column_not_wide(index: dict[str, str]) -> None:
    found = find_header([["Kontrakt nr.", "Opfølgning"]], index)
    assert found is not None
    assert found.columns == {0: "contract_id", 1: "follow_up_date"}
    assert found.wide == []


# --- header row detection --------------------------------------------------------------------

HEADER = ["Kontrakt nr.", "Kommune", "Overtagelsesdato", "Underskrevet", "Beskæftigelsesmål"]


def _rows_with_header_at(position: int) -> list[list[object]]:
    titles: list[list[object]] = [[f"Titel {i}", None, None] for i in range(position)]
    if position >= 1:
        titles[0] = ["Integrationskontrakter – Aarhus Kommune", None, None]
    if position >= 2:
        # A title row with one known word is not a header: two matches are needed.
        titles[1] = ["Kommune", "Aarhus", None]
    data = [["K-1", "Aarhus", "01-03-2014", "20-03-2014", "Job"]]
    return [*titles, HEADER, *data]


def test_header_below_three_title_rows(index: dict[str, str]) -> None:
    found = find_header(_rows_with_header_at(3), index)
    assert found is not None
    assert found.row == 3
    assert found.columns == {
        0: "contract_id",
        1: "municipality",
        2: "responsibility_date",
        3: "signed_date",
        4: "employment_goal",
    }


def test_header_in_first_row(index: dict[str, str]) -> None:
    found = find_header(_rows_with_header_at(0), index)
    assert found is not None
    assert found.row == 0


def test_header_in_the_20th_row_is_found(index: dict[str, str]) -> None:
    assert HEADER_SEARCH_ROWS == 20
    found = find_header(_rows_with_header_at(19), index)
    assert found is not None
    assert found.row == 19


def test_header_in_the_21st_row_is_not_found(index: dict[str, str]) -> None:
    assert find_header(_rows_with_header_at(20), index) is None


def test_header_with_leading_blank_cells(index: dict[str, str]) -> None:
    rows = [[None, None, None], [None, "Kontrakt nr.", "Overtaget", None]]
    found = find_header(rows, index)
    assert found is not None
    assert found.row == 1
    assert found.columns == {1: "contract_id", 2: "responsibility_date"}


def test_two_column_follow_ups_header(index: dict[str, str]) -> None:
    rows = [["Opfølgninger 2014"], ["Kontrakt nr.", "Opfølgningsdato"], ["K-1", "05-03-2014"]]
    found = find_header(rows, index)
    assert found is not None
    assert found.row == 1
    assert found.columns == {0: "contract_id", 1: "follow_up_date"}


def test_repeated_field_keeps_the_first_column(index: dict[str, str]) -> None:
    found = find_header([["Kontrakt nr.", "Sagsnr", "Overtaget"]], index)
    assert found is not None
    assert found.columns == {0: "contract_id", 2: "responsibility_date"}
    assert found.ignored_duplicates == [1]


def test_one_known_header_is_not_a_header_row(index: dict[str, str]) -> None:
    assert find_header([["Kontrakt nr.", "Noter", "Sagsbehandler"]], index) is None


# --- config aliases --------------------------------------------------------------------------


def test_config_alias_is_added() -> None:
    index = build_alias_index({"signed_date": ["Kontraktens dato"]})
    assert index[normalise_header("Kontraktens dato")] == "signed_date"
    assert index[normalise_header("KONTRAKTENS_DATO")] == "signed_date"
    assert index[normalise_header("  kontraktens-dato ")] == "signed_date"
    assert index.source(normalise_header("Kontraktens dato")) == "config"
    # the built-in aliases still work
    assert index[normalise_header("Underskrevet")] == "signed_date"
    assert index[normalise_header("Kontrakt nr.")] == "contract_id"
    assert normalise_header("Kontraktens dato") not in build_alias_index()


def test_config_alias_is_used_by_header_detection() -> None:
    index = build_alias_index({"signed_date": ["Dato for underskrift"], "contract_id": ["Løbenr"]})
    found = find_header([["Løbenr", "Overtaget", "Dato for underskrift"]], index)
    assert found is not None
    assert found.columns == {0: "contract_id", 1: "responsibility_date", 2: "signed_date"}

"""Rows that are not contracts: totals, notes, repeated and technical header rows, rows with
neither an id nor a date are set aside with a data issue and never audited; a row that merely
lacks data is still a contract (issue 19 §1, docs/columns.md)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli_in, write_csv, write_xlsx
from hypothesis import given
from hypothesis import strategies as st

from integaudit.writers.extract import contract_table, follow_up_table
from tests.helpers import derandomised
from tests.test_properties import Population, outcome, populations

D = dt.date
HEADER = ["Kontrakt nr.", "Kommune", "Overtagelsesdato", "Underskrevet", "Beskæftigelsesmål",
          "Uddannelsesmål", "Opfølgninger"]  # fmt: skip
CONTRACTS = [
    ["K-1", "Aarhus", D(2014, 1, 6), D(2014, 1, 20), "Job", None, "15-03-2014; 10-05-2014"],
    ["K-2", "Aarhus", D(2014, 1, 6), D(2014, 3, 20), None, None, "15-04-2014"],
    ["K-3", "Aarhus", D(2014, 2, 6), D(2014, 2, 10), None, "Uddannelse", "01-04-2014"],
]
TECHNICAL = ["SAG_NR", "KOM_KODE", "OVERTAGET_DTO", "UNDERSKR_DTO", "BESK_MAAL", "UDD_MAAL", "OPF"]
NOTE = ["Bemærk: sager fra Jobcenter Syd mangler i dette udtræk"]
FOOTERS = [["Antal rækker: 3"], [None, "I alt", None, None, None, None, "3 kontrakter"], ["3"]]


def _audit(root: Path, *args: str, lang: str = "en") -> tuple[Any, dict[str, Any]]:
    out = root / "out.json"
    out.unlink(missing_ok=True)
    result = run_cli_in(
        root, "check", "in", "--as-of", "2014-06-30", "--json", str(out), "--lang", lang, *args
    )
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result, json.loads(out.read_text(encoding="utf-8"))


def _set_aside(doc: dict[str, Any]) -> list[tuple[int, str, str]]:
    return [
        (i["row"], i["params"]["reason"], i["value"])
        for i in doc["data_issues"]
        if i["kind"] == "row-not-a-contract"
    ]


def test_footer_note_and_technical_header_rows_are_set_aside_and_change_nothing(
    tmp_path: Path,
) -> None:
    clean = tmp_path / "clean"
    write_xlsx(clean / "in" / "aarhus.xlsx", {"Kontrakter": [HEADER, *CONTRACTS]})
    messy = tmp_path / "messy"
    rows = [HEADER, TECHNICAL, *CONTRACTS[:2], NOTE, CONTRACTS[2], *FOOTERS]
    write_xlsx(messy / "in" / "aarhus.xlsx", {"Kontrakter": rows})

    _, want = _audit(clean)
    result, got = _audit(messy)

    assert outcome(json.dumps(got).encode()) == outcome(json.dumps(want).encode())
    assert got["total"]["contracts"] == 3
    assert _set_aside(got) == [
        (2, "header-repeat", "SAG_NR | KOM_KODE | OVERTAGET_DTO | UNDERSKR_DTO | …"),
        (5, "note", NOTE[0]),
        (7, "footer", "Antal rækker: 3"),
        (8, "footer", "I alt | 3 kontrakter"),
        (9, "footer", "3"),
    ]
    assert "5 row(s) are not contracts and are left out" in result.flat
    assert "Missing goal" not in " ".join(f["rule"] for f in got["findings"])


def test_the_summary_line_is_danish_by_default(tmp_path: Path) -> None:
    write_xlsx(tmp_path / "in" / "a.xlsx", {"Kontrakter": [HEADER, *CONTRACTS, *FOOTERS[:1]]})
    result, _ = _audit(tmp_path, lang="da")
    assert "1 række(r) er ikke kontrakter og indgår ikke: 1 × en sum- eller optællingsrække" in (
        result.flat
    )
    assert "er hverken en kontrakt eller en opfølgning, men en sum- eller optællingsrække" in (
        result.flat
    )


def test_a_repeated_header_halfway_down_and_a_row_without_id_and_date(tmp_path: Path) -> None:
    rows = [HEADER, CONTRACTS[0], HEADER, CONTRACTS[1], [None, "Aarhus", None, None, "Job"]]
    write_xlsx(tmp_path / "in" / "a.xlsx", {"Kontrakter": rows})
    _, doc = _audit(tmp_path)
    assert [c["contract_id"] for c in doc["contracts"]] == ["K-1", "K-2"]
    assert _set_aside(doc) == [
        (3, "header-repeat", "Kontrakt nr. | Kommune | Overtagelsesdato | Underskrevet | …"),
        (5, "no-id-no-date", "Aarhus | Job"),
    ]
    levels = {i["params"]["reason"]: i["level"] for i in doc["data_issues"] if i["params"]}
    assert levels["header-repeat"] == "info"
    assert levels["no-id-no-date"] == "warning"


def test_a_row_that_merely_lacks_data_is_still_a_contract(tmp_path: Path) -> None:
    rows = [
        HEADER,
        ["K-7", "Aarhus", D(2014, 1, 6), None, None, None, None],  # takeover date, no goal
        ["K-8", "Aarhus", None, None, "Job", None, None],  # an id, no date
        [None, "Aarhus", D(2014, 1, 6), D(2014, 1, 10), "Job", None, None],  # a date, no id
    ]
    write_xlsx(tmp_path / "in" / "a.xlsx", {"Kontrakter": rows})
    _, doc = _audit(tmp_path)
    statuses = {c["contract_id"]: c["status"] for c in doc["contracts"]}
    assert set(statuses) == {"K-7", "K-8", "a.xlsx:4"}
    assert statuses["K-7"]["missing-goal"] == "fail"
    assert statuses["K-8"]["late-signing"] == "not-assessed"
    assert _set_aside(doc) == []


def test_a_count_in_the_id_column_is_a_contract_where_ids_are_numbers(tmp_path: Path) -> None:
    rows = [HEADER, [101, "Aarhus", D(2014, 1, 6), D(2014, 1, 20), "Job", None, None], [36]]
    write_xlsx(tmp_path / "in" / "a.xlsx", {"Kontrakter": rows})
    _, doc = _audit(tmp_path)
    # Where the ids are numbers a lone number may be a contract: it is kept, not set aside.
    assert [c["contract_id"] for c in doc["contracts"]] == ["101", "36"]


def test_a_momentum_style_csv_with_a_footer(tmp_path: Path) -> None:
    rows = [HEADER, *CONTRACTS, [], ["I alt;3"], ["Udtrukket 01-07-2014 af systemet"]]
    write_csv(tmp_path / "in" / "aarhus.csv", rows)
    _, doc = _audit(tmp_path)
    assert doc["total"]["contracts"] == 3
    assert [r[1] for r in _set_aside(doc)] == ["footer", "note"]


def test_footer_and_note_rows_of_a_follow_ups_sheet_are_set_aside(tmp_path: Path) -> None:
    contracts = [HEADER[:6], *(row[:6] for row in CONTRACTS)]
    follow_ups = [
        ["Kontrakt nr.", "Opfølgningsdato"],
        ["K-1", D(2014, 3, 15)],
        ["K-1", D(2014, 5, 10)],
        ["I alt", "2 samtaler"],
        ["Bemærk: samtaler før 2014 er ikke med"],
    ]
    write_xlsx(tmp_path / "in" / "a.xlsx", {"Kontrakter": contracts, "Samtaler": follow_ups})
    _, doc = _audit(tmp_path)
    assert [r[:2] for r in _set_aside(doc)] == [(4, "footer"), (5, "note")]
    kinds = {i["kind"] for i in doc["data_issues"]}
    assert "follow-up-unknown-contract" not in kinds
    assert doc["contracts"][0]["status"]["missed-follow-up"] == "pass"


def test_a_cpr_number_in_a_set_aside_row_is_shown_as_its_pseudonym(tmp_path: Path) -> None:
    rows = [HEADER, *CONTRACTS, ["Bemærk: borger 010190-1235 er flyttet til en anden kommune"]]
    write_xlsx(tmp_path / "in" / "a.xlsx", {"Kontrakter": rows})
    result, doc = _audit(tmp_path)
    ((_, reason, shown),) = _set_aside(doc)
    assert reason == "note"
    assert "010190" not in shown and "P-" in shown
    assert "010190" not in result.output


# --- the property: appending rows that are not contracts never changes the audit -----------

JUNK = st.lists(
    st.sampled_from(["technical", "repeat", "note", "footer-count", "footer-total"]),
    min_size=1,
    max_size=4,
)


def _junk(kind: str, header: list[Any], contracts: int) -> list[Any]:
    if kind == "technical":
        return ["_".join(str(h).upper().replace(".", "").split()) or "X" for h in header]
    if kind == "repeat":
        return list(header)
    if kind == "note":
        return list(NOTE)
    if kind == "footer-count":
        return [f"Antal rækker: {contracts}"]
    return ["I alt", f"{contracts} kontrakter"]


def _write(root: Path, population: Population, junk: list[str] | None) -> int:
    """Write one file per municipality, with the ``junk`` rows added to each contracts sheet
    (a technical header under the header, the rest at the end); return how many were added."""
    added = 0
    for part in population.parts:
        m, style = part.municipality, part.style
        table = contract_table(part.rows, style, m.code, m.name)
        if junk:
            at = style.title_rows + 1
            header = table[style.title_rows]
            for kind in junk:
                row = _junk(kind, header, len(part.rows))
                if kind == "technical":
                    table.insert(at, row)
                else:
                    table.append(row)
                added += 1
        name = f"{m.code}.{style.format}"
        if style.format == "csv":
            write_csv(root / "in" / name, table, encoding=style.csv_encoding)
        else:
            sheets = {style.sheet_name: table}
            if style.follow_up_layout == "long":
                sheets[style.follow_up_sheet_name] = follow_up_table(part.rows, style)
            write_xlsx(root / "in" / name, sheets)
    return added


@pytest.mark.slow
@derandomised(6)
@given(population=populations(), junk=JUNK)
def test_appending_rows_that_are_not_contracts_never_changes_the_audit(
    tmp_path_factory: pytest.TempPathFactory, population: Population, junk: list[str]
) -> None:
    as_of = population.as_of.isoformat()
    docs = []
    for with_junk in (None, junk):
        root = tmp_path_factory.mktemp("extract")
        added = _write(root, population, with_junk)
        out = root / "out.json"
        result = run_cli_in(root, "check", "in", "--as-of", as_of, "--json", str(out))
        assert result.exit_code == 0, result.output
        doc = json.loads(out.read_text(encoding="utf-8"))
        assert len(_set_aside(doc)) == added, _set_aside(doc)
        docs.append(doc)
    clean, messy = docs
    assert outcome(json.dumps(messy).encode()) == outcome(json.dumps(clean).encode())
    counts = [[(f["path"].split("/")[-1], f["contracts"]) for f in d["inputs"]] for d in docs]
    assert counts[0] == counts[1]

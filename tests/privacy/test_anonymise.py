"""integaudit anonymise: pseudonymised copies with the same layout, never into the inputs."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from integaudit.privacy.pseudonyms import Pseudonymiser
from tests.conftest import write_xlsx
from tests.paths import BAD, RR2014
from tests.privacy.helpers import NAMES, fake_cprs, leaks, write_csv_lines

KEY = "anon-key"


@pytest.fixture
def extract(tmp_path: Path) -> tuple[Path, list[str]]:
    """A folder with a workbook (title row, name columns, CPRs in ids, text and numbers, a
    hidden sheet) and a cp1252 csv with ; — every cell a reviewer might put a CPR in."""
    cprs = fake_cprs(10, seed=11)
    folder = tmp_path / "udtraek"
    headers = [
        "Kontrakt nr.", "Kommune", "CPR-nr", "Fornavn", "Efternavn", "Overtagelsesdato",
        "Underskrevet", "Beskæftigelsesmål", "Uddannelsesmål", "Opfølgninger",
    ]  # fmt: skip
    write_xlsx(
        folder / "aarhus.xlsx",
        {
            "Kontrakter": [
                ["Udtræk fra fagsystemet, Aarhus Kommune"],
                headers,
                [
                    "A-1",
                    "Aarhus",
                    cprs[0],
                    "Fatima",
                    "Hassan",
                    "01-02-2014",
                    "20-02-2014",
                    f"Job som kok, aftalt med {cprs[1]}",
                    None,
                    "01-04-2014; 01-06-2014",
                ],
                [
                    "A-2",
                    "Aarhus",
                    int(cprs[2].replace("-", "")),
                    "Ahmad",
                    "Rahimi",
                    "01-03-2014",
                    "15-03-2014",
                    None,
                    None,
                    "01-05-2014",
                ],
            ],
            "Noter": [["Notat"], [f"Ring til {cprs[3]} om Fatimas tolk; HASSAN kommer"]],
        },
    )
    workbook = openpyxl.load_workbook(folder / "aarhus.xlsx")
    workbook["Noter"].sheet_state = "hidden"
    workbook.save(folder / "aarhus.xlsx")
    write_csv_lines(
        folder / "odense.csv",
        f"O-1;Odense;{cprs[4]};{NAMES[0]};01-02-2014;01-04-2014;Pædagogmedhjælper ({cprs[5]})",
        f"O-2;Odense;{cprs[6].replace('-', '')};{NAMES[1]};01-02-2014;10-02-2014;",
    )
    return folder, cprs


def digest(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_copies_keep_layout_and_drop_names_and_cprs(run_cli, extract, tmp_path):
    folder, cprs = extract
    before = digest(folder)
    out = tmp_path / "anonym"
    result = run_cli("anonymise", str(folder), "--out", str(out), env={"INTEGAUDIT_KEY": KEY})
    assert result.exit_code == 0, result.output
    assert digest(folder) == before
    assert sorted(p.name for p in out.iterdir()) == ["aarhus.xlsx", "odense.csv"]

    workbook = openpyxl.load_workbook(out / "aarhus.xlsx")
    assert workbook.sheetnames == ["Kontrakter", "Noter"]
    assert workbook["Noter"].sheet_state == "hidden"
    rows = [list(r) for r in workbook["Kontrakter"].iter_rows(values_only=True)]
    assert rows[0][0] == "Udtræk fra fagsystemet, Aarhus Kommune"
    assert rows[1] == [
        "Kontrakt nr.", "Kommune", "CPR-nr", "Overtagelsesdato", "Underskrevet",
        "Beskæftigelsesmål", "Uddannelsesmål", "Opfølgninger",
    ]  # fmt: skip
    assert len(rows) == 4
    ps = Pseudonymiser(KEY.encode())
    assert rows[2][2] == ps.pseudonym(cprs[0]) and rows[3][2] == ps.pseudonym(cprs[2])
    assert rows[2][5] == f"Job som kok, aftalt med {ps.pseudonym(cprs[1])}"
    assert rows[2][3] == "01-02-2014" and rows[2][7] == "01-04-2014; 01-06-2014"

    # Names from the name columns are masked in free text elsewhere in the file.
    note = next(workbook["Noter"].iter_rows(min_row=2, values_only=True))[0]
    assert note == f"Ring til {ps.pseudonym(cprs[3])} om [navn] tolk; [navn] kommer"

    raw = (out / "odense.csv").read_bytes()
    text = raw.decode("cp1252")
    lines = text.split("\r\n")
    assert lines[0] == "Kontrakt nr.;Kommune;CPR;Overtagelsesdato;Underskrevet;Beskæftigelsesmål"
    assert lines[1] == (
        f"O-1;Odense;{ps.pseudonym(cprs[4])};01-02-2014;01-04-2014;"
        f"Pædagogmedhjælper ({ps.pseudonym(cprs[5])})"
    )
    assert lines[2].startswith(f"O-2;Odense;{ps.pseudonym(cprs[6])};")

    cells = [str(c) for ws in workbook for r in ws.iter_rows(values_only=True) for c in r if c]
    texts = "\n".join([*cells, *workbook.sheetnames, text, result.output])
    assert leaks(texts, cprs) == []
    for name in ("Fatima", "Hassan", "Ahmad", "Rahimi"):
        assert name not in texts
    assert "Fornavn" in result.output and "Navn" in result.output


def test_an_anonymised_copy_audits_exactly_like_the_original(run_cli, extract, tmp_path):
    folder, _ = extract
    out = tmp_path / "anonym"
    env = {"INTEGAUDIT_KEY": KEY}
    assert run_cli("anonymise", str(folder), "--out", str(out), env=env).exit_code == 0
    docs = []
    for path in (folder, out):
        report = tmp_path / f"{path.name}.json"
        result = run_cli("check", str(path), "--as-of", "2014-12-31", "--json", str(report))
        assert result.exit_code == 0, result.output
        docs.append(json.loads(report.read_text()))
    original, copy = docs
    assert copy["total"] == original["total"]
    assert [c["status"] for c in copy["contracts"]] == [c["status"] for c in original["contracts"]]
    assert [c["contract_id"] for c in copy["contracts"]] == [
        c["contract_id"] for c in original["contracts"]
    ]


@pytest.mark.parametrize("where", ["same", "inside", "file-parent"])
def test_refuses_to_write_into_the_input_folder(run_cli, extract, where):
    folder, _ = extract
    before = digest(folder)
    args = {
        "same": (str(folder), str(folder)),
        "inside": (str(folder), str(folder / "anonym")),
        "file-parent": (str(folder / "aarhus.xlsx"), str(folder)),
    }[where]
    result = run_cli("anonymise", args[0], "--out", args[1])
    assert result.exit_code == 2
    assert "skriver ikke ind i inputmappen" in result.flat
    assert "Traceback" not in result.output
    assert digest(folder) == before


def test_a_broken_file_is_named_and_the_others_are_copied(run_cli, extract, tmp_path):
    folder, _ = extract
    (folder / "broken.xlsx").write_text("not a workbook")
    out = tmp_path / "anonym"
    result = run_cli("anonymise", str(folder), "--out", str(out), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "broken.xlsx: not copied: the file is not a spreadsheet" in result.flat
    assert sorted(p.name for p in out.iterdir()) == ["aarhus.xlsx", "odense.csv"]


def test_nothing_to_copy_exits_2(run_cli, tmp_path):
    (tmp_path / "empty").mkdir()
    result = run_cli("anonymise", str(tmp_path / "empty"), "--out", str(tmp_path / "anonym"))
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_file_names_holding_a_cpr_are_pseudonymised(run_cli, extract, tmp_path):
    folder, cprs = extract
    named = folder / f"borger_{cprs[9].replace('-', '')}.csv"
    (folder / "odense.csv").rename(named)
    out = tmp_path / "anonym"
    result = run_cli("anonymise", str(folder), "--out", str(out), env={"INTEGAUDIT_KEY": KEY})
    assert result.exit_code == 0, result.output
    ps = Pseudonymiser(KEY.encode())
    assert (out / f"borger_{ps.pseudonym(cprs[9])}.csv").is_file()
    assert leaks(result.output, cprs) == []


def test_same_key_same_copy_bytes(run_cli, extract, tmp_path):
    folder, _ = extract
    env = {"INTEGAUDIT_KEY": KEY}
    for name in ("a", "b"):
        assert (
            run_cli("anonymise", str(folder), "--out", str(tmp_path / name), env=env).exit_code == 0
        )
    for file in ("aarhus.xlsx", "odense.csv"):
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes()


def test_anonymise_applies_the_limits_of_check(run_cli, extract, tmp_path):
    folder, _ = extract
    (folder / "bomb.xlsx").write_bytes((BAD / "zip_bomb.xlsx").read_bytes())
    out = tmp_path / "anonym"
    result = run_cli(
        "anonymise", str(folder), "--out", str(out), "--max-file-size", "1MB", "--lang", "en"
    )
    assert result.exit_code == 0, result.output
    assert "bomb.xlsx: not copied: the workbook unpacks to 100 MB" in result.flat
    small = run_cli(
        "anonymise",
        str(folder),
        "--out",
        str(tmp_path / "b"),
        "--max-file-size",
        "2kB",
        "--lang",
        "en",
    )
    assert "above the limit of 2 kB" in small.flat
    assert "Traceback" not in result.output + small.output


def test_a_zip_bomb_given_alone_is_refused_before_it_is_opened(run_cli, tmp_path):
    result = run_cli("check", str(BAD / "zip_bomb.xlsx"), "--max-file-size", "1MB", "--lang", "en")
    assert result.exit_code == 2
    assert "unpacks to 100 MB" in result.flat and "Traceback" not in result.output


def test_anonymise_refuses_existing_copies_and_writes_none_until_forced(run_cli, tmp_path):
    source = tmp_path / "in"
    for name in ("101.xlsx", "161.xlsx"):
        source.mkdir(exist_ok=True)
        shutil.copy(RR2014 / name, source / name)
    out = tmp_path / "copies"
    out.mkdir()
    edited = out / "161.xlsx"
    edited.write_bytes(b"a copy someone built a test case on")
    before = (edited.read_bytes(), edited.stat().st_mtime_ns)
    result = run_cli("anonymise", str(source), "--out", str(out))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "1 af kopierne findes allerede" in result.stderr and "--force" in result.stderr
    assert (edited.read_bytes(), edited.stat().st_mtime_ns) == before
    assert not (out / "101.xlsx").exists()  # refused as a whole: nothing half written
    forced = run_cli("anonymise", str(source), "--out", str(out), "--force", "--lang", "en")
    assert forced.exit_code == 0, forced.output
    assert (out / "101.xlsx").exists() and edited.read_bytes() != before[0]
    again = run_cli("anonymise", str(source), "--out", str(out), "--lang", "en")
    assert again.exit_code == 2 and "2 of the copies exist already" in again.stderr


def test_an_anonymised_copy_gives_the_same_persons_as_the_original(run_cli, tmp_path):
    """Pseudonyms are kept as they are in any extract, so a copy from integaudit anonymise
    audits with the persons of the original (with the same key)."""
    cprs = fake_cprs(2, seed=9)
    header = ["Kontrakt nr.", "Kommune", "CPR-nr", "Overtagelsesdato", "Underskrevet"]
    write_xlsx(
        tmp_path / "in" / "aarhus.xlsx",
        {
            "Kontrakter": [
                header,
                ["A-1", "Aarhus", cprs[0], "01-02-2014", "20-04-2014"],
                ["A-2", "Aarhus", cprs[1], "01-03-2014", None],
            ]
        },
    )
    assert run_cli("anonymise", "in", "--out", "copy").exit_code == 0

    def persons(path: str) -> list[str]:
        result = run_cli("check", path, "--as-of", "2014-06-30", "--json", "-")
        assert result.exit_code == 0, result.output
        return sorted(f["person"] for f in json.loads(result.stdout)["findings"])

    original = persons("in")
    assert len(original) == 2
    assert persons("copy") == original

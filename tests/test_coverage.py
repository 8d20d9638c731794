"""Nothing degrades silently: a rule that could not run is named in every output, with the
header as the user wrote it and the config line that fixes it; --strict fails on it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import run_cli_in, write_csv
from tests.privacy.helpers import file_text
from tests.test_column_map import MESSY_HEADERS, MESSY_ROWS

# Whole commands over samples and written extracts: make test runs them, make test-fast does not.
pytestmark = pytest.mark.slow

AS_OF = "2014-09-30"


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    write_csv(tmp_path / "in" / "odense.csv", [MESSY_HEADERS, *MESSY_ROWS])
    return tmp_path / "in"


def _outputs(tmp_path: Path, *extra: str, lang: str = "da"):
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    result = run_cli_in(
        tmp_path,
        "check", "in", "--as-of", AS_OF, "--lang", lang,
        "--json", str(out / "a.json"), "--html", str(out / "a.html"), "--xlsx", str(out / "a.xlsx"),
        *extra,
    )  # fmt: skip
    return result, out


def test_an_unknown_header_is_named_in_every_output_and_the_rule_is_not_assessed(
    tmp_path, messy
) -> None:
    result, out = _outputs(tmp_path)
    assert result.exit_code == 0, result.output
    doc = json.loads((out / "a.json").read_text(encoding="utf-8"))
    # Not "0/0": the rule is said to be not assessed, with the reason and the file.
    late = doc["total"]["rules"]["late-signing"]
    assert (late["pass"], late["fail"], late["not_assessed"], late["rate"]) == (0, 0, 3, None)
    assert late["coverage"] == 0.0
    assert late["not_assessed_reasons"] == {"absent:signed_date": 3}
    assert doc["total"]["any_fail"]["rules_assessed"] == 1
    assert doc["total"]["any_fail"]["rules"] == 3

    unrecognised = [i for i in doc["data_issues"] if i["kind"] == "column-not-recognised"]
    assert [(i["header"], i["column_letter"], i["level"]) for i in unrecognised] == [
        ("Kontrakten underskrevet d.", "D", "info"),
        ("Opf. samtaler", "F", "info"),
        ("Navn", "G", "info"),
    ]
    blind = [i for i in doc["data_issues"] if i["kind"] == "rule-not-assessable"]
    assert [(i["column"], i["level"]) for i in blind] == [
        ("signed_date", "warning"),  # late-signing
        ("signed_date", "warning"),  # missed-follow-up
        ("follow_ups", "warning"),  # missed-follow-up
    ]
    assert '[aliases] signed_date = [\\"Kontrakten underskrevet d.\\"]' not in blind[0]["message"]
    assert '[aliases] signed_date = ["Kontrakten underskrevet d."]' in blind[0]["message"]
    assert blind[0]["message"].startswith(
        "The rule “Contract not entered within 30 days” cannot be assessed"
    )

    # Terminal, without -v: the warnings and the coverage lines are on screen.
    flat = result.flat
    assert "Sen indgåelse: 3 af 3 ikke vurderet — ingen kolonne med dato for kontraktens " in flat
    assert "indgåelse i odense.csv" in flat
    assert "Reglen »Kontrakt ikke indgået inden 30 dage« kan ikke vurderes" in flat
    assert '[aliases] signed_date = ["Kontrakten underskrevet d."]' in flat
    assert "'Kontrakten underskrevet d.' (kolonne D)" in flat
    assert "ikke vurderet" in flat and "0/0" not in flat
    assert "Forklaring:" in flat

    html = (out / "a.html").read_text(encoding="utf-8")
    assert "Kontrakten underskrevet d." in html and "kolonne D" in html
    assert 'id="coverage"' in html
    assert "0 af 3 vurderet · 0 ikke aktuelle · 3 ikke vurderet" in html
    assert "(over 1 af 3 regler)" in html

    workbook = openpyxl.load_workbook(out / "a.xlsx")
    rows = list(workbook["Dataproblemer"].iter_rows(values_only=True))
    header = rows[0]
    at = {name: header.index(name) for name in ("Overskrift i filen", "Kolonnebogstav", "Type")}
    assert ("Kontrakten underskrevet d.", "D") in [
        (r[at["Overskrift i filen"]], r[at["Kolonnebogstav"]]) for r in rows[1:]
    ]
    assert "regel kan ikke vurderes" in [r[at["Type"]] for r in rows[1:]]
    summary = {r[0]: r for r in workbook["Oversigt"].iter_rows(values_only=True)}
    assert summary["late-signing"][6] == "ikke vurderet"


def test_strict_exits_1_when_a_rule_is_not_assessable_and_says_why(tmp_path, messy) -> None:
    result, _ = _outputs(tmp_path, "--strict", lang="en")
    assert result.exit_code == 1, result.output
    assert "--strict: 2 rule(s) cannot be assessed in some files" in result.flat


def test_the_suggested_alias_line_fixes_the_run(tmp_path, messy) -> None:
    """Copy the config lines the warnings suggest into integaudit.toml: every rule runs."""
    first = run_cli_in(tmp_path, "check", "in", "--as-of", AS_OF, "--json", "-")
    doc = json.loads(first.stdout)
    lines = {
        m.group(1): m.group(2)
        for i in doc["data_issues"]
        if (m := re.search(r"\[aliases\] (\w+) = (\[.*\])", i["message"]))
    }
    assert set(lines) == {"signed_date", "follow_ups"}
    config = "[aliases]\n" + "".join(f"{k} = {v}\n" for k, v in lines.items())
    (messy / "integaudit.toml").write_text(config, encoding="utf-8")
    second = run_cli_in(tmp_path, "check", "in", "--as-of", AS_OF, "--json", "-", "--strict")
    assert second.exit_code == 0, second.output
    fixed = json.loads(second.stdout)
    assert not [i for i in fixed["data_issues"] if i["kind"] == "rule-not-assessable"]
    # Every contract is assessed; the unsigned one is not applicable on missed-follow-up.
    reasons = {k: r["not_assessed_reasons"] for k, r in fixed["total"]["rules"].items()}
    assert reasons == {"missing-goal": {}, "late-signing": {}, "missed-follow-up": {}}
    assert fixed["total"]["rules"]["missed-follow-up"]["not_applicable"] == 1
    assert fixed["contracts"][0]["status"] == {
        "missing-goal": "pass",
        "late-signing": "pass",
        "missed-follow-up": "fail",  # 1 Apr, then nothing until 30 Sep
    }


def test_one_signature_column_alone_is_not_assessed_never_unsigned(tmp_path) -> None:
    rows = [
        ["Kontrakt nr.", "Kommune", "Overtagelsesdato", "Underskrevet borger", "Jobmål"],
        ["A-1", "Aarhus", "01-02-2014", "05-02-2014", "Kok"],
    ]
    write_csv(tmp_path / "in" / "a.csv", rows)
    result = run_cli_in(tmp_path, "check", "in", "--as-of", AS_OF, "--json", "-")
    doc = json.loads(result.stdout)
    assert doc["contracts"][0]["status"]["late-signing"] == "not-assessed"
    assert doc["findings"] == []
    (issue,) = [
        i
        for i in doc["data_issues"]
        if i["kind"] == "rule-not-assessable" and i["column"] == "signed_date"
    ][:1]
    assert "both Underskrevet borger and Underskrevet kommune" in issue["message"]


def test_an_unknown_municipality_gets_the_closest_name(tmp_path) -> None:
    rows = [
        ["Kontrakt nr.", "Kommune", "Overtagelsesdato", "Underskrevet", "Jobmål"],
        ["A-1", "Odnese", "01-02-2014", "05-02-2014", "Kok"],
    ]
    write_csv(tmp_path / "in" / "a.csv", rows)
    result = run_cli_in(tmp_path, "check", "in", "--as-of", AS_OF, "-v")
    assert "mente du Odense (461)?" in result.flat
    assert "'Kommune' (kolonne B, municipality) [Odnese]" in result.flat


REPR = re.compile(r"\b(None|nan|NaN|NaT|nat)\b|<[a-zA-Z_.]+ object at 0x")


def test_no_python_value_in_any_output_of_any_command(tmp_path, messy) -> None:
    """No None, nan, NaT or repr in what a user reads, whatever the command."""
    out = tmp_path / "out"
    terminal = []
    for lang in ("da", "en"):
        result, out = _outputs(tmp_path, "-v", lang=lang)
        terminal.append(result.output)
        for path in sorted(out.iterdir()):
            text = file_text(path)
            if path.suffix == ".json":
                text = text.replace("null", "")
            assert not REPR.search(text), (path.name, REPR.search(text))
        (out / "a.json").rename(out / f"{lang}.json")
    more = tmp_path / "more"
    runs = [
        ("columns", "in"),
        ("columns", "in", "--json", "-"),
        ("compare", str(out / "da.json"), str(out / "en.json"), "--html", str(more / "c.html")),
        ("sample", "in", "--size", "2", "--seed", "1", "--out", str(more / "s.xlsx")),
        ("evaluate", str(more / "s.xlsx"), "--tolerable", "10"),
        ("check", str(more / "s.xlsx"), "-v"),
        ("due", "in", "--as-of", AS_OF, "-v", "--xlsx", str(more / "d.xlsx")),
        ("due", "in", "--as-of", AS_OF, "--json", str(more / "d.json")),
        ("municipal-reports", "in", "--as-of", AS_OF, "--out", str(more / "k"), "--xlsx"),
        ("anonymise", "in", "--out", str(more / "anonym")),
        ("plan", "--tolerable", "5", "--expected", "1"),
        ("template", str(more / "t.xlsx")),
        ("rules",),
        ("config", "--show", "in"),
    ]
    more.mkdir()
    for args in runs:
        result = run_cli_in(tmp_path, *args)
        assert "Traceback" not in result.output, args
        terminal.append(result.output.replace("null", ""))
    for text in terminal:
        assert not REPR.search(text), REPR.search(text)
    written = [p for p in more.rglob("*") if p.is_file() and p.suffix != ".csv"]
    assert len(written) >= 8
    for path in written:
        text = file_text(path)
        if path.suffix == ".json":
            text = text.replace("null", "")
        assert not REPR.search(text), (path.name, REPR.search(text))


def test_json_coverage_is_assessed_over_assessed_and_not_assessed(tmp_path: Path) -> None:
    """A contract whose follow-up was not due yet is not one the rule could not assess:
    coverage leaves the not-applicable contracts out (1 assessed, 1 not assessed, 2 not
    applicable gives 0.5, not 0.25); a rule that concerned no contract has none."""
    import datetime as dt

    from tests.conftest import write_xlsx

    header = ["Kontrakt nr.", "Kommune", "Overtagelsesdato", "Underskrevet", "Jobmål"]
    rows = [
        ["K-1", "Odense", dt.date(2014, 1, 2), dt.date(2014, 1, 10), "Kok"],
        ["K-2", "Odense", dt.date(2014, 5, 20), dt.date(2014, 6, 1), "Kok"],
        ["K-3", "Odense", dt.date(2014, 6, 1), dt.date(2014, 6, 10), "Kok"],
        ["K-4", "Odense", dt.date(2014, 1, 2), "31-02-2014", "Kok"],
    ]
    write_xlsx(tmp_path / "in" / "odense.xlsx", {"Kontrakter": [header, *rows]})
    follow_ups = [["Kontrakt nr.", "Opfølgningsdato"], ["K-1", dt.date(2014, 3, 1)]]
    follow_ups += [["K-1", dt.date(2014, 5, 20)]]
    write_xlsx(tmp_path / "in" / "odense_opf.xlsx", {"Opfølgninger": follow_ups})
    result = run_cli_in(tmp_path, "check", "in", "--as-of", "2014-06-30", "--json", "a.json")
    assert result.exit_code == 0, result.output
    doc = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    follow_up = doc["total"]["rules"]["missed-follow-up"]
    counts = ("pass", "fail", "not_applicable", "not_assessed")
    assert tuple(follow_up[k] for k in counts) == (1, 0, 2, 1)
    assert follow_up["coverage"] == 0.5
    assert doc["total"]["rules"]["missing-goal"]["coverage"] == 1.0
    group = doc["groups"][0]["rules"]["missed-follow-up"]
    assert group["coverage"] == 0.5
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "assessed / (assessed + not assessed)" in " ".join(readme.split())

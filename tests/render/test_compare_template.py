"""integaudit compare and integaudit template through the CLI (SPEC §4.6)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from integaudit.cli import app
from tests.render.htmltree import parse

# Whole commands over samples and written extracts: make test runs them, make test-fast does not.
pytestmark = pytest.mark.slow

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "rr2014"


def run(*args: str, env_cols: str | None = None):
    env = {"INTEGAUDIT_KEY": "k"} | ({"COLUMNS": env_cols} if env_cols else {})
    return CliRunner().invoke(app, list(args), env=env)


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    out = tmp_path_factory.mktemp("compare")
    run("check", str(SAMPLE), "--json", str(out / "old.json"))
    run("check", str(SAMPLE), "--as-of", "2014-12-31", "--json", str(out / "new.json"))
    return out


def test_compare_two_as_of_dates_gives_rates_then_now_and_change(two_runs):
    result = run(
        "compare",
        str(two_runs / "old.json"),
        str(two_runs / "new.json"),
        "--json",
        "-",
        "--lang",
        "en",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    old = json.loads((two_runs / "old.json").read_text())
    new = json.loads((two_runs / "new.json").read_text())
    for rule in ("missing-goal", "late-signing", "missed-follow-up"):
        change = data["total"]["rules"][rule]
        assert change["old"] == old["total"]["rules"][rule]["rate"]
        assert change["new"] == new["total"]["rules"][rule]["rate"]
        assert change["change_pp"] == round((change["new"] - change["old"]) * 100, 1)
    # Goals do not depend on the audit date; follow-ups lapse after the sample's last dates.
    assert data["total"]["rules"]["missing-goal"]["change_pp"] == 0
    assert data["total"]["rules"]["missed-follow-up"]["change_pp"] > 0
    assert len(data["groups"]) == 56
    assert all(g["presence"] == "both" for g in data["groups"])
    assert "65.1% → 65.1%" in result.stderr


def test_compare_lists_groups_found_in_one_run_only(two_runs, tmp_path):
    new = json.loads((two_runs / "new.json").read_text())
    dropped = new["groups"].pop(0)
    (tmp_path / "fewer.json").write_text(json.dumps(new))
    result = run(
        "compare",
        str(two_runs / "old.json"),
        str(tmp_path / "fewer.json"),
        "--json",
        "-",
        "--lang",
        "en",
        "--html",
        str(tmp_path / "c.html"),
    )
    data = json.loads(result.stdout)
    only_old = [g for g in data["groups"] if g["presence"] == "only-old"]
    assert [g["key"] for g in only_old] == [dropped["key"]]
    assert "only in the old audit" in result.stderr
    tree = parse((tmp_path / "c.html").read_text(encoding="utf-8"))
    rows = tree.find_all("tr", cls="group")
    assert len(rows) == 56
    assert "only in the old audit" in rows[0].text()


def test_compare_refuses_another_schema_version_unless_forced(two_runs, tmp_path):
    doc = json.loads((two_runs / "new.json").read_text())
    doc["schema_version"] = 2
    (tmp_path / "v2.json").write_text(json.dumps(doc))
    result = run("compare", str(two_runs / "old.json"), str(tmp_path / "v2.json"))
    assert result.exit_code == 2
    assert "schema_version 2" in result.stderr and "--force" in result.stderr
    forced = run("compare", str(two_runs / "old.json"), str(tmp_path / "v2.json"), "--force")
    assert forced.exit_code == 0


def test_compare_refuses_another_ruleset_unless_forced(two_runs, tmp_path):
    doc = json.loads((two_runs / "new.json").read_text())
    doc["ruleset"] = "bek2020"
    (tmp_path / "other.json").write_text(json.dumps(doc))
    result = run("compare", str(two_runs / "old.json"), str(tmp_path / "other.json"))
    assert result.exit_code == 2
    assert "forskellige regelsæt (rr2014 og bek2020)" in result.stderr
    english = run(
        "compare", str(two_runs / "old.json"), str(tmp_path / "other.json"), "--lang", "en"
    )
    assert "different rulesets" in english.stderr
    assert "Traceback" not in result.output


def test_compare_of_a_file_that_is_not_audit_json_exits_2(tmp_path):
    (tmp_path / "x.json").write_text("[1, 2]")
    result = run("compare", str(tmp_path / "x.json"), str(tmp_path / "missing.json"))
    assert result.exit_code == 2
    assert "ikke en JSON-fil fra integaudit check (schema_version eller total mangler)" in (
        " ".join(result.stderr.split())
    )
    english = run("compare", str(tmp_path / "x.json"), str(tmp_path / "x.json"), "--lang", "en")
    assert "not an integaudit JSON file (no schema_version/total)" in english.stderr


def test_template_has_danish_headers_follow_ups_validation_and_instructions(tmp_path):
    out = tmp_path / "skabelon.xlsx"
    assert run("template", str(out)).exit_code == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Kontrakter", "Opfølgninger", "Vejledning"]
    headers = [c.value for c in wb["Kontrakter"][1]]
    assert headers[:4] == ["Kontrakt nr.", "Kommune", "CPR-nr", "Overtagelsesdato"]
    validated = {str(dv.sqref): dv.type for dv in wb["Kontrakter"].data_validations.dataValidation}
    assert any("D2:D" in ref for ref in validated) and set(validated.values()) == {"date"}
    guide = " ".join(str(c.value) for row in wb["Vejledning"].iter_rows() for c in row if c.value)
    for header in headers:
        assert header in guide
    cells = [c.value for ws in wb for row in ws.iter_rows() for c in row if c.value]
    assert not [v for v in cells if str(v).startswith("template.")], "a catalogue key leaked"


def test_filled_in_template_is_accepted_with_no_data_issue(tmp_path):
    out = tmp_path / "skabelon.xlsx"
    run("template", str(out))
    wb = openpyxl.load_workbook(out)
    wb["Kontrakter"].append(
        [
            "K-1",
            "Aarhus",
            "B-17",
            dt.date(2014, 1, 6),
            dt.date(2014, 1, 20),
            dt.date(2014, 1, 21),
            "Job som kok",
            None,
            None,
            None,
            dt.date(2014, 1, 21),
            "Jobcenter Aarhus",
            "ydelse",
            dt.date(2014, 3, 1),
            None,
        ]
    )
    wb["Opfølgninger"].append(["K-1", "Aarhus", dt.date(2014, 3, 15)])
    wb["Opfølgninger"].append(["K-1", "Aarhus", dt.date(2014, 6, 1)])
    wb.save(tmp_path / "filled.xlsx")
    result = run("check", str(tmp_path / "filled.xlsx"), "--as-of", "2014-06-30", "--json", "-")
    data = json.loads(result.stdout)
    assert data["data_issues"] == []
    assert data["contracts"] == [
        {
            "contract_id": "K-1",
            "municipality_code": "751",
            "status": {"missing-goal": "pass", "late-signing": "pass", "missed-follow-up": "pass"},
        }
    ]


def test_template_refuses_a_name_that_is_not_xlsx(tmp_path):
    result = run("template", str(tmp_path / "x.csv"))
    assert result.exit_code == 2


@pytest.fixture(scope="module")
def due_json(tmp_path_factory):
    out = tmp_path_factory.mktemp("due")
    result = run("due", str(SAMPLE), "--as-of", "2014-06-30", "--json", str(out / "due.json"))
    assert result.exit_code == 0, result.output
    return out / "due.json"


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_compare_refuses_a_due_json_naming_the_file_and_what_it_is(two_runs, due_json):
    for force in ((), ("--force",)):
        result = run("compare", str(two_runs / "old.json"), str(due_json), *force)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output and "KeyError" not in result.output
        assert f"{due_json} er en arbejdsliste fra integaudit due, ikke en revision" in _flat(
            result.stderr
        )
        assert "det ændrer --force ikke" in _flat(result.stderr)
    english = run("compare", str(due_json), str(two_runs / "new.json"), "--lang", "en")
    assert english.exit_code == 2
    assert f"{due_json} is a work list from integaudit due, not an audit" in _flat(english.stderr)


def test_compare_refuses_other_kinds_by_their_kind_or_their_keys(two_runs, tmp_path):
    old = str(two_runs / "old.json")
    compared = tmp_path / "compared.json"
    assert run("compare", old, str(two_runs / "new.json"), "--json", str(compared)).exit_code == 0
    cases = {
        "compared.json": ("en sammenligning fra integaudit compare", None),
        "plan.json": (
            "en stikprøveplan fra integaudit plan",
            {"schema_version": 1, "kind": "plan"},
        ),
        "future.json": ('en JSON-fil af arten "census"', {"schema_version": 1, "kind": "census"}),
        "empty.json": ("en JSON-fil uden de nøgler, en revision har", {"schema_version": 1}),
    }
    for name, (what, doc) in cases.items():
        if doc is not None:
            (tmp_path / name).write_text(json.dumps(doc), encoding="utf-8")
        result = run("compare", old, str(tmp_path / name), "--force")
        assert result.exit_code == 2, (name, result.output)
        assert f"{tmp_path / name} er {what}, ikke en revision" in _flat(result.stderr), name


def test_compare_refuses_a_check_json_without_a_key_it_needs_even_forced(two_runs, tmp_path):
    for kind in (None, "check"):
        doc = json.loads((two_runs / "new.json").read_text(encoding="utf-8"))
        del doc["groups"], doc["total"]["rules"]
        if kind:
            doc["kind"] = kind
        (tmp_path / "cut.json").write_text(json.dumps(doc), encoding="utf-8")
        result = run("compare", str(two_runs / "old.json"), str(tmp_path / "cut.json"), "--force")
        assert result.exit_code == 2 and "Traceback" not in result.output
        assert f"{tmp_path / 'cut.json'}: revisionen mangler total.rules, groups" in _flat(
            result.stderr
        )


def _with_counts(doc: dict, rule: str, fail: int, passed: int) -> dict:
    stats = doc["total"]["rules"][rule]
    stats.update(fail=fail, **{"pass": passed}, rate=round(fail / (fail + passed), 4))
    return doc


def test_compare_gives_n_the_test_the_any_breach_column_and_the_trail(two_runs, tmp_path):
    """10 of 100 then and 20 of 100 now: the pooled two-proportion z-test gives z = 1.98,
    p = 0.048 (larger than chance at 5 %); 10 of 100 then and 15 of 100 now: z = 1.07,
    p = 0.285."""
    base = json.loads((two_runs / "old.json").read_text(encoding="utf-8"))
    old = _with_counts(_with_counts(base, "missing-goal", 10, 90), "late-signing", 10, 90)
    (tmp_path / "a.json").write_text(json.dumps(old), encoding="utf-8")
    base = json.loads((two_runs / "old.json").read_text(encoding="utf-8"))
    new = _with_counts(_with_counts(base, "missing-goal", 20, 80), "late-signing", 15, 85)
    new["as_of"] = "2015-06-30"
    (tmp_path / "b.json").write_text(json.dumps(new), encoding="utf-8")
    result = run(
        "compare", str(tmp_path / "a.json"), str(tmp_path / "b.json"), "--json", "-",
        "--html", str(tmp_path / "c.html"), env_cols="200",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["kind"] == "compare" and doc["schema_version"] == 1
    assert doc["test"] == {"method": "two-proportion-z", "two_sided": True, "alpha": 0.05}
    goal = doc["total"]["rules"]["missing-goal"]
    assert goal["n"] == {"old": 100, "new": 100} and goal["fail"] == {"old": 10, "new": 20}
    assert goal["p_value"] == pytest.approx(0.0477, abs=1e-4) and goal["significant"] is True
    late = doc["total"]["rules"]["late-signing"]
    assert late["p_value"] == pytest.approx(0.285, abs=1e-3) and late["significant"] is False
    any_fail = doc["total"]["any_fail"]
    assert any_fail["n"] == {"old": 109, "new": 109} and any_fail["change_pp"] == 0
    assert list(doc).index("total") < list(doc).index("groups")
    small = [g for g in doc["groups"] if g["small"]["old"]]
    assert small and all(g["small"] == {"old": True, "new": True} for g in small)
    for side, path in (("old", tmp_path / "a.json"), ("new", tmp_path / "b.json")):
        trail = doc[side]
        assert trail["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert (trail["ruleset"], trail["path"]) == ("rr2014", str(path))
    assert (doc["old"]["as_of"], doc["new"]["as_of"]) == ("2014-06-30", "2015-06-30")

    # The terminal: the national row first, n per cell, the mark, the legend and the trail.
    out = result.stderr
    lines = [line for line in out.splitlines() if line.startswith("│")]
    assert lines[0].startswith("│ I alt")
    assert "10,0 % → 20,0 %" in lines[0] and "10/100 → 20/100" in lines[1]
    assert "+10,0 pct.-point †" in lines[2] and "+5,0 pct.-point †" not in lines[2]
    assert "Mindst ét brud" in out and "147 Frederiksberg *" in out
    assert "to-andels-z-test (puljet, tosidet, 5 %-niveau)" in _flat(out)
    assert doc["new"]["sha256"] in out and "Revisionsspor" in out

    # The HTML: the same, with the trail of both audits.
    tree = parse((tmp_path / "c.html").read_text(encoding="utf-8"))
    table = tree.find_all("table", cls="compare")[0]
    first = table.find_all("tr")[1]
    assert "total" in first.attrs["class"] and first.find_all("td")[0].text() == "I alt"
    goal_cell = first.find_all("td")[2]
    assert "10/100 → 20/100" in goal_cell.text() and "†" in goal_cell.text()
    assert "†" not in first.find_all("td")[3].text()
    assert len(first.find_all("td")) == 2 + 3 + 1
    assert "small" in table.find_all("tr", cls="group")[1].attrs["class"]
    trail = tree.find_all("table", cls="compare-trail")[0].text()
    assert doc["old"]["sha256"] in trail and doc["new"]["sha256"] in trail
    assert "2015-06-30" in trail and "rr2014" in trail
    assert "to-andels-z-test" in tree.text()


def test_compare_reads_large_audits_in_two_processes_with_the_same_result(
    two_runs, tmp_path, monkeypatch
):
    from integaudit.audit import compare as comparison
    from integaudit.ingest import pool

    args = ["compare", str(two_runs / "old.json"), str(two_runs / "new.json"), "--json", "-"]
    alone = run(*args)
    monkeypatch.setattr(comparison, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(pool, "available_cores", lambda: 2)
    started = []
    side_pool = pool.side_pool
    monkeypatch.setattr(pool, "side_pool", lambda n: started.append(n) or side_pool(n))
    side_by_side = run(*args)
    assert alone.exit_code == side_by_side.exit_code == 0, side_by_side.output
    assert side_by_side.stdout == alone.stdout
    assert side_by_side.stderr == alone.stderr
    assert started == [2]
    # A file that is not JSON is named with its reason whichever way it was read.
    (tmp_path / "bad.json").write_text('{"schema_version": 1,', encoding="utf-8")
    bad = run("compare", str(two_runs / "old.json"), str(tmp_path / "bad.json"))
    assert bad.exit_code == 2 and "bad.json" in bad.output and "Traceback" not in bad.output
    missing = run("compare", str(two_runs / "old.json"), str(tmp_path / "nowhere.json"))
    assert missing.exit_code == 2 and "nowhere.json" in missing.output


def test_compare_reads_the_audits_itself_when_its_worker_processes_break(two_runs, monkeypatch):
    from concurrent.futures.process import BrokenProcessPool

    from integaudit.audit import compare as comparison
    from integaudit.ingest import pool

    def broken(workers: int):  # type: ignore[no-untyped-def]
        raise BrokenProcessPool("a worker died")

    args = ["compare", str(two_runs / "old.json"), str(two_runs / "new.json"), "--json", "-"]
    alone = run(*args)
    monkeypatch.setattr(comparison, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(pool, "side_pool", broken)
    fallen_back = run(*args)
    assert fallen_back.exit_code == alone.exit_code == 0, fallen_back.output
    assert fallen_back.stdout == alone.stdout

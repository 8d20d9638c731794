"""The terminal tables of check and compare fit an 80-column terminal with every column in
full: each rule's header (its short title) and every figure under it (SPEC §4.1)."""

from __future__ import annotations

import io
import itertools
import json
from pathlib import Path

import pytest
from rich.console import Console

from integaudit.i18n import number, percent
from integaudit.render import terminal
from integaudit.rules.rulesets import RULESETS
from tests.conftest import run_cli_in

# Whole commands over samples and written extracts: make test runs them, make test-fast does not.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def parse_tables(output: str) -> list[dict[str, list[str]]]:
    """Return every Rich table (heavy head box) in ``output`` as header → the non-empty lines
    of its cells, top to bottom. A header wrapped over several lines is joined with spaces."""
    tables = []
    lines = output.splitlines()
    i = 0
    while i < len(lines):
        if not lines[i].lstrip().startswith("┏"):
            i += 1
            continue
        top = lines[i]
        edges = [j for j, ch in enumerate(top) if ch in "┏┳┓"]
        spans = list(itertools.pairwise(edges))
        headers: list[list[str]] = [[] for _ in spans]
        cells: list[list[str]] = [[] for _ in spans]
        i += 1
        while not lines[i].lstrip().startswith("┡"):
            for k, (a, b) in enumerate(spans):
                part = lines[i][a + 1 : b].strip()
                if part:
                    headers[k].append(part)
            i += 1
        i += 1
        while not lines[i].lstrip().startswith("└"):
            if lines[i].lstrip().startswith("│"):
                for k, (a, b) in enumerate(spans):
                    part = lines[i][a + 1 : b].strip()
                    if part:
                        cells[k].append(part)
            i += 1
        tables.append({" ".join(h): c for h, c in zip(headers, cells, strict=True)})
        i += 1
    return tables


def _columns(output: str) -> dict[str, list[str]]:
    """Return every column of every table in ``output``; the label column of a table in
    parts says the same in each part (it may wrap differently)."""
    found: dict[str, list[str]] = {}
    for table in parse_tables(output):
        for header, cells in table.items():
            if header in found:
                assert " ".join(found[header]).split() == " ".join(cells).split(), header
            found[header] = cells
    return found


def _assert_fits(output: str, width: int = 80) -> None:
    assert "…" not in output
    too_wide = [line for line in output.splitlines() if len(line) > width]
    assert not too_wide, too_wide


def _check(tmp_path: Path, sample: str, *options: str, env: dict | None = None):
    out = tmp_path / f"{sample}.json"
    result = run_cli_in(
        ROOT, "check", f"samples/{sample}", "--json", str(out), *options, env={**(env or {})}
    )
    assert result.exit_code == 0, result.output
    return result, json.loads(out.read_text(encoding="utf-8"))


def _expected_rule_column(doc: dict, rule: str, lang: str) -> list[str]:
    """Return the lines of a rule's column: rate and fail/assessed per group and in total,
    the national not-applicable and not-assessed counts, then the baseline and the difference
    when the run has a baseline."""
    lines = []
    for stats in [*(g["rules"][rule] for g in doc["groups"]), doc["total"]["rules"][rule]]:
        lines += [percent(stats["rate"], lang), f"{stats['fail']}/{stats['pass'] + stats['fail']}"]
    total = doc["total"]["rules"][rule]
    lines += [str(total["not_applicable"]), str(total["not_assessed"])]
    base = {r.id: r.baseline for r in RULESETS["rr2014"]}.get(rule)
    if doc["ruleset"] == "rr2014" and base is not None:
        rate = doc["total"]["rules"][rule]["rate"]
        lines += [percent(base, lang, 0), number((rate - base) * 100, lang, 1, True)]
    return lines


@pytest.mark.parametrize(
    ("sample", "lang"), [("rr2014", "da"), ("bek2020", "da"), ("bek2020", "en")]
)
def test_check_table_at_80_columns_shows_every_rule_in_full(tmp_path, sample, lang):
    result, doc = _check(tmp_path, sample, "--lang", lang, env={"COLUMNS": "80"})
    _assert_fits(result.stdout)
    columns = _columns(result.stdout)
    rules = {r.id: r for r in RULESETS[doc["ruleset"]]}
    assert len(doc["total"]["rules"]) == (3 if sample == "rr2014" else 6)
    for rule_id in doc["total"]["rules"]:
        title = rules[rule_id].short_title[lang]
        assert title in columns, (title, list(columns))
        assert columns[title] == _expected_rule_column(doc, rule_id, lang)
    label = columns["Kommune" if lang == "da" else "Municipality"]
    for group in doc["groups"]:
        assert group["key"] in " ".join(label)
    contracts = columns["Kontrakter" if lang == "da" else "Contracts"]
    assert contracts[: len(doc["groups"]) + 1] == [
        *(str(g["contracts"]) for g in doc["groups"]),
        str(doc["total"]["contracts"]),
    ]


def test_wide_console_keeps_one_table(tmp_path):
    result, _ = _check(tmp_path, "bek2020", env={"COLUMNS": None})
    assert len(parse_tables(result.stdout)) == 1
    assert "del 1 af" not in result.stdout


def test_a_console_of_80_columns_in_a_unit_test(tmp_path):
    """The renderer fits the console it is given, whatever the environment says."""
    from integaudit import ingest
    from integaudit.audit import run as audit
    from integaudit.config import file as config
    from integaudit.privacy.pseudonyms import Pseudonymiser

    settings = config.load(ROOT / "samples" / "bek2020" / "integaudit.toml")
    options = ingest.LoadOptions(settings.as_of, Pseudonymiser(b"k"))
    extract = ingest.load([ROOT / "samples" / "bek2020"], options)
    result = audit.run(extract, "bek2020", settings.as_of, suspensions=settings.suspensions)
    console = Console(width=80, record=True, file=io.StringIO())
    terminal.render(result, console, "da")
    output = console.export_text()
    _assert_fits(output)
    titles = {r.short_title["da"] for r in RULESETS["bek2020"]}
    assert titles <= set(_columns(output))


def test_compare_table_at_80_columns_shows_every_rule_in_full(tmp_path):
    _, old = _check(tmp_path, "rr2014")
    (tmp_path / "old.json").write_text(json.dumps(old))
    _, new = _check(tmp_path, "rr2014", "--as-of", "2014-12-31")
    (tmp_path / "new.json").write_text(json.dumps(new))
    for lang in ("da", "en"):
        result = run_cli_in(
            tmp_path, "compare", "old.json", "new.json", "--lang", lang, env={"COLUMNS": "80"}
        )
        assert result.exit_code == 0, result.output
        _assert_fits(result.stdout)
        columns = _columns(result.stdout)
        flat = " ".join(result.stdout.split())
        for rule in RULESETS["rr2014"]:
            cells = columns[rule.short_title[lang]]
            total_old = percent(old["total"]["rules"][rule.id]["rate"], lang)
            total_new = percent(new["total"]["rules"][rule.id]["rate"], lang)
            # The national row comes first: then → now on one line, or stacked.
            assert " ".join(cells).startswith(f"{total_old} → {total_new} ")
            assert rule.id not in flat  # headed by short titles, not ids
        if lang == "da":
            assert "grupperet efter kommune" in flat and "municipality" not in flat
            assert "Kommune" in columns
        else:
            assert "grouped by municipality" in flat and "Municipality" in columns


def test_compare_table_on_a_wide_console_keeps_then_now_on_one_line(tmp_path):
    _, doc = _check(tmp_path, "bek2020")
    (tmp_path / "a.json").write_text(json.dumps(doc))
    result = run_cli_in(tmp_path, "compare", "a.json", "a.json", env={"COLUMNS": None})
    assert result.exit_code == 0, result.output
    tables = parse_tables(result.stdout)
    assert len(tables) == 1
    stats = doc["total"]["rules"]["late-visitation"]
    total = percent(stats["rate"], "da")
    counts = f"{stats['fail']}/{stats['fail'] + stats['pass']}"
    assert tables[0]["Sen visitation"][:3] == [
        f"{total} → {total}",
        f"{counts} → {counts}",
        "+0,0 pct.-point",
    ]

"""Each bek2020 rule cites the executive order in force, bek. nr. 208 af 20/1 2026, after the
orders it replaced, with the paragraph the rule rests on (SPEC §2.2)."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from integaudit.cli import app
from integaudit.rules.rulesets import RULESETS
from tests.paths import SAMPLES

CHAIN_DA = (
    "bek. nr. 1307 af 7/9 2020 om udarbejdelse af kontrakt, afløst af bek. nr. 1761 af "
    "30/12 2024 og fra 1/2 2026 af bek. nr. 208 af 20/1 2026"
)
CHAIN_EN = (
    "Executive Order no. 1307 of 7/9 2020 on the contract, replaced by Executive Order no. "
    "1761 of 30/12 2024 and, from 1/2 2026, by Executive Order no. 208 of 20/1 2026"
)

# The whole citation of each bek2020 rule, as the law's texts give it (written out, not built).
CITATIONS = {
    "missing-goal": (
        f"Integrationsloven § 19; {CHAIN_DA}: kontrakten fastlægger udlændingens "
        "beskæftigelses- eller uddannelsesmål",
        f"Integration Act (integrationsloven) § 19; {CHAIN_EN}: the contract sets the "
        "person's employment or education goal",
    ),
    "late-signing": (
        f"Integrationsloven § 19; {CHAIN_DA}, § 6: kontrakten indgås inden for en måned "
        "efter overtagelsen af ansvaret",
        f"Integration Act (integrationsloven) § 19; {CHAIN_EN}, § 6: the contract is entered "
        "within one month of taking over responsibility",
    ),
    "missing-declaration": (
        f"Kontraktbekendtgørelsen ({CHAIN_DA}, § 5, stk. 1): opholds- og "
        "selvforsørgelseserklæringen underskrives sammen med kontrakten",
        f"{CHAIN_EN}, § 5, stk. 1: the declaration (opholds- og selvforsørgelseserklæring) "
        "is signed together with the contract",
    ),
    "missing-coordinator": (
        f"Integrationsloven § 19; {CHAIN_DA}: kontrakten angiver den forvaltning, der "
        "koordinerer indsatsen",
        f"Integration Act (integrationsloven) § 19; {CHAIN_EN}: the contract names the unit "
        "that coordinates the effort",
    ),
    "late-visitation": (
        f"Integrationsloven § 17 (visitationen); {CHAIN_DA}, § 10, stk. 2: modtagere af "
        "forsørgelse visiteres inden for de første 3 måneder",
        f"Integration Act (integrationsloven) § 17 (visitationen); {CHAIN_EN}, § 10, stk. 2: "
        "benefit recipients are visitated within the first 3 months",
    ),
    "missed-follow-up": (
        f"Integrationsloven § 20, stk. 1; {CHAIN_DA}, § 14: opfølgningens hyppighed afhænger "
        "af udlændingens situation",
        f"Integration Act (integrationsloven) § 20, stk. 1; {CHAIN_EN}, § 14: the follow-up "
        "cadence depends on the person's situation",
    ),
}


def flat(text: str) -> str:
    return " ".join(text.split())


def test_every_bek2020_rule_has_its_citation_pinned():
    assert sorted(CITATIONS) == sorted(r.id for r in RULESETS["bek2020"])


@pytest.mark.parametrize("rule_id", sorted(CITATIONS))
@pytest.mark.parametrize("lang", ["da", "en"])
def test_rules_id_cites_the_order_chain_and_the_paragraph_of_bek_208(rule_id, lang):
    result = CliRunner().invoke(
        app, ["rules", rule_id, "--ruleset", "bek2020", "--lang", lang], env={"COLUMNS": "1000"}
    )
    assert result.exit_code == 0
    citation = CITATIONS[rule_id][0 if lang == "da" else 1]
    assert citation in flat(result.stdout)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_rules_says_which_order_applies_and_that_ukraine_cases_keep_1307(lang):
    result = CliRunner().invoke(app, ["rules", "--lang", lang], env={"COLUMNS": "1000"})
    out = flat(result.stdout)
    assert result.exit_code == 0
    if lang == "da":
        assert "fra 1. februar 2026 er afløst af bek. nr. 208 af 20/1 2026 (§ 41, stk. 2)" in out
        assert "Ukraine gælder bek. nr. 1307/2020 fortsat (bek. nr. 208, § 41, stk. 3)" in out
    else:
        assert "replaced from 1 February 2026 by no. 208 of 20/1 2026 (§ 41, stk. 2)" in out
        assert "Ukraine special act, no. 1307/2020 still applies (no. 208, § 41, stk. 3)" in out


def test_rr2014_rules_cite_no_executive_order():
    result = CliRunner().invoke(app, ["rules", "late-signing", "--ruleset", "rr2014"])
    assert result.exit_code == 0
    assert "208" not in result.stdout and "1307" not in result.stdout


def test_html_and_workbook_of_a_bek2020_audit_cite_bek_208(tmp_path):
    html, xlsx = tmp_path / "r.html", tmp_path / "r.xlsx"
    result = CliRunner().invoke(
        app,
        ["check", str(SAMPLES / "bek2020"), "--html", str(html), "--xlsx", str(xlsx)],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    page = flat(html.read_text(encoding="utf-8"))
    for da, _ in CITATIONS.values():
        assert da in page
    sheet = load_workbook(xlsx, read_only=True)["Oversigt"]
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("Hjemmel")
    cited = {row[0]: row[column] for row in rows[1:] if row[0] in CITATIONS}
    assert cited == {rule_id: da for rule_id, (da, _) in CITATIONS.items()}

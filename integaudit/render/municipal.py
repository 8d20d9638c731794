"""One self-contained HTML report per municipality, and the index that links them, from one
national audit (the letters that follow an audit)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from integaudit.audit.municipal import Part, rank
from integaudit.figures import RuleStats
from integaudit.i18n import CATALOGUES, percent, text
from integaudit.model import Audit
from integaudit.municipalities import all_municipalities, is_code
from integaudit.render.context import (
    IndexPage,
    MunicipalLink,
    MunicipalPage,
    MunicipalRow,
    RuleRate,
    RuleText,
)
from integaudit.render.html import (
    any_rate_text,
    environment,
    finding_view,
    issue_view,
    map_section,
    rate_text,
)
from integaudit.render.rows import findings
from integaudit.render.trail import audit_trail

DOT_WIDTH, DOT_MARGIN = 300, 8


def _interval(stats: RuleStats, lang: str) -> str:
    if not stats["ci95"]:
        return ""
    low, high = stats["ci95"]
    return f"{percent(low, lang, 0)}–{percent(high, lang, 0)}"


def _dots(audit: Audit, key: str, rule_id: str) -> dict[str, Any]:
    """Return the dot plot of a rule: every municipality's rate as an x position, this
    municipality's apart (None when it has no rate)."""
    span = DOT_WIDTH - 2 * DOT_MARGIN

    def x(rate: float) -> float:
        return round(DOT_MARGIN + rate * span, 1)

    others, own = [], None
    for group in audit.groups:
        rate = group["rules"][rule_id]["rate"]
        if rate is None:
            continue
        if group["key"] == key:
            own = x(rate)
        else:
            others.append(x(rate))
    return {"others": others, "own": own, "width": DOT_WIDTH, "ticks": [x(0), x(0.5), x(1)]}


def report(national: Audit, part: Part, lang: str, found: pd.DataFrame | None = None) -> str:
    """Return a municipality's report: its rate per rule with the 95 % interval beside the
    national rate (and the 2014 baseline under rr2014), its place among the municipalities
    with a dot plot, every one of its findings (``found``, its rows of render.rows.findings
    when the caller has them), its data issues, the rules and the national run's audit
    trail."""
    rules = list(national.rules)
    own = part.audit.total["rules"]
    nation = national.total["rules"]
    rows = []
    for rule in rules:
        place = rank(national, part.key, rule.id)
        base = national.baseline.rates.get(rule.id) if national.baseline else None
        stats = own[rule.id]
        rows.append(
            MunicipalRow(
                id=rule.id,
                title=rule.title[lang],
                rate=rate_text(stats, lang, 1),
                count=text(
                    "map.count", lang, fail=stats["fail"], assessed=stats["pass"] + stats["fail"]
                ),
                interval=_interval(stats, lang),
                national=rate_text(nation[rule.id], lang, 1),
                national_interval=_interval(nation[rule.id], lang),
                baseline=None if base is None else percent(base, lang, 0),
                rank=None
                if place is None
                else text("municipal.rank", lang, place=place[0], of=place[1]),
                dots=_dots(national, part.key, rule.id),
            )
        )
    if found is None:
        found = findings(part.audit)
    # The national run's trail, with the checksums of the files that hold this municipality's
    # contracts (what it can check against the extract it sent); the others are counted.
    trail = audit_trail(part.audit, lang)
    others = len(national.extract.inputs) - len(trail["inputs"])
    page = MunicipalPage(
        lang=lang,
        t=CATALOGUES[lang],
        name=part.name,
        key=part.key,
        ruleset=national.ruleset,
        as_of=national.as_of.isoformat(),
        contracts=part.audit.total["contracts"],
        any_fail=any_rate_text(part.audit.total["any_fail"], lang),
        national_any_fail=any_rate_text(national.total["any_fail"], lang),
        rows=rows,
        findings=finding_view(found, rules, lang),
        issues=issue_view(part.audit.extract.issues, lang),
        rules=[
            RuleText(r.id, r.title[lang], r.legal_basis[lang], r.explanation[lang]) for r in rules
        ],
        trail=trail,
        other_inputs=text("municipal.other_inputs", lang, count=others) if others else "",
        pseudonyms_stable=national.pseudonyms_stable,
    )
    return page.render(environment().get_template("municipal.html.j2"))


def index(national: Audit, parts: list[Part], lang: str) -> str:
    """Return the index: the national headline, the map, a link per municipality, and the
    municipalities without contracts in the extract named."""
    rules = list(national.rules)
    present = {p.key for p in parts}
    absent = [m.name for m in all_municipalities() if m.code not in present]
    page = IndexPage(
        lang=lang,
        t=CATALOGUES[lang],
        ruleset=national.ruleset,
        as_of=national.as_of.isoformat(),
        contracts=national.total["contracts"],
        headline=[
            RuleRate(r.title[lang], rate_text(national.total["rules"][r.id], lang, 1))
            for r in rules
        ],
        maps=map_section(national, rules, lang),
        links=[
            MunicipalLink(
                href=f"{p.stem}.html",
                label=f"{p.key} {p.name}" if is_code(p.key) else p.name,
                contracts=p.audit.total["contracts"],
                any_fail=any_rate_text(p.audit.total["any_fail"], lang),
            )
            for p in parts
        ],
        absent=absent,
    )
    return page.render(environment().get_template("municipal_index.html.j2"))

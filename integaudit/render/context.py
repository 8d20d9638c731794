"""The typed contexts of the HTML pages: what each template of integaudit/report_templates/
is given.

Every text is already in the page's language; numbers that the templates place (chart
geometry) are plain floats. The templates run with StrictUndefined, so a field a template
names and the context lacks fails loudly; ``tests/render/test_contexts.py`` checks that each
page's template is rendered from its dataclass.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

import jinja2

from integaudit.writers.signature import sign_html


@dataclass(frozen=True)
class Page:
    """What every page has: its language and the message catalogue of that language."""

    lang: str
    t: dict[str, str]

    def render(self, template: jinja2.Template) -> str:
        """Return ``template`` rendered with this context's fields as its variables, signed
        as integaudit's report (``writers.signature``)."""
        page = template.render(**{f.name: getattr(self, f.name) for f in fields(self)})
        return sign_html(page)


@dataclass(frozen=True)
class Bar:
    """One rule's bar in the chart: label, geometry, rate text, 95 % interval (x from, x to)
    and the baseline marker (x and rate text; None without a baseline)."""

    label: str
    y: float
    mid: float
    width: float
    rate: str
    label_x: float
    ci: tuple[float, float] | None
    base_x: float | None
    base: str | None


@dataclass(frozen=True)
class Tick:
    """An axis tick: its x and its label."""

    x: float
    label: str


@dataclass(frozen=True)
class Chart:
    """The bar chart: one bar per rule on a 0–100 % axis."""

    bars: list[Bar]
    ticks: list[Tick]
    x0: float
    width: float
    height: float
    axis_y: float


@dataclass(frozen=True)
class MapSection:
    """The maps: the outlines once (geometry), one map per rule, the legend and a note."""

    heading: str
    geometry: dict[str, str]
    maps: list[Any]
    legend: list[dict[str, str]]
    layout: dict[str, Any]
    note: str


@dataclass(frozen=True)
class Headline:
    """A rule's headline card: rates (rounded and exact), coverage sentence, counts, 95 %
    interval, baseline and the difference from it in percentage points."""

    id: str
    title: str
    short_title: str
    rate: str
    rate_exact: str
    coverage: str
    fail: int
    assessed: int
    ci: tuple[str, str] | None
    baseline: str | None
    difference: str | None


@dataclass(frozen=True)
class GroupCell:
    """One rule's cell in a group's row: rate, fail/assessed and the 95 % interval."""

    rate: str
    count: str
    ci: tuple[str, str] | None


@dataclass(frozen=True)
class GroupRow:
    """A municipality's (or region's) row of the group table."""

    key: str
    name: str
    contracts: int
    small: bool
    rules: list[GroupCell]
    any_fail: str


@dataclass(frozen=True)
class RuleDoc:
    """A rule as the report explains it; ``examples`` are its worked examples in words."""

    id: str
    title: str
    legal_basis: str
    explanation: str
    examples: list[str]


@dataclass(frozen=True)
class FindingRow:
    """A finding: contract, municipality, pseudonym, rule, detail; for a missed follow-up
    the contract's follow-up dates and the date the missed one was due."""

    contract_id: str
    municipality: str
    person: str
    rule: str
    detail: str
    follow_ups: list[str] | None
    due: str


@dataclass(frozen=True)
class IssueRow:
    """A data issue: level, where (file, sheet, row, the column as written), value, message."""

    level: str
    level_text: str
    file: str
    sheet: str
    row: Any
    column: str
    value: str
    message: str


@dataclass(frozen=True)
class ReportPage(Page):
    """report.html.j2: the whole audit. ``trail`` is the audit trail (render.trail) and
    ``projection`` the sample projection (render.projection), both as plain data."""

    ruleset: str
    as_of: str
    contracts: int
    municipalities: int
    group_by: str
    headline: list[Headline]
    any_fail: str
    any_fail_rules: str
    coverage: list[str]
    chart: Chart
    maps: MapSection | None
    groups: list[GroupRow]
    group_parts: list[list[int]]
    rules: list[RuleDoc]
    findings: list[FindingRow]
    findings_total: int
    issues: list[IssueRow]
    issues_total: int
    trail: dict[str, Any]
    breaches: list[str]
    pseudonyms_stable: bool
    projection: dict[str, Any] | None
    # The run's verdict: (option, sentence, hit) per condition, and the exit code.
    verdict: list[tuple[str, str, bool]] = field(default_factory=list)
    exit_code: int = 0


@dataclass(frozen=True)
class ChangeCell:
    """One rule's (or at least one breach's) cell in a comparison: the rate then, now, the
    change in points (marked when larger than chance), the counts failing/assessed then →
    now, and whether the change is larger than chance."""

    old: str
    new: str
    change: str
    counts: str
    significant: bool


@dataclass(frozen=True)
class ChangeRow:
    """A group's (or the total's) row of a comparison: ``presence`` says when the group is
    in one audit only, ``small`` when it had fewer than 5 assessed contracts in either;
    ``contracts`` then → now; a cell per rule and one for at least one breach."""

    key: str
    label: str
    cls: str
    presence: str | None
    small: bool
    contracts: str
    cells: list[ChangeCell]
    any_fail: ChangeCell


@dataclass(frozen=True)
class RuleColumn:
    """A rule's column in a comparison: its id and short title."""

    id: str
    title: str


@dataclass(frozen=True)
class ComparePage(Page):
    """compare.html.j2: two audits side by side, the national row first; ``parts`` the
    columns (a rule's index, -1 for at least one breach) of each table printed on A4, and
    ``trail`` the audit trail of the two audits as (label, then, now)."""

    old: dict[str, Any]
    new: dict[str, Any]
    rules: list[RuleColumn]
    group_by: str
    grouped: str
    rows: list[ChangeRow]
    parts: list[list[int]]
    trail: list[tuple[str, str, str]]
    maps: MapSection | None


@dataclass(frozen=True)
class MunicipalRow:
    """A rule's row of a municipality's report: its rate and interval, the national rate
    and interval, the baseline, its place among the municipalities and the dot plot."""

    id: str
    title: str
    rate: str
    count: str
    interval: str
    national: str
    national_interval: str
    baseline: str | None
    rank: str | None
    dots: dict[str, Any]


@dataclass(frozen=True)
class RuleText:
    """A rule's title, legal basis and explanation."""

    id: str
    title: str
    legal_basis: str
    explanation: str


@dataclass(frozen=True)
class MunicipalPage(Page):
    """municipal.html.j2: one municipality's report."""

    name: str
    key: str
    ruleset: str
    as_of: str
    contracts: int
    any_fail: str
    national_any_fail: str
    rows: list[MunicipalRow]
    findings: list[FindingRow]
    issues: list[IssueRow]
    rules: list[RuleText]
    trail: dict[str, Any]
    other_inputs: str
    pseudonyms_stable: bool


@dataclass(frozen=True)
class RuleRate:
    """A rule's national rate on the index page."""

    title: str
    rate: str


@dataclass(frozen=True)
class MunicipalLink:
    """A link to a municipality's report, with its contracts and any-fail rate."""

    href: str
    label: str
    contracts: int
    any_fail: str


@dataclass(frozen=True)
class IndexPage(Page):
    """municipal_index.html.j2: the national headline, the map and a link per municipality;
    ``absent`` names the municipalities without contracts in the extract."""

    ruleset: str
    as_of: str
    contracts: int
    headline: list[RuleRate]
    maps: MapSection | None
    links: list[MunicipalLink]
    absent: list[str]

"""What a run could and could not assess, and why: the rule-not-assessable warnings and, per
rule, how many contracts it could not assess and the main reason (nothing degrades silently;
render.coverage puts them in words)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from integaudit.issues import DataIssue, IssueKind
from integaudit.model import Extract, Status
from integaudit.rules.base import NEEDS, Rule, need_present

# Fields whose headers are offered as candidates for a need, besides the need's own fields.
_CANDIDATE_FIELDS = {"follow_ups": ("follow_ups", "follow_up_date")}


def candidate_fields(need: str) -> tuple[str, ...]:
    """Return the fields a header may be mapped to in order to provide ``need``."""
    return _CANDIDATE_FIELDS.get(need, NEEDS[need])


def advise(columns: Any, wanted: tuple[str, ...]) -> list[Any]:
    """Return the advice on a sheet's unrecognised columns for the fields in ``wanted``."""
    from integaudit.config.advice import advise as advice_for

    return advice_for(columns, wanted)


def not_assessable_issues(
    extract: Extract, statuses: pd.DataFrame, rules: list[Rule], ruleset: str
) -> list[DataIssue]:
    """Return one warning per sheet, rule and need where no column of the sheet provides what
    the rule needs and the rule was therefore not assessed for some of its contracts: it names
    how many and, when one of the sheet's unrecognised headers plausibly is that column, the
    config line that maps it. Sheets are taken in reading order, rules in ruleset order."""
    contracts = extract.contracts
    not_assessed = statuses[statuses["status"].eq(Status.NOT_ASSESSED.value)]
    if not_assessed.empty:
        return []
    columns = {(s.file, s.sheet): s.columns for s in extract.sheets}
    where = contracts[["file", "sheet"]]
    sheets = list(where.drop_duplicates().itertuples(index=False, name=None))
    issues = []
    by_rule = {rule: uids.to_numpy() for rule, uids in not_assessed.groupby("rule")["uid"]}
    for rule in rules:
        uids = by_rule.get(rule.id, np.array([], dtype=int))
        for need in rule.needs:
            lacking = ~need_present(contracts, need) & contracts.index.isin(uids)
            counts = where[lacking].value_counts(sort=False).to_dict()
            for file, sheet in (k for k in sheets if k in counts):
                params: dict[str, object] = {
                    "rule": rule.id,
                    "ruleset": ruleset,
                    "need": need,
                    "contracts": int(counts[(file, sheet)]),
                }
                found = advise(columns.get((file, sheet), ()), candidate_fields(need))
                if found:
                    params["advice"] = tuple(a.as_param() for a in found)
                issues.append(
                    DataIssue(
                        "warning",
                        IssueKind.RULE_NOT_ASSESSABLE,
                        file,
                        sheet,
                        column=need,
                        params=tuple(sorted(params.items())),
                    )
                )
    return issues


@dataclass(frozen=True)
class RuleCoverage:
    """A rule not assessed for some contracts: how many of how many, the most common reason
    and the files it comes from."""

    rule: str
    not_assessed: int
    contracts: int
    reason: str
    files: tuple[str, ...]


def rule_coverage(
    contracts: pd.DataFrame, statuses: pd.DataFrame, rule_ids: list[str]
) -> list[RuleCoverage]:
    """Return, per rule (in ruleset order) with at least one not-assessed contract, the count,
    the main reason (the most common; ties by name) and the files of the contracts it holds
    for, in the order they were read."""
    missing = statuses[statuses["status"].eq(Status.NOT_ASSESSED.value)]
    if missing.empty:
        return []
    files = contracts["file"].reindex(missing["uid"].to_numpy()).to_numpy()
    missing = missing.assign(file=files, reason=missing["reason"].fillna("other"))
    file_order = {f: i for i, f in enumerate(pd.unique(contracts["file"]))}
    out = []
    for rule_id in rule_ids:
        block = missing[missing["rule"].eq(rule_id)]
        if block.empty:
            continue
        counts = block["reason"].value_counts()
        reason = min(counts.index, key=lambda r: (-counts[r], r))
        in_files = sorted(
            set(block.loc[block["reason"].eq(reason), "file"]), key=lambda f: file_order.get(f, 0)
        )
        out.append(RuleCoverage(rule_id, len(block), len(contracts), reason, tuple(in_files)))
    return out

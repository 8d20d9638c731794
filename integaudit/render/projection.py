"""A sample's projection to its population, as every report shows it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from integaudit.i18n import number, percent, text
from integaudit.rules.rulesets import RULESETS

COLUMNS = ("reviewed", "deviations", "not-reviewed", "estimate", "upper", "interval")


def short_titles(rule_ids: list[str], lang: str) -> dict[str, str]:
    """Return each rule's short title in ``lang`` from the rulesets that have it (its id when
    none does, as for a rule of a newer version)."""
    known = {r.id: r.short_title[lang] for rules in RULESETS.values() for r in rules}
    return {rule_id: known.get(rule_id, rule_id) for rule_id in rule_ids}


def title(doc: Mapping[str, Any], lang: str, confidence: float, likelihood: str) -> str:
    """Return the one-line description of a projection: sample and population sizes, the
    design, confidence and likelihood."""
    strata = text(f"projection.strata.{doc['strata']}", lang)
    design = text(f"projection.design.{doc['method']}", lang, strata=strata)
    return text(
        "projection.title",
        lang,
        n=doc["sample_size"],
        population=doc["population"],
        design=design,
        confidence=percent(confidence, lang, 0),
        likelihood=text(f"likelihood.{likelihood}", lang),
    )


def view(
    doc: Mapping[str, Any],
    lang: str,
    confidence: float = 0.95,
    likelihood: str = "binomial",
    tolerable: float | None = None,
) -> dict[str, Any]:
    """Return the projection (sampling.projection.projection_document) as display texts: ``title``,
    ``headers``, ``rows`` (one list of cell texts per rule) and ``notes``."""
    headers = [text("projection.rule", lang), *(text(f"projection.{c}", lang) for c in COLUMNS)]
    headers += [text("projection.projected", lang), text("projection.projected-upper", lang)]
    if tolerable is not None:
        headers.append(text("projection.conclusion", lang))
    rows, notes = [], []
    titles = short_titles(list(doc["rules"]), lang)
    for rule, row in doc["rules"].items():
        interval = row["interval"]
        projected = row["projected_deviations"]
        cells = [
            titles[rule],
            str(row["n"]),
            str(row["k"]),
            str(row["not_reviewed"]),
            percent(row["estimate"], lang),
            percent(row["upper_bound"], lang),
            "–"
            if interval is None
            else f"{percent(interval[0], lang)}–{percent(interval[1], lang)}",
            "–" if projected is None else number(projected, lang, 0),
            "–" if projected is None else number(row["projected_upper"], lang, 0),
        ]
        if tolerable is not None:
            conclusion = row["conclusion"]
            rate = percent(tolerable, lang)
            cells.append(
                "–" if conclusion is None else text(f"projection.{conclusion}", lang, rate=rate)
            )
        rows.append(cells)
        if row["uncovered_strata"] and row["n"]:
            notes.append(
                text(
                    "projection.uncovered",
                    lang,
                    rule=titles[rule],
                    count=len(row["uncovered_strata"]),
                    population=doc["population"] - row["covered_population"],
                )
            )
    if doc["method"] == "stratified":
        notes.append(text("projection.note", lang))
    return {
        "title": title(doc, lang, confidence, likelihood),
        "headers": headers,
        "rows": rows,
        "notes": notes,
    }

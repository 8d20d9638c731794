"""The legal basis each rule cites, in one place (SPEC §2.1, §2.2).

rr2014 cites Rigsrevisionen's criteria (beretning nr. 8/2014, published February 2015) and the
integration act as in force in 2014; bek2020 cites the paragraph of today's act it rests on and
the executive order on the contract, nr. 1307 of 7 September 2020, replaced by nr. 1761 of
30 December 2024. Nothing here states as law what those texts do not say.
"""

from __future__ import annotations

ACT_2014 = {
    "da": "lovbekendtgørelse nr. 1094 af 7/10 2014",
    "en": "Consolidation Act no. 1094 of 7/10 2014",
}
REPORT = {
    "da": "Rigsrevisionens beretning nr. 8/2014 (februar 2015)",
    "en": "Rigsrevisionen's report no. 8/2014 (February 2015)",
}
ORDER = {
    "da": "bek. nr. 1307 af 7/9 2020 om udarbejdelse af kontrakt, afløst af bek. nr. 1761 af "
    "30/12 2024",
    "en": "Executive Order no. 1307 of 7/9 2020 on the contract, replaced by Executive Order "
    "no. 1761 of 30/12 2024",
}
ACT = {"da": "Integrationsloven", "en": "Integration Act (integrationsloven)"}


def rr2014(paragraph: str, topic: dict[str, str], criterion: dict[str, str]) -> dict[str, str]:
    """Return the legal basis of an rr2014 rule: the paragraph of the 2014 act and what it is
    about, and the report whose criterion the rule applies."""
    return {
        lang: f"{ACT[lang]} {paragraph} ({ACT_2014[lang]}), {topic[lang]}; "
        f"{REPORT[lang]}: {criterion[lang]}"
        for lang in ("da", "en")
    }


def bek2020(paragraph: str | None, what: dict[str, str]) -> dict[str, str]:
    """Return the legal basis of a bek2020 rule: the paragraph of today's act (None when the
    requirement is the executive order's alone), what it requires, and the executive order."""
    out = {}
    for lang in ("da", "en"):
        where = f"{ACT[lang]} {paragraph}; {ORDER[lang]}" if paragraph else ORDER[lang]
        out[lang] = f"{where[0].upper()}{where[1:]}: {what[lang]}"
    return out

"""The legal basis each rule cites, composed in one place (SPEC §2.1, §2.2).

rr2014 cites Rigsrevisionen's criteria (beretning nr. 8/2014, published February 2015) and the
integration act as in force in 2014; bek2020 cites the paragraph of today's act it rests on and
the executive order on the contract, nr. 1307 of 7 September 2020, replaced by nr. 1761 of
30 December 2024. Nothing here states as law what those texts do not say.

The words are in the message catalogues (integaudit.i18n): the act, the report and the order
as ``legal.*``, and each rule's own pieces as ``rule.<id>.<ruleset>.<piece>``.
"""

from __future__ import annotations

from integaudit.i18n import Message

ACT = Message("legal.act")
ACT_2014 = Message("legal.act_2014")
REPORT = Message("legal.report")
ORDER = Message("legal.order")


def rr2014(rule_id: str) -> Message:
    """Return the legal basis of an rr2014 rule: the paragraph of the 2014 act
    (``rule.<id>.rr2014.paragraph``) and what it is about (``…topic``), and the report whose
    criterion (``…criterion``) the rule applies."""
    pieces = f"rule.{rule_id}.rr2014"
    return Message(
        "legal.rr2014",
        act=ACT,
        paragraph=Message(f"{pieces}.paragraph"),
        act_2014=ACT_2014,
        topic=Message(f"{pieces}.topic"),
        report=REPORT,
        criterion=Message(f"{pieces}.criterion"),
    )


def bek2020(rule_id: str, *, act: bool = True) -> Message:
    """Return the legal basis of a bek2020 rule: the paragraph of today's act it rests on
    (``rule.<id>.bek2020.paragraph``; ``act=False`` when the requirement is the executive
    order's alone), the executive order, and what it requires (``…requirement``)."""
    pieces = f"rule.{rule_id}.bek2020"
    requirement = Message(f"{pieces}.requirement")
    if not act:
        return Message("legal.bek2020.order-only", requirement=requirement)
    return Message(
        "legal.bek2020",
        act=ACT,
        paragraph=Message(f"{pieces}.paragraph"),
        order=ORDER,
        requirement=requirement,
    )

"""The legal basis each rule cites, composed in one place (SPEC §2.1, §2.2).

rr2014 cites Rigsrevisionen's criteria (beretning nr. 8/2014, published February 2015) and the
integration act as in force in 2014; bek2020 cites the paragraph of today's act it rests on and
the executive order on the contract as a chain: nr. 1307 of 7 September 2020, replaced by
nr. 1761 of 30 December 2024, replaced from 1 February 2026 by nr. 208 of 20 January 2026
(§ 41, stk. 2; persons under the Ukraine special act keep nr. 1307/2020, § 41, stk. 3), with
the paragraph of nr. 208 the rule rests on where there is one (``ORDER_PARAGRAPHS``). Nothing
here states as law what those texts do not say.

The words are in the message catalogues (integaudit.i18n): the act, the report and the order
as ``legal.*``, and each rule's own pieces as ``rule.<id>.<ruleset>.<piece>``.
"""

from __future__ import annotations

from integaudit.i18n import Message

ACT = Message("legal.act")
ACT_2014 = Message("legal.act_2014")
REPORT = Message("legal.report")
ORDER = Message("legal.order")

# The paragraph of bek. nr. 208 af 20/1 2026 each bek2020 rule rests on: § 6 the contract
# within one month, § 5 the declaration signed with it, § 10, stk. 2 the visitation, § 14 the
# follow-up "ved en individuel samtale". The goal and coordinator rules rest on the act's § 19
# alone, and cite the order without a paragraph.
ORDER_PARAGRAPHS = {
    "late-signing": "§ 6",
    "missing-declaration": "§ 5, stk. 1",
    "late-visitation": "§ 10, stk. 2",
    "missed-follow-up": "§ 14",
}

# What a reader of a ruleset's rules needs to know of its sources as a whole.
RULESET_NOTES = {"bek2020": Message("legal.orders")}


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


def order(rule_id: str) -> Message:
    """Return the executive order's chain as a bek2020 rule cites it: ending in the paragraph
    of bek. nr. 208/2026 the rule rests on, or the chain alone when it rests on none."""
    paragraph = ORDER_PARAGRAPHS.get(rule_id)
    if paragraph is None:
        return ORDER
    return Message("legal.order.at", order=ORDER, paragraph=paragraph)


def bek2020(rule_id: str, *, act: bool = True) -> Message:
    """Return the legal basis of a bek2020 rule: the paragraph of today's act it rests on
    (``rule.<id>.bek2020.paragraph``; ``act=False`` when the requirement is the executive
    order's alone), the executive order with its paragraph (``order``), and what it requires
    (``…requirement``)."""
    pieces = f"rule.{rule_id}.bek2020"
    requirement = Message(f"{pieces}.requirement")
    if not act:
        return Message("legal.bek2020.order-only", order=order(rule_id), requirement=requirement)
    return Message(
        "legal.bek2020",
        act=ACT,
        paragraph=Message(f"{pieces}.paragraph"),
        order=order(rule_id),
        requirement=requirement,
    )

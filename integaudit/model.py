"""Canonical fields, statuses, data issues and the audit result.

Everything downstream of ingest speaks these names; Danish words appear only
as header aliases here and in the message catalogues of ``integaudit.i18n``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal

from integaudit.figures import Baseline, Group, Projection, Total
from integaudit.issues import DataIssue

if TYPE_CHECKING:  # only named here: importing the model loads neither pandas nor the rules
    import pandas as pd

    from integaudit.rules.base import Rule

FieldType = Literal["text", "municipality", "person", "date", "goal", "situation", "date_list"]


@dataclass(frozen=True)
class Field:
    """A canonical column: its name, how its cells are parsed, and its header aliases."""

    name: str
    type: FieldType
    aliases: tuple[str, ...] = ()


# SPEC §1.2. The field name itself always matches too.
CONTRACT_FIELDS: tuple[Field, ...] = (
    Field(
        "contract_id",
        "text",
        (
            *("kontrakt_id", "kontraktnr", "kontrakt nr", "sagsnr", "sags id", "id"),
            *("sagsnummer", "kontraktnummer"),
        ),
    ),
    Field(
        "municipality",
        "municipality",
        (
            *("kommune", "kommunenavn", "kommunekode", "kommune nr"),
            *("kommunenr", "kommunenummer", "bopælskommune"),
        ),
    ),
    Field(
        "person_id",
        "person",
        (
            *("borger_id", "borger", "person", "cpr", "cpr-nr", "cprnr"),
            *("cpr nummer", "cpr-nummer", "cprnummer", "personnummer"),
        ),
    ),
    Field(
        "responsibility_date",
        "date",
        (
            "overtagelsesdato",
            "overtaget",
            "ansvar overtaget",
            "dato for overtagelse af integrationsansvar",
            "integrationsansvar overtaget",
            "dato for overtagelse",
        ),
    ),
    Field(
        "signed_date",
        "date",
        (
            "underskrevet",
            "underskriftsdato",
            "indgået",
            "indgåelsesdato",
            "kontraktdato",
            "kontrakt indgået",
            "kontrakt underskrevet",
            "dato for underskrift",
            "dato kontrakt underskrevet",
            "signeret",
        ),
    ),
    Field("signed_citizen_date", "date", ("underskrevet borger", "borgers underskrift")),
    Field("signed_municipality_date", "date", ("underskrevet kommune", "kommunens underskrift")),
    Field(
        "employment_goal",
        "goal",
        ("beskæftigelsesmål", "beskaeftigelsesmaal", "jobmål", "mål for beskæftigelse"),
    ),
    Field("education_goal", "goal", ("uddannelsesmål", "uddannelsesmaal", "mål for uddannelse")),
    Field("goal_met_date", "date", ("mål opfyldt", "mål opfyldt dato", "målopfyldelse")),
    Field("end_date", "date", ("ophørsdato", "ophør", "afsluttet", "kontrakt ophørt")),
    Field(
        "declaration_date",
        "date",
        ("erklæring", "erklæring underskrevet", "opholds- og selvforsørgelseserklæring"),
    ),
    Field("coordinating_unit", "goal", ("koordinerende forvaltning", "koordinerende enhed")),
    Field(
        "situation",
        "situation",
        ("situation", "forsørgelse", "forsørgelsesgrundlag", "målgruppe"),
    ),
    Field("visitation_date", "date", ("visitation", "visitationsdato", "visiteret")),
    Field("child_birth_date", "date", ("barns fødselsdato", "fødsel", "barsel fra")),
    Field(
        "leave_end_date",
        "date",
        (
            *("barsel slut", "barselsorlov slut", "orlov slut", "fravær ophører"),
            "fraværsperiodens udløb",
        ),
    ),
    Field("follow_ups", "date_list", ("opfølgninger", "opfølgningsdatoer", "opfølgningssamtaler")),
)

FOLLOW_UP_FIELDS: tuple[Field, ...] = (
    CONTRACT_FIELDS[0],
    CONTRACT_FIELDS[1],
    Field("follow_up_date", "date", ("opfølgningsdato", "opfølgning", "dato", "samtaledato")),
    # Whether the conversation was held (ingest.held); read in follow-ups sheets only.
    Field(
        "follow_up_status",
        "text",
        (
            *("status", "type", "samtaletype", "afholdt", "samtalestatus", "samtale status"),
            *("opfølgningsstatus", "opfølgningstype", "samtaleform"),
        ),
    ),
)

# Headers that name a field only ambiguously: never mapped, only suggested (with every field
# they may mean) when a rule lacks one of those fields.
AMBIGUOUS_HEADERS: dict[str, tuple[str, ...]] = {
    "startdato": ("responsibility_date", "signed_date"),
    "start": ("responsibility_date", "signed_date"),
    "slutdato": ("end_date", "goal_met_date"),
}

# Wide layout: follow_up_1 … follow_up_N, opfølgning 1 …, opfølgning1, opf 1. Matched on the
# normalised header (see ingest.headers.normalise_header).
WIDE_FOLLOW_UP_PATTERN = r"^(?:follow up|opfoelgning|opf) ?(\d{1,3})$"
# The status of wide follow-up N (status 1, type 2, afholdt 3 …), beside its date column.
WIDE_STATUS_PATTERN = (
    r"^(?:status|type|samtaletype|afholdt|opf status|opfoelgning status) ?(\d{1,3})$"
)

# Sheets that document an extract rather than hold data; skipped without a data issue when
# they have no recognised headers. "Metode" documents a sample workbook (integaudit sample).
INSTRUCTION_SHEETS = frozenset(
    {
        *("vejledning", "instruktioner", "instructions", "læs mig", "laes mig"),
        *("readme", "read me", "metode", "method"),
    }
)

FIELDS_BY_NAME: dict[str, Field] = {f.name: f for f in (*CONTRACT_FIELDS, *FOLLOW_UP_FIELDS)}
DATE_FIELDS: tuple[str, ...] = tuple(f.name for f in CONTRACT_FIELDS if f.type == "date")
TEXT_FIELDS: tuple[str, ...] = tuple(f.name for f in CONTRACT_FIELDS if f.type in ("text", "goal"))


class Status(StrEnum):
    """A rule's verdict on one contract (SPEC §2)."""

    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not-applicable"
    NOT_ASSESSED = "not-assessed"


STATUSES: tuple[Status, ...] = tuple(Status)

MappingSource = Literal["field", "alias", "config", "wide", "duplicate"]
# A suggestion needs this share of a column's filled cells to fit the field (issue 19 §3).
FIT = 0.8
ValueKind = Literal["empty", "cpr", "dates", "texts", "numbers", "mixed"]


@dataclass(frozen=True)
class ColumnProfile:
    """The kinds of value among a column's first filled cells, with samples."""

    filled: int = 0
    dates: int = 0
    numbers: int = 0
    cpr: int = 0
    texts: int = 0
    date_lists: int = 0
    samples: tuple[str, ...] = ()
    placeholders: tuple[str, ...] = ()

    @property
    def kind(self) -> ValueKind:
        """Return what the column holds: the kind of at least FIT of its filled cells."""
        if not self.filled:
            return "empty"
        for kind, count in (("cpr", self.cpr), ("dates", self.dates), ("texts", self.texts),
                            ("numbers", self.numbers)):  # fmt: skip
            if count >= FIT * self.filled:
                return kind  # type: ignore[return-value]
        return "mixed"


@dataclass(frozen=True)
class ColumnMapping:
    """One header cell of a sheet and what it was read as.

    ``field`` is the canonical field (None when the header maps to nothing); ``source`` says
    how: the field's own name, a built-in alias, an alias from the config, a wide-layout
    follow-up column, or a later duplicate of a field already mapped (its values ignored).
    ``profile`` describes the values of a column that maps to nothing (ingest.profile).
    """

    letter: str
    header: str
    field: str | None
    source: MappingSource | None
    profile: ColumnProfile | None = None


@dataclass(frozen=True)
class SheetColumns:
    """How one sheet was read: its kind (contracts, follow-ups, or None when it holds
    neither), the header row as Excel numbers it (None when none was found), every header
    cell, and the canonical fields it provides.

    ``header_rows`` is 2 when a row of group labels is read with the header: ``header_row``
    is then the first of the two, unless that is a band of group labels over the header
    proper (``band_row``), when it is the row of the header proper. ``how`` says how the
    header was found (``detected``, ``groups``, ``config``); ``skipped`` lists the rows
    above it that hold anything (Excel numbers); ``layout`` names the config's [[layout]]
    entries that applied; ``statuses`` lists the values of its follow-ups' status column:
    (value, count, held / not-held / unknown); ``second_header`` says that the row under the
    header holds labels, no data, in columns whose header is blank (a csv's two-row header)."""

    file: str
    sheet: str
    kind: str | None
    header_row: int | None
    columns: tuple[ColumnMapping, ...] = ()
    fields: frozenset[str] = frozenset()
    header_rows: int = 1
    how: str | None = None
    skipped: tuple[int, ...] = ()
    layout: tuple[str, ...] = ()
    statuses: tuple[tuple[str, int, str], ...] = ()
    band_row: int | None = None
    second_header: bool = False


@dataclass(frozen=True)
class InputFile:
    """One file read: its path as given, checksum and what it yielded."""

    path: str
    sha256: str
    contracts: int = 0
    follow_ups: int = 0
    rows_read: int = 0
    error: bool = False
    # The real path, for guarding inputs against being overwritten; never shown (``path`` is
    # the displayed path, with any CPR number in it replaced by its pseudonym).
    source: str = ""


@dataclass
class Extract:
    """What ingest produced: canonical frames, the data issues and the inputs read.

    ``contracts`` has one row per contract (see ingest.assemble for its columns);
    ``follow_ups`` is long: ``uid`` (the contract's row in ``contracts``), ``follow_up_date``
    and the source location of the date. ``not_held`` holds, in the same form with the
    ``status`` as written, the conversations their status says were not held: no follow-ups.
    """

    contracts: pd.DataFrame
    follow_ups: pd.DataFrame
    issues: list[DataIssue]
    inputs: list[InputFile]
    sheets: list[SheetColumns] = field(default_factory=list)
    not_held: pd.DataFrame | None = None


@dataclass(frozen=True)
class Suspension:
    """A window whose days do not count towards deadlines or follow-up intervals."""

    start: dt.date
    end: dt.date
    label: str = ""


@dataclass
class Audit:
    """The result of one run: statuses per contract and rule, and their aggregation.

    ``rules`` are the rules the run applied, in the ruleset's order; renderers take their
    titles, legal bases and explanations from them."""

    ruleset: str
    as_of: dt.date
    group_by: str
    rules: tuple[Rule, ...]
    extract: Extract
    statuses: pd.DataFrame  # uid × rule: status, detail kind and parameters, reason, due (long)
    total: Total
    groups: list[Group]
    baseline: Baseline | None = None
    pseudonyms_stable: bool = True
    meta: dict[str, Any] = field(default_factory=dict)
    # When the input is a sample workbook: its projection to the population it was drawn from
    # (sampling.projection.projection_document).
    projection: Projection | None = None
    # The run's verdict (thresholds.Verdict): the --fail-above thresholds, --strict and
    # --fail-on, and the exit code they give; None when none was asked for (a municipal run).
    verdict: Any = None

    @property
    def rule_ids(self) -> list[str]:
        """Return the ids of the rules applied, in the ruleset's order."""
        return [rule.id for rule in self.rules]

    def titles(self, lang: str, short: bool = False) -> dict[str, str]:
        """Return each applied rule's title (its short title with ``short``) in ``lang``, by
        rule id."""
        return {r.id: (r.short_title if short else r.title)[lang] for r in self.rules}

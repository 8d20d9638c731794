"""Every user-facing string, one catalogue per language (Danish is the default)."""

from __future__ import annotations

from typing import Any

from integaudit.model import DataIssue

DA: dict[str, str] = {
    # data issues
    "path-missing": "stien findes ikke",
    "no-spreadsheets": "mappen indeholder ingen regneark (xlsx, xlsm, xls, xlsb, ods, csv)",
    "not-spreadsheet": "filen er ikke et regneark (xlsx, xlsm, xls, xlsb, ods, csv, txt)",
    "file-unreadable": "filen kan ikke læses: {detail}",
    "file-empty": "filen er tom",
    "file-corrupt": "filen er beskadiget og kan ikke åbnes: {detail}",
    "file-encrypted": "filen er krypteret (beskyttet med adgangskode) og kan ikke åbnes",
    "file-not-spreadsheet": "filen er ikke et regneark, selv om navnet siger det: {detail}",
    "file-no-tables": "filen indeholder hverken et ark med kontrakter eller med opfølgninger",
    "sheet-no-header": "arket ignoreres: ingen kendte kolonneoverskrifter i de første 20 rækker",
    "sheet-empty": "arket er tomt",
    "sheet-ignored": "arket ignoreres: det er hverken et kontrakt- eller et opfølgningsark",
    "sheet-hidden": "arket er skjult i Excel, men læses med",
    "sheet-missing-columns": (
        "arket mangler den påkrævede kolonne {columns}; dets {rows} rækker revideres ikke"
    ),
    "duplicate-header": "kolonnen er en gentagelse af feltet {field} og ignoreres",
    "row-no-known-values": "rækken har ingen værdier i kendte kolonner og springes over",
    "missing-contract-id": "rækken har intet kontrakt-id; den revideres under fil:række",
    "unknown-municipality": (
        "ukendt kommune; {rows} række(r) revideres under navnet, som det er skrevet"
    ),
    "missing-municipality": "kommunen mangler og kan ikke udledes af filnavnet",
    "unreadable-date": "værdien kan ikke læses som en dato; regler, der bruger den, vurderes ikke",
    "unknown-situation": "ukendt situation; regler, der bruger den, vurderes ikke",
    "follow-up-missing-contract-id": "opfølgningen har intet kontrakt-id og kan ikke placeres",
    "follow-up-missing-date": "opfølgningsrækken har ingen dato",
    "follow-up-ambiguous": (
        "kontrakt-id'et findes i flere kommuner; opfølgningen kan ikke placeres (tilføj kommune)"
    ),
    "follow-up-unknown-contract": "opfølgningen hører ikke til nogen kendt kontrakt",
    "duplicate-contract": (
        "kontrakten er en identisk kopi af række {first_row} i {first_file} og tælles én gang"
    ),
    "conflicting-contract": (
        "samme kontrakt-id med forskelligt indhold i samme kommune; begge rækker revideres"
    ),
    "date-after-as-of": "datoen ligger efter revisionsdatoen {as_of} og ignoreres",
    "signed-before-responsibility": "kontrakten er underskrevet før ansvaret blev overtaget",
    "follow-up-before-signing": "opfølgningen ligger før kontrakten blev underskrevet",
    "random-key": (
        "ingen nøgle til pseudonymer (--key-file, config eller INTEGAUDIT_KEY): der bruges en "
        "tilfældig nøgle, så pseudonymerne er ikke stabile mellem kørsler"
    ),
    # data issue kinds, short
    "kind.path-missing": "sti findes ikke",
    "kind.no-spreadsheets": "mappe uden regneark",
    "kind.not-spreadsheet": "ikke et regneark",
    "kind.file-unreadable": "fil kan ikke læses",
    "kind.file-empty": "tom fil",
    "kind.file-corrupt": "beskadiget fil",
    "kind.file-encrypted": "krypteret fil",
    "kind.file-not-spreadsheet": "ikke et regneark",
    "kind.file-no-tables": "fil uden kontrakter",
    "kind.sheet-no-header": "ark uden kendte overskrifter",
    "kind.sheet-empty": "tomt ark",
    "kind.sheet-ignored": "ark ignoreret",
    "kind.sheet-hidden": "skjult ark læst",
    "kind.sheet-missing-columns": "ark mangler påkrævet kolonne",
    "kind.duplicate-header": "gentaget kolonne",
    "kind.row-no-known-values": "række uden kendte værdier",
    "kind.missing-contract-id": "række uden kontrakt-id",
    "kind.unknown-municipality": "ukendt kommune",
    "kind.missing-municipality": "kommune mangler",
    "kind.unreadable-date": "ulæselig dato",
    "kind.unknown-situation": "ukendt situation",
    "kind.follow-up-missing-contract-id": "opfølgning uden kontrakt-id",
    "kind.follow-up-missing-date": "opfølgning uden dato",
    "kind.follow-up-ambiguous": "opfølgning kan ikke placeres entydigt",
    "kind.follow-up-unknown-contract": "opfølgning til ukendt kontrakt",
    "kind.duplicate-contract": "identisk dublet slået sammen",
    "kind.conflicting-contract": "samme kontrakt-id, forskelligt indhold",
    "kind.date-after-as-of": "dato efter revisionsdatoen ignoreret",
    "kind.signed-before-responsibility": "underskrevet før overtagelse",
    "kind.follow-up-before-signing": "opfølgning før underskrift",
    "kind.random-key": "tilfældig pseudonymnøgle",
    # levels
    "level.error": "fejl",
    "level.warning": "advarsel",
    "level.info": "info",
    # terminal
    "group.municipality": "Kommune",
    "group.region": "Region",
    "group.none": "I alt",
    "contracts": "Kontrakter",
    "any_fail": "Mindst ét brud",
    "total": "I alt",
    "baseline": "Rigsrevisionen 2014",
    "difference": "Forskel (pct.-point)",
    "small_mark": "* under 5 vurderede kontrakter: usikker andel",
    "unknown": "(ukendt)",
    "title": "Revision af integrationskontrakter · regelsæt {ruleset} · revisionsdato {as_of}",
    "issues_heading": "Dataproblemer",
    "issues_none": "Ingen dataproblemer.",
    "issues_more": "Se alle med --verbose.",
    "issue_where": "{file}, ark {sheet}, række {row}, kolonne {column}",
    "nothing_audited": "Intet kunne revideres: ingen kontrakter blev læst.",
    "reading": "Læser filer",
    "json_written": "JSON skrevet til {path}",
    "percent_format": "{value} %",
}

EN: dict[str, str] = {
    "path-missing": "the path does not exist",
    "no-spreadsheets": "the folder holds no spreadsheets (xlsx, xlsm, xls, xlsb, ods, csv)",
    "not-spreadsheet": "the file is not a spreadsheet (xlsx, xlsm, xls, xlsb, ods, csv, txt)",
    "file-unreadable": "the file cannot be read: {detail}",
    "file-empty": "the file is empty",
    "file-corrupt": "the file is damaged and cannot be opened: {detail}",
    "file-encrypted": "the file is encrypted (password-protected) and cannot be opened",
    "file-not-spreadsheet": "the file is not a spreadsheet, whatever its name says: {detail}",
    "file-no-tables": "the file holds neither a contracts sheet nor a follow-ups sheet",
    "sheet-no-header": "sheet ignored: no known column headers in its first 20 rows",
    "sheet-empty": "the sheet is empty",
    "sheet-ignored": "sheet ignored: it is neither a contracts sheet nor a follow-ups sheet",
    "sheet-hidden": "the sheet is hidden in Excel but is read",
    "sheet-missing-columns": (
        "the sheet lacks the required column {columns}; its {rows} rows are not audited"
    ),
    "duplicate-header": "the column repeats the field {field} and is ignored",
    "row-no-known-values": "the row has no values in known columns and is skipped",
    "missing-contract-id": "the row has no contract id; it is audited as file:row",
    "unknown-municipality": "unknown municipality; {rows} row(s) audited under the name as written",
    "missing-municipality": "the municipality is missing and cannot be told from the file name",
    "unreadable-date": "the value is not a date; rules that need it are not assessed",
    "unknown-situation": "unknown situation; rules that need it are not assessed",
    "follow-up-missing-contract-id": "the follow-up has no contract id and cannot be placed",
    "follow-up-missing-date": "the follow-up row has no date",
    "follow-up-ambiguous": (
        "the contract id exists in several municipalities; the follow-up cannot be placed "
        "(add the municipality)"
    ),
    "follow-up-unknown-contract": "the follow-up belongs to no known contract",
    "duplicate-contract": (
        "the contract is an identical copy of row {first_row} in {first_file} and counts once"
    ),
    "conflicting-contract": (
        "the same contract id with different contents in one municipality; both rows audited"
    ),
    "date-after-as-of": "the date is after the audit date {as_of} and is ignored",
    "signed-before-responsibility": "the contract was signed before responsibility was taken over",
    "follow-up-before-signing": "the follow-up is before the contract was signed",
    "random-key": (
        "no pseudonym key (--key-file, config or INTEGAUDIT_KEY): a random key is used, so "
        "pseudonyms are not stable across runs"
    ),
    "kind.path-missing": "path does not exist",
    "kind.no-spreadsheets": "folder without spreadsheets",
    "kind.not-spreadsheet": "not a spreadsheet",
    "kind.file-unreadable": "file cannot be read",
    "kind.file-empty": "empty file",
    "kind.file-corrupt": "damaged file",
    "kind.file-encrypted": "encrypted file",
    "kind.file-not-spreadsheet": "not a spreadsheet",
    "kind.file-no-tables": "file without contracts",
    "kind.sheet-no-header": "sheet without known headers",
    "kind.sheet-empty": "empty sheet",
    "kind.sheet-ignored": "sheet ignored",
    "kind.sheet-hidden": "hidden sheet read",
    "kind.sheet-missing-columns": "sheet lacks a required column",
    "kind.duplicate-header": "repeated column",
    "kind.row-no-known-values": "row without known values",
    "kind.missing-contract-id": "row without contract id",
    "kind.unknown-municipality": "unknown municipality",
    "kind.missing-municipality": "municipality missing",
    "kind.unreadable-date": "unreadable date",
    "kind.unknown-situation": "unknown situation",
    "kind.follow-up-missing-contract-id": "follow-up without contract id",
    "kind.follow-up-missing-date": "follow-up without date",
    "kind.follow-up-ambiguous": "follow-up cannot be placed",
    "kind.follow-up-unknown-contract": "follow-up for unknown contract",
    "kind.duplicate-contract": "identical duplicate collapsed",
    "kind.conflicting-contract": "same contract id, different contents",
    "kind.date-after-as-of": "date after audit date ignored",
    "kind.signed-before-responsibility": "signed before takeover",
    "kind.follow-up-before-signing": "follow-up before signing",
    "kind.random-key": "random pseudonym key",
    "level.error": "error",
    "level.warning": "warning",
    "level.info": "info",
    "group.municipality": "Municipality",
    "group.region": "Region",
    "group.none": "Total",
    "contracts": "Contracts",
    "any_fail": "At least one breach",
    "total": "Total",
    "baseline": "Rigsrevisionen 2014",
    "difference": "Difference (pp)",
    "small_mark": "* fewer than 5 assessed contracts: uncertain rate",
    "unknown": "(unknown)",
    "title": "Integration contract audit · ruleset {ruleset} · audit date {as_of}",
    "issues_heading": "Data issues",
    "issues_none": "No data issues.",
    "issues_more": "See them all with --verbose.",
    "issue_where": "{file}, sheet {sheet}, row {row}, column {column}",
    "nothing_audited": "Nothing could be audited: no contracts were read.",
    "reading": "Reading files",
    "json_written": "JSON written to {path}",
    "percent_format": "{value}%",
}

CATALOGUES = {"da": DA, "en": EN}


def text(key: str, lang: str = "da", **params: Any) -> str:
    """Return the catalogue text for ``key`` in ``lang`` with ``params`` filled in."""
    template = CATALOGUES[lang].get(key, key)
    return template.format(**params) if params else template


def issue_message(issue: DataIssue, lang: str = "da") -> str:
    """Return the human message of a data issue in ``lang``."""
    params = {k: v for k, v in issue.params}
    params.setdefault("detail", "")
    try:
        return text(issue.kind, lang, **params).rstrip(": ")
    except (KeyError, IndexError):
        return text(issue.kind, lang)


def percent(value: float | None, lang: str, digits: int = 1) -> str:
    """Return a rate (a fraction) as a percentage in the language's number format:
    ``65,1 %`` in Danish, ``65.1%`` in English; an en dash when there is no rate."""
    if value is None:
        return "–"
    number = f"{value * 100:.{digits}f}"
    if lang == "da":
        number = number.replace(".", ",")
    return text("percent_format", lang, value=number)


def number(value: float, lang: str, digits: int = 1, signed: bool = False) -> str:
    """Return a number in the language's format (decimal comma in Danish)."""
    formatted = f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"
    return formatted.replace(".", ",") if lang == "da" else formatted

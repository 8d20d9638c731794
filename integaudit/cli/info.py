"""columns, rules and config: what integaudit reads, checks and is set to."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from integaudit import SCHEMA_VERSION, api
from integaudit.cli.common import (
    RUN_LANGUAGE,
    ConfigFile,
    Lang,
    app,
    emit,
    plain_console,
    report_console,
    settings,
    user_errors,
)
from integaudit.i18n import text
from integaudit.render.literal import literal, write_out

ColumnPaths = Annotated[list[Path] | None, typer.Argument(help="Extract files or folders.")]
ColumnsRuleset = Annotated[
    str | None, typer.Option(help="Ruleset whose needs are checked (default: config).")
]
ColumnsMunicipality = Annotated[
    str | None, typer.Option(help="Municipality of every row (as for check).")
]
MessagesLang = Annotated[Lang | None, typer.Option(help="Language (default da).")]
ColumnsJson = Annotated[
    str | None, typer.Option("--json", help="Print the mapping as JSON (use -).")
]
ColumnsMarkdown = Annotated[
    bool, typer.Option("--markdown", help="Print docs/columns.md (every field and alias).")
]


@app.command("columns")
@user_errors
def columns_command(
    paths: ColumnPaths = None,
    config_file: ConfigFile = None,
    ruleset: ColumnsRuleset = None,
    municipality: ColumnsMunicipality = None,
    lang: MessagesLang = None,
    json_out: ColumnsJson = None,
    markdown: ColumnsMarkdown = False,
) -> None:
    """Show how each header maps to the canonical fields, which headers were not recognised,
    and which rules the missing fields disable."""
    if markdown:
        write_out(api.columns_markdown())
        return
    run = settings(config_file, paths or [], lang)
    result = api.columns(api.ColumnsOptions(paths or [], ruleset, municipality, json_out), run)
    if result.output is not None:
        emit([result.output], [], plain_console(), run.lang)
    else:
        from integaudit.render import terminal

        terminal.render_columns(result.files, report_console(), run.lang)
    if result.missing:  # a path that does not exist is a usage error, as in every command
        raise typer.Exit(2)


def print_json(document: dict[str, object], target: str) -> None:
    """Print a JSON document on stdout (``--json -``); raise IntegauditError for a file."""
    import json

    from integaudit.errors import IntegauditError

    if target != "-":
        raise IntegauditError(key="json-stdout-only")
    write_out(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


RuleId = Annotated[str | None, typer.Argument(help="Show one rule with its example.")]
OnlyRuleset = Annotated[str | None, typer.Option(help="Only this ruleset.")]
RulesLang = Annotated[Lang | None, typer.Option(help="Language (default: config, else da).")]
StdoutJson = Annotated[
    str | None, typer.Option("--json", metavar="-", help="Print it as JSON (use -).")
]
RulesMarkdown = Annotated[
    bool, typer.Option("--markdown", help="Print docs/rules.md (the whole catalogue).")
]


@app.command("rules")
@user_errors
def rules_command(
    rule_id: RuleId = None,
    ruleset: OnlyRuleset = None,
    lang: RulesLang = None,
    markdown: RulesMarkdown = False,
    config_file: ConfigFile = None,
    json_out: StdoutJson = None,
) -> None:
    """List the rules of every ruleset, or show one rule with its worked example."""
    if json_out is not None:
        print_json(api.rules_document(ruleset), json_out)
        return
    run_lang = config_lang(config_file, lang)
    if markdown:
        write_out(api.rules_markdown(run_lang))
        return
    if rule_id:
        from integaudit.render import terminal

        found = api.rule(rule_id, ruleset)
        terminal.render_rule(found, report_console(), run_lang)
    else:
        from integaudit.render.rule_table import render_rules

        render_rules(api.rule_cards(ruleset), report_console(), run_lang)


def config_lang(config_file: Path | None, lang: Lang | None) -> str:
    """Return the language of a command that reads no extract: ``--lang``, else the config's
    (``--config``, else the current folder's), else Danish; recorded for its usage errors.
    Reads the config alone, so listing the rules loads no pandas."""
    from integaudit.config import file as config

    chosen = lang.value if lang else None
    if chosen is None:
        chosen = config.load(config.discover(config_file, [])).lang or "da"
    RUN_LANGUAGE.set(chosen)
    return chosen


ConfigPaths = Annotated[list[Path] | None, typer.Argument(help="The paths a check would be given.")]
Show = Annotated[bool, typer.Option("--show", help="Print the effective configuration.")]
ConfigLang = Annotated[Lang | None, typer.Option(help="Language of messages (default da).")]


@app.command("config")
@user_errors
def config_command(
    paths: ConfigPaths = None,
    show: Show = True,
    config_file: ConfigFile = None,
    lang: ConfigLang = None,
    json_out: StdoutJson = None,
) -> None:
    """Show the configuration a check would use, and where each value comes from."""
    run = settings(config_file, paths or [], lang)
    if json_out is not None:
        found = run.config.path
        rows = [{"key": k, "value": v, "source": s} for k, v, s in run.rows()]
        document = {
            "schema_version": SCHEMA_VERSION,
            "kind": "config",
            "path": found and str(found),
        }
        print_json({**document, "settings": rows}, json_out)
        return
    if show:
        console = report_console()
        console.print(config_table(run, run.lang))
        files = api.config_files(run, paths or [])
        if files:
            console.print(config_files_table(files, run.lang))


# The words of the effective configuration that are not the user's own (sources, defaults).
CONFIG_WORDS = {
    "default": "config.default",
    "environment": "config.environment",
    "cli": "config.cli",
    "sample": "config.sample",
    "today": "config.today",
    "random per run": "config.random",
}


def config_table(run: api.Settings, lang: str) -> Table:
    """Return the effective configuration as a table in ``lang``: each key, its value and
    where the value came from."""
    found = run.config.path
    table = Table(
        title=literal(text("config.title", lang, path=found or text("trail.no_config", lang))),
        header_style="bold",
    )
    for column in ("key", "value", "source"):
        table.add_column(text(f"config.col.{column}", lang))
    for key, value, source in run.rows():
        words = [text(CONFIG_WORDS[v], lang) if v in CONFIG_WORDS else v for v in (value, source)]
        table.add_row(literal(key), *(literal(w) for w in words))
    return table


def config_files_table(files: list[tuple[str, str | None]], lang: str) -> Table:
    """Return which integaudit.toml applies to each file given, as a table in ``lang``."""
    which = Table(header_style="bold", title=text("config.files", lang))
    which.add_column(text("config.file", lang))
    which.add_column("integaudit.toml")
    for file, found in files:
        which.add_row(literal(file), literal(found or text("config.none", lang)))
    return which


SchemaKind = Annotated[
    str, typer.Argument(help="check, due, compare, plan, evaluate, columns, rules or config.")
]
SchemaMarkdown = Annotated[
    bool, typer.Option("--markdown", help="Print docs/json.md (every kind, from the schemas).")
]


@app.command("schema")
@user_errors
def schema_command(
    kind: SchemaKind = "check", markdown: SchemaMarkdown = False, lang: ConfigLang = None
) -> None:
    """Print the JSON Schema (draft 2020-12) of a kind of JSON document integaudit writes."""
    RUN_LANGUAGE.set(lang.value if lang else None)
    write_out(api.schema_markdown() if markdown else api.schema_text(kind))

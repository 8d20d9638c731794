"""columns, rules and config: what integaudit reads, checks and is set to."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from integaudit import api
from integaudit.cli.common import (
    ConfigFile,
    Lang,
    app,
    emit,
    plain_console,
    report_console,
    settings,
    user_errors,
)
from integaudit.render import terminal
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
        return
    terminal.render_columns(result.files, report_console(), run.lang)


RuleId = Annotated[str | None, typer.Argument(help="Show one rule with its example.")]
OnlyRuleset = Annotated[str | None, typer.Option(help="Only this ruleset.")]
RulesLang = Annotated[Lang, typer.Option(help="Language.")]
RulesMarkdown = Annotated[
    bool, typer.Option("--markdown", help="Print docs/rules.md (the whole catalogue).")
]


@app.command("rules")
@user_errors
def rules_command(
    rule_id: RuleId = None,
    ruleset: OnlyRuleset = None,
    lang: RulesLang = Lang.da,
    markdown: RulesMarkdown = False,
) -> None:
    """List the rules of every ruleset, or show one rule with its worked example."""
    if markdown:
        write_out(api.rules_markdown(lang.value))
        return
    if rule_id:
        found = api.rule(rule_id, ruleset)
        terminal.render_rule(found, report_console(), lang.value)
    else:
        terminal.render_rules(api.rules(ruleset), report_console(), lang.value)


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
) -> None:
    """Show the configuration a check would use, and where each value comes from."""
    run = settings(config_file, paths or [], lang)
    if not show:
        return
    found = run.config.path
    table = Table(
        title=literal(f"integaudit.toml: {found}" if found else "integaudit.toml: –"),
        header_style="bold",
    )
    for column in ("key", "value", "source"):
        table.add_column(column)
    for key, value, source in run.rows():
        table.add_row(literal(key), literal(value), literal(source))
    report_console().print(table)

"""template and demo-data: an empty extract to fill in, and synthetic extracts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from integaudit import api
from integaudit.cli.common import (
    Lang,
    app,
    emit,
    plain_console,
    report_console,
    settings,
    user_errors,
)
from integaudit.i18n import LANGS, text
from integaudit.render.literal import literal
from integaudit.writers.outputs import write_text

TemplateOut = Annotated[Path, typer.Argument(help="Where to write the empty extract workbook.")]
ReplaceOut = Annotated[bool, typer.Option("--force", help="Replace OUT if it exists.")]
TemplateLang = Annotated[
    Lang | None,
    typer.Option(help="Language of messages (default da; the headers stay Danish)."),
]


@app.command("template")
@user_errors
def template_command(
    out: TemplateOut, force: ReplaceOut = False, lang: TemplateLang = None
) -> None:
    """Write an empty extract workbook with the canonical Danish headers and instructions."""
    emit([api.template(out, force)], [], plain_console(), "da", announce=False)
    plain_console().print(literal(out))


Directory = Annotated[Path, typer.Argument(help="Folder to write the extracts into.")]
Contracts = Annotated[int, typer.Option(min=1, help="Number of contracts.")]
Municipalities = Annotated[
    int, typer.Option("--municipalities", min=1, max=98, help="Number of municipalities.")
]
DemoSeed = Annotated[int, typer.Option(help="Random seed.")]
DemoAsOf = Annotated[str, typer.Option("--as-of", help="Audit date the data is made for.")]
DemoLang = Annotated[Lang | None, typer.Option(help="Language of messages (default da).")]
DemoRuleset = Annotated[
    str,
    typer.Option(
        "--ruleset",
        help="Fields for this ruleset: rr2014 (default) or bek2020 (its fields too, and an "
        "integaudit.toml that sets it).",
    ),
]


@app.command("demo-data")
@user_errors
def demo_data(
    directory: Directory,
    contracts: Contracts = 1000,
    municipalities_count: Municipalities = 10,
    seed: DemoSeed = 1,
    as_of: DemoAsOf = "2024-06-30",
    lang: DemoLang = None,
    ruleset: DemoRuleset = "rr2014",
) -> None:
    """Write synthetic, anonymised extracts in the messy shapes of real exports."""
    options = api.DemoDataOptions(directory, contracts, municipalities_count, seed, as_of, ruleset)
    written = api.demo_data(options)
    words = text(
        "demo.written",
        lang.value if lang else LANGS[0],
        files=len(written),
        contracts=contracts,
        directory=directory,
    )
    plain_console().print(literal(words))


InitPaths = Annotated[list[Path], typer.Argument(help="Extract files or folders.")]
InitForce = Annotated[
    bool, typer.Option("--force", help="Replace the folder's integaudit.toml if it exists.")
]
InitRuleset = Annotated[
    str | None, typer.Option("--ruleset", help="Ruleset whose fields to look for.")
]
InitLang = Annotated[Lang | None, typer.Option(help="Language of the remarks (default da).")]


@app.command("init")
@user_errors
def init_command(
    paths: InitPaths, force: InitForce = False, ruleset: InitRuleset = None, lang: InitLang = None
) -> None:
    """Write an integaudit.toml for a folder of extracts: the layout detected per file, every
    suggested alias and placeholder as commented lines, the audit date and ruleset."""
    run = settings(None, paths, lang)
    result = api.init(api.InitOptions(paths, force, ruleset), run)
    write_text(result.target, result.text, inputs=[p for p in paths if p.is_file()])
    console = report_console()
    console.print(literal(text("init.written", run.lang, path=result.target)), soft_wrap=True)
    for line in result.confirm:
        console.print(literal(f"  • {line}"), soft_wrap=True)

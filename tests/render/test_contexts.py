"""The HTML pages are fed typed contexts (render.context): each template is rendered from
its dataclass, every field a page has is one its templates use, and a field a template names
that the context lacks fails loudly."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import jinja2
import pytest

from integaudit import api
from integaudit.render import context as pages
from integaudit.render import html
from tests.paths import ROOT

TEMPLATES = ROOT / "integaudit" / "report_templates"
PAGES = {
    pages.ReportPage: "report.html.j2",
    pages.ComparePage: "compare.html.j2",
    pages.MunicipalPage: "municipal.html.j2",
    pages.IndexPage: "municipal_index.html.j2",
}


def template_text(name: str, seen: set[str] | None = None) -> str:
    """Return a template's source with the partials it includes or imports, recursively."""
    seen = seen if seen is not None else set()
    if name in seen:
        return ""
    seen.add(name)
    source = (TEMPLATES / name).read_text(encoding="utf-8")
    included = re.findall(r"{%-?\s*(?:include|import|from|extends)\s+['\"]([^'\"]+)['\"]", source)
    return source + "".join(template_text(n, seen) for n in included)


@pytest.fixture(scope="module")
def audit():
    paths = [ROOT / "samples" / "bek2020"]
    settings = api.load_settings(None, paths)
    return api.check(api.CheckOptions(api.ReadOptions(paths)), settings).audit


def test_the_report_context_is_typed_all_the_way_to_its_rows(audit):
    page = html.context(audit, "da")
    assert isinstance(page, pages.ReportPage)
    assert all(isinstance(h, pages.Headline) for h in page.headline)
    assert all(isinstance(g, pages.GroupRow) for g in page.groups)
    assert all(isinstance(c, pages.GroupCell) for g in page.groups for c in g.rules)
    assert all(isinstance(f, pages.FindingRow) for f in page.findings)
    assert all(isinstance(i, pages.IssueRow) for i in page.issues)
    assert isinstance(page.chart, pages.Chart)
    assert isinstance(page.maps, pages.MapSection)
    assert page.findings and page.groups


@pytest.mark.parametrize(("page", "name"), PAGES.items(), ids=lambda x: getattr(x, "__name__", x))
def test_every_field_of_a_page_is_used_by_its_template(page, name):
    source = template_text(name)
    unused = [f.name for f in dataclasses.fields(page) if not re.search(rf"\b{f.name}\b", source)]
    assert unused == []


def test_a_field_the_template_names_and_the_context_lacks_fails_loudly(audit):
    page = html.context(audit, "en")
    values = {f.name: getattr(page, f.name) for f in dataclasses.fields(page)}
    del values["headline"]
    with pytest.raises(jinja2.UndefinedError, match="headline"):
        html.environment().get_template("report.html.j2").render(**values)


def test_the_page_renders_as_the_report_command_writes_it(audit, tmp_path: Path):
    written = tmp_path / "r.html"
    page = html.context(audit, "da").render(html.environment().get_template("report.html.j2"))
    assert page == html.render(audit, "da")
    written.write_text(page, encoding="utf-8")
    assert "<svg" in written.read_text(encoding="utf-8")

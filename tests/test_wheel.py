"""The wheel is complete: built from this tree and installed into a fresh environment outside
it (no source tree, no ../shared beside it), it audits demo data with `check`,
`municipal-reports` (with the map) and `due`: the municipalities table, the map outlines, the
report templates and the JSON schemas all come from inside the wheel.

The wheel is built offline (hatchling from the test environment, no build isolation) and
installed without its dependencies; the fresh environment sees this environment's installed
libraries through a .pth file, but not this tree (an editable install's own .pth is not read
from there)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.paths import ROOT

# Builds a wheel and installs it into a fresh environment: make test runs it.
pytestmark = pytest.mark.slow

SHIPPED = (
    "integaudit/data/kommuner.csv",
    "integaudit/data/kommuner_map.json",
    "integaudit/report_templates/report.html.j2",
    "integaudit/schemas/check.schema.json",
    "integaudit/py.typed",
)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Return the wheel built from this tree and the bin folder of a fresh environment with
    it installed."""
    place = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
         "-w", str(place / "dist"), str(ROOT)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (wheel,) = (place / "dist").glob("integaudit-*.whl")
    venv = place / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    # The libraries integaudit needs, from this environment (not this tree).
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(purelib) / "_integaudit_test_deps.pth").write_text("\n".join(sorted(ours)) + "\n")
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-index", "--quiet", str(wheel)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr
    return wheel, venv / "bin"


def test_the_wheel_ships_the_data_templates_schemas_and_license(installed):
    wheel, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    for shipped in SHIPPED:
        assert shipped in names, shipped
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names), sorted(names)[-8:]
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "Classifier: Programming Language :: Python :: 3.13" in text
    assert "Project-URL: " in text and "Keywords: " in text


def test_the_installed_wheel_audits_demo_data_outside_the_tree(installed, tmp_path):
    _, bin_folder = installed
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "VIRTUAL_ENV", "INTEGAUDIT_KEY")
    }
    env |= {"INTEGAUDIT_KEY": "wheel-test", "INTEGAUDIT_WORKERS": "1"}
    work = tmp_path / "work"
    work.mkdir()
    assert not (work.parent / "shared").exists()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [str(bin_folder / "integaudit"), *args],
            cwd=work, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 0, (args, done.stdout[-2000:], done.stderr[-2000:])
        return done

    where = subprocess.run(
        [str(bin_folder / "python"), "-c", "import integaudit; print(integaudit.__file__)"],
        cwd=work, env=env, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    assert where.startswith(str(bin_folder.parent)), where  # the wheel's copy, not this tree
    run("demo-data", "demo", "--contracts", "400", "--municipalities", "4", "--seed", "1")
    run("check", "demo", "--as-of", "2024-06-30", "--json", "a.json", "--html", "r.html")
    doc = json.loads((work / "a.json").read_text(encoding="utf-8"))
    assert doc["kind"] == "check" and doc["total"]["contracts"] > 0
    assert all(group["name"] for group in doc["groups"])  # names from kommuner.csv
    assert 'data-kommune="' in (work / "r.html").read_text(encoding="utf-8")  # the map
    run("municipal-reports", "demo", "--as-of", "2024-06-30", "--out", "kommuner")
    index = (work / "kommuner" / "index.html").read_text(encoding="utf-8")
    assert 'data-kommune="' in index
    assert len(list((work / "kommuner").glob("*.html"))) == 1 + len(doc["groups"])
    run("due", "demo", "--as-of", "2024-06-30", "--json", "d.json")
    assert json.loads((work / "d.json").read_text(encoding="utf-8"))["kind"] == "due"
    assert json.loads(run("schema", "due").stdout)["properties"]["kind"]["const"] == "due"

"""The README's CI examples (section "I CI") run as written: each command of the GitHub
workflow and of the .gitlab-ci.yml, step by step, with the environment the job sets (the
commands, not the CI system; `pip install integaudit` is this installation)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from junitparser import JUnitXml

from tests.paths import ROOT


def _section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("## I CI", 1)[1].split("\n## ", 1)[0]


def _blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", _section(), re.S)


def _commands(block: str) -> list[str]:
    """Return the shell commands of a workflow's `run:` steps or a job's `script:` list."""
    found = re.findall(r"^\s*- run: (.*)$", block, re.M)
    if not found:
        script = block.split("script:", 1)[1].split("artifacts:", 1)[0]
        found = re.findall(r"^\s*- (.*)$", script, re.M)
    return [command for command in found if not command.startswith("pip install")]


def _env(block: str) -> dict[str, str]:
    """Return the plain variables the job sets (not secrets)."""
    return {key: value for key, value in re.findall(r'^\s+([A-Z_]+): "([^"$]*)"$', block, re.M)}


def _run(commands: list[str], cwd: Path, env: dict[str, str]) -> list[subprocess.CompletedProcess]:
    done = []
    for command in commands:
        args = shlex.split(command)
        assert args[0] == "integaudit", command
        done.append(
            subprocess.run(
                [sys.executable, "-m", "integaudit", *args[1:]],
                cwd=cwd,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
        )
        if done[-1].returncode not in (0, 1):
            break
    return done


@pytest.fixture
def base_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "CI_", "GITLAB"))}
    env["INTEGAUDIT_KEY"] = "ci-secret"
    return env


def test_the_readme_has_a_github_workflow_and_a_gitlab_job():
    github, gitlab = _blocks()
    assert "runs-on:" in github and "actions/checkout" in github
    assert "script:" in gitlab and "codequality: codequality.json" in gitlab
    for block in (github, gitlab):
        check = [c for c in _commands(block) if c.startswith("integaudit check")]
        assert check and "--as-of" in check[0], "the audit date is pinned"
        assert _env(block).get("INTEGAUDIT_WORKERS") == "2"


@pytest.mark.slow
def test_the_github_workflow_runs_step_by_step(tmp_path, base_env):
    github = _blocks()[0]
    summary = tmp_path / "step_summary.md"
    env = {**base_env, **_env(github), "GITHUB_ACTIONS": "true"}
    env["GITHUB_STEP_SUMMARY"] = str(summary)
    demo, check = _run(_commands(github), tmp_path, env)
    assert demo.returncode == 0, demo.stderr
    assert check.returncode == 1, check.stderr  # one threshold hit
    annotations = [line for line in check.stdout.splitlines() if line.startswith("::")]
    assert annotations[0].startswith(
        "::error title=integaudit%3A Tærskel overskredet::Tærskel overskredet: missing-goal er"
    ), annotations
    assert sum(line.startswith("::error") for line in annotations) == 1
    assert "Afslutningskode 1" in summary.read_text(encoding="utf-8")
    suite = next(iter(JUnitXml.fromfile(str(tmp_path / "junit.xml"))))
    assert (suite.tests, suite.failures) == (3, 1)
    assert (tmp_path / "audit.json").is_file()


@pytest.mark.slow
def test_the_gitlab_job_runs_step_by_step(tmp_path, base_env):
    gitlab = _blocks()[1]
    env = {**base_env, **_env(gitlab), "GITLAB_CI": "true"}
    demo, check = _run(_commands(gitlab), tmp_path, env)
    assert demo.returncode == 0, demo.stderr
    assert check.returncode == 1, check.stderr
    assert "::" not in check.stdout  # not on GitHub: no annotations
    suite = next(iter(JUnitXml.fromfile(str(tmp_path / "junit.xml"))))
    assert (suite.tests, suite.failures) == (3, 1)
    quality = (tmp_path / "codequality.json").read_text(encoding="utf-8")
    assert '"check_name": "integaudit/fail-above:missing-goal"' in quality

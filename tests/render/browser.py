"""Headless Chromium for the real-browser tests: one place for how it is found, when a test
may skip without it, and the flags that keep it off the network."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest


def chromium() -> str | None:
    """Return the path of Debian's chromium, or None when it is not installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _absent(*tools: str | None) -> bool:
    """Return whether a test may skip: a tool is missing, and this is not CI (or CI could
    not install it and said why in INTEGAUDIT_NO_CHROMIUM)."""
    missing = any(tool is None for tool in tools)
    return missing and (not os.environ.get("CI") or "INTEGAUDIT_NO_CHROMIUM" in os.environ)


Test = TypeVar("Test", bound=Callable[..., object])


def _browser_test(skip: pytest.MarkDecorator) -> Callable[[Test], Test]:
    """Return a decorator that marks a test ``browser`` (``make test-fast`` leaves it out) and
    skips it where ``skip`` says."""

    def mark(test: Test) -> Test:
        return pytest.mark.browser(skip(test))

    return mark


_CI_INSTALLS = "(.ci/run installs chromium and poppler-utils)"
NEEDS_BROWSER = _browser_test(
    pytest.mark.skipif(
        _absent(chromium()),
        reason=os.environ.get(
            "INTEGAUDIT_NO_CHROMIUM",
            "no chromium on this machine (.ci/run installs Debian's chromium)",
        ),
    )
)
NEEDS_PDFTOPPM = _browser_test(
    pytest.mark.skipif(
        _absent(chromium(), shutil.which("pdftoppm")),
        reason=os.environ.get(
            "INTEGAUDIT_NO_CHROMIUM", f"no chromium or pdftoppm on this machine {_CI_INSTALLS}"
        ),
    )
)
NEEDS_PDFTOTEXT = _browser_test(
    pytest.mark.skipif(
        _absent(chromium(), shutil.which("pdftotext")),
        reason=os.environ.get(
            "INTEGAUDIT_NO_CHROMIUM", f"no chromium or pdftotext on this machine {_CI_INSTALLS}"
        ),
    )
)

# Nothing of the browser's own reaches the network: no updates, sync or background requests.
QUIET = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def run_browser(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium with a profile of its own in ``profile`` and return the finished
    process (its output as text); fail the test when Chromium is missing or fails."""
    browser = chromium()
    assert browser, "CI must have chromium: .ci/run installs it"
    return subprocess.run(
        [browser, *QUIET, f"--user-data-dir={profile}", *args],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )


def print_pdf(profile: Path, page: Path, pdf: Path) -> Path:
    """Return ``pdf``: ``page`` printed to A4 by Chromium, as a user prints it."""
    run_browser(profile, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    return pdf


def print_pages(profile: Path, page: Path, out: Path, dpi: int, image: str = "png") -> list[Path]:
    """Return the pages of ``page`` printed to an A4 PDF by Chromium, rendered by pdftoppm
    at ``dpi`` into the folder ``out`` as PNG files (``image="ppm"``: raw PPM files, read
    without decoding)."""
    pdf = out / "print.pdf"
    run_browser(profile, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    subprocess.run(
        # PPM is pdftoppm's own format, written without a flag.
        [
            "pdftoppm",
            *(["-png"] if image == "png" else []),
            "-r",
            str(dpi),
            str(pdf),
            str(out / "page"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return sorted(out.glob(f"page*.{image}"))

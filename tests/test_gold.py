"""The seeds against the shared gold expectations: `check.py` must report `0 failed`."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECK = ROOT.parent / "shared" / "gold" / "check.py"
CLI = Path(sys.executable).parent / "edition-builder"


def test_gold_checks_pass() -> None:
    # ../shared sits beside the project on every developer machine and in CI: its absence is a failure
    assert CHECK.is_file(), f"no gold checks: {CHECK} does not exist (../shared must sit beside the project)"
    assert CLI.is_file(), f"{CLI} is missing: install the package into this venv (make test does)"
    result = subprocess.run(
        [sys.executable, str(CHECK), "--cmd", f"{shlex.quote(str(CLI))} parse {{path}} --json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    lines = result.stdout.strip().splitlines()
    assert lines, f"check.py printed nothing; stderr: {result.stderr[-2000:]}"
    assert lines[-1].endswith(" 0 failed"), "\n".join(lines[-60:])
    assert result.returncode == 0, result.stdout[-4000:]

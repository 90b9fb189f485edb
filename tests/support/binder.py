"""What repo2docker would build from a repository's `binder/` (the Binder tests and the hub's image tests)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def dockerfile(repository: Path, *options: str) -> str:
    """The Dockerfile repo2docker would build for `repository` (`--no-build` needs no Docker), with its log."""
    done = subprocess.run(
        [sys.executable, "-m", "repo2docker", "--no-build", *options, str(repository)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if "No module named repo2docker" in done.stderr:
        pytest.fail("the Binder tests need jupyter-repo2docker: pip install -e '.[test]'")
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout + done.stderr

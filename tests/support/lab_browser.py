"""JupyterLab in a real browser, for the browser tests: `jupyter lab` on 127.0.0.1 and Debian's Chromium.

Chromium is driven by the `playwright` package but not downloaded by it (`playwright install` cannot
fetch browsers here): it is launched from `/usr/bin/chromium`, which `.ci/run` installs.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 820}

# Read through `window.jupyterapp` (lab runs with --LabApp.expose_app_in_browser=True).
KERNEL_READY_JS = """() => {
    const widget = window.jupyterapp && window.jupyterapp.shell.currentWidget;
    const kernel = widget && widget.sessionContext && widget.sessionContext.session
        && widget.sessionContext.session.kernel;
    return !!kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle';
}"""
RUN_STATE_JS = """() => {
    const widget = window.jupyterapp.shell.currentWidget;
    const kernel = widget.sessionContext.session.kernel;
    const cells = widget.content.widgets.filter((cell) => cell.model.type === 'code');
    const errors = cells.flatMap((cell) => cell.model.outputs.toJSON())
        .filter((output) => output.output_type === 'error')
        .map((output) => output.ename + ': ' + output.evalue);
    const pending = cells.filter((cell) => cell.model.executionCount === null).length;
    return {errors, pending, idle: kernel.status === 'idle'};
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabServer:
    """`jupyter lab` serving `root`, with its own Jupyter config, runtime and nbgrader exchange in `scratch`.

    `post_build` (Binder's `binder/postBuild`) runs first, against that config, as on Binder.
    """

    def __init__(self, root: Path, scratch: Path, post_build: Path | None = None) -> None:
        self.root = root
        self.token = secrets.token_hex(16)
        self.port = free_port()
        config = scratch / "jupyter-config"
        (scratch / "exchange").mkdir(parents=True, exist_ok=True)
        config.mkdir(parents=True, exist_ok=True)
        # nbgrader's Assignments tab errors unless its exchange is a writable folder.
        (config / "nbgrader_config.py").write_text(f"c.Exchange.root = {str(scratch / 'exchange')!r}\n")
        env = {
            **os.environ,
            "JUPYTER_CONFIG_DIR": str(config),
            "JUPYTER_RUNTIME_DIR": str(scratch / "jupyter-runtime"),
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        }
        if post_build is not None:
            done = subprocess.run([str(post_build)], cwd=root, env=env, capture_output=True, text=True)
            if done.returncode:
                pytest.fail(f"{post_build} failed:\n{done.stdout}\n{done.stderr}")
        self.log = (scratch / "lab.log").open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyterlab",
                "--no-browser",
                "--allow-root",
                "--ip=127.0.0.1",
                f"--port={self.port}",
                "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={self.token}",
                "--LabApp.expose_app_in_browser=True",
                f"--ServerApp.root_dir={root}",
            ],
            cwd=root,  # nbgrader's Validate reads nbgrader_config.py from the server's folder
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self._wait_until_up(scratch / "lab.log")

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _wait_until_up(self, log: Path, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"jupyter lab exited with {self.process.returncode}:\n{log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.base}/api/status?token={self.token}", timeout=2) as reply:
                    if reply.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        pytest.fail(f"jupyter lab did not answer within {timeout:.0f} s:\n{log.read_text()[-3000:]}")

    def url(self, path: str) -> str:
        """A fresh workspace opening `path`, so that no tab of an earlier test is restored."""
        return f"{self.base}/lab/workspaces/t{uuid.uuid4().hex[:12]}/tree/{quote(path)}?reset&token={self.token}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


@contextmanager
def chromium() -> Iterator:
    """Debian's Chromium, launched through Playwright (a failure, not a skip, when either is missing)."""
    executable = require_chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the browser tests need the playwright package: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def require_chromium() -> str:
    """The Chromium to drive; a clear failure (not a skip) when it is missing."""
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's chromium "
            "(`apt-get install -y chromium`, which .ci/run does when run as root)"
        )
    return str(CHROMIUM)


class LabPage:
    """One notebook open in JupyterLab, in a fresh workspace of its own browser page."""

    def __init__(self, page, lab: LabServer, path: str, shots: list[Path]) -> None:
        self.page = page
        self.lab = lab
        self.shots = shots
        page.goto(lab.url(path))
        page.wait_for_function(
            "() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
            " && window.jupyterapp.shell.currentWidget.context"
            " && window.jupyterapp.shell.currentWidget.context.isReady",
            timeout=60_000,
        )

    def command(self, name: str) -> None:
        """Run a JupyterLab command without waiting for what it starts."""
        self.page.evaluate("(name) => { window.jupyterapp.commands.execute(name); }", name)

    def wait_for_kernel(self, timeout: float = 60.0) -> None:
        self.page.wait_for_function(KERNEL_READY_JS, timeout=timeout * 1000, polling=200)

    def wait_until_quiet(self, quiet: float = 2.0, timeout: float = 60.0) -> None:
        """Wait until the kernel has stayed idle for `quiet` seconds (a slider drag sends several values)."""
        deadline = time.monotonic() + timeout
        idle_since = None
        while time.monotonic() < deadline:
            if self.page.evaluate(KERNEL_READY_JS):
                idle_since = idle_since or time.monotonic()
                if time.monotonic() - idle_since >= quiet:
                    return
            else:
                idle_since = None
            time.sleep(0.2)
        pytest.fail(f"the kernel did not settle within {timeout:.0f} s")

    def run_all(self, timeout: float = 180.0) -> None:
        """Run All once the kernel is connected and idle, then wait until every cell has run."""
        self.wait_for_kernel()
        self.command("notebook:run-all-cells")
        deadline = time.monotonic() + timeout
        state = None
        while time.monotonic() < deadline:
            state = self.page.evaluate(RUN_STATE_JS)
            if state["errors"]:
                pytest.fail(f"a cell raised while running all: {state['errors']}")
            if state["pending"] == 0 and state["idle"]:
                return
            time.sleep(0.5)
        pytest.fail(f"Run All did not finish within {timeout:.0f} s: {state}")

    def screenshot(self, name: str, locator=None) -> Path:
        """Save a PNG of the page (or of one element) to every screenshot folder; return the first."""
        target = locator if locator is not None else self.page
        paths = [folder / f"{name}.png" for folder in self.shots]
        target.screenshot(path=str(paths[0]))
        for path in paths[1:]:
            shutil.copy2(paths[0], path)
        return paths[0]

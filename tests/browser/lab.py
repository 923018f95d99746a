"""JupyterLab on localhost for browser tests: write a notebook, start the server, open and run the
notebook in a Playwright page, and stop the server with its kernels, leaving no process behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
import psutil
from playwright.sync_api import Page, expect

from nnkit.claims import STRICT_VARIABLE
from nnkit.session import TENSORFLOW_ENVIRONMENT

TOKEN = "nnkit-browser-test"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


@dataclass(frozen=True)
class Lab:
    """A running JupyterLab: its base URL (the token is ``TOKEN``) and the file its output goes to."""

    url: str
    log: Path

    def notebook_url(self, name: str) -> str:
        return f"{self.url}/lab/tree/{name}?token={TOKEN}"

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def write_notebook(path: Path, cells: list[str]) -> Path:
    """Write code cells as a notebook that JupyterLab opens with the Python 3 kernel, no kernel dialog."""
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(source) for source in cells],
        metadata={"kernelspec": KERNELSPEC, "language_info": {"name": "python"}},
    )
    nbformat.write(notebook, path)
    return path


def kernel_environment(home: Path) -> dict[str, str]:
    """The environment of the server and its kernels: a student's (not strict), TensorFlow's settings,
    and Jupyter's config, data and runtime folders under ``home`` so no user setting changes the run."""
    environment = {name: value for name, value in os.environ.items() if name != STRICT_VARIABLE}
    environment.update(TENSORFLOW_ENVIRONMENT)
    for variable in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        folder = home / variable.lower()
        folder.mkdir(parents=True, exist_ok=True)
        environment[variable] = str(folder)
    return environment


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@contextlib.contextmanager
def jupyterlab(root_dir: Path, home: Path, *, timeout: float = 120.0) -> Iterator[Lab]:
    """Run this environment's JupyterLab on a free localhost port with a fixed token, serving ``root_dir``;
    stop it and every kernel it started on exit, even after a failure."""
    home.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    state = home / "jupyterlab"
    log = home / "jupyterlab.log"
    # No "Would you like to get notified about official Jupyter news?" toast over the page.
    notifications = state / "settings/@jupyterlab/apputils-extension/notification.jupyterlab-settings"
    notifications.parent.mkdir(parents=True, exist_ok=True)
    notifications.write_text(json.dumps({"fetchNews": "false"}))
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",  # CI containers run as root
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={root_dir}",
        # Nothing from the user's own JupyterLab settings or saved layouts; no news or update checks.
        f"--LabApp.user_settings_dir={state / 'settings'}", f"--LabApp.workspaces_dir={state / 'workspaces'}",
        "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        # A safety net should this process die without its clean-up (killed -9): idle kernels are culled,
        # then the server shuts itself down.
        "--MappingKernelManager.cull_idle_timeout=600", "--MappingKernelManager.cull_interval=60",
        "--ServerApp.shutdown_no_activity_timeout=900",
    ]  # fmt: skip
    with open(log, "wb") as output:
        server = subprocess.Popen(
            command, cwd=root_dir, env=kernel_environment(home), stdin=subprocess.DEVNULL,
            stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    lab = Lab(url=url, log=log)
    try:
        deadline = time.monotonic() + timeout
        while not _answers(url):
            if server.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with code {server.returncode}:\n{lab.log_tail()}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"JupyterLab did not answer on {url} in {timeout:.0f}s:\n{lab.log_tail()}")
            time.sleep(0.5)
        yield lab
    finally:
        _stop(server, url)


def _stop(server: subprocess.Popen, url: str) -> None:
    """Ask the server to shut down (it stops its kernels), then end whatever of it is left, by process id."""
    try:
        descendants = psutil.Process(server.pid).children(recursive=True)  # kernels, in their own sessions
    except psutil.NoSuchProcess:
        descendants = []
    request = urllib.request.Request(f"{url}/api/shutdown?token={TOKEN}", method="POST")
    with contextlib.suppress(urllib.error.URLError, OSError):
        urllib.request.urlopen(request, timeout=10).close()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=30)
    _, alive = psutil.wait_procs(descendants, timeout=10)
    for process in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()
    _, alive = psutil.wait_procs(alive, timeout=10)
    if alive:
        raise RuntimeError(f"processes still running after JupyterLab was stopped: {[p.pid for p in alive]}")


def open_notebook(page: Page, lab: Lab, name: str, *, timeout: float = 120.0) -> None:
    """Open a notebook of the server's root in JupyterLab and wait until its kernel has started and is idle
    (run before that, JupyterLab asks which kernel to start instead of running)."""
    page.goto(lab.notebook_url(name), timeout=timeout * 1000)
    first_cell = page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").first
    expect(first_cell).to_be_visible(timeout=timeout * 1000)
    kernel_idle = page.locator(".jp-StatusBar-TextItem", has_text=re.compile(r"^(?!No Kernel).+ \| Idle$"))
    expect(kernel_idle).to_be_visible(timeout=timeout * 1000)


def run_all_cells(page: Page) -> None:
    """Run > Run All Cells, from JupyterLab's menu bar, as a student would."""
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-item", has_text=re.compile(r"^Run All Cells")).click()

"""Run notebooks in a real JupyterLab, in Debian's Chromium, with every request off 127.0.0.1 aborted.

A helper for tests (not a test file). `lab_server` starts JupyterLab on 127.0.0.1 with a random token,
the project's kernel and a copy of the notebooks and seeds (so autosave never writes outputs into the
repository), and stops it and its kernels whatever happens. `run_notebook` opens one notebook, runs
all its cells through JupyterLab's own command, waits for the outputs to draw and reports what every
frame shows (charts, maps), the cells' errors and the requests that tried to leave the machine.
"""
from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from browser import LAUNCH_ARGS, FrameFindings, _frame_findings, require_chromium

ROOT = Path(__file__).resolve().parents[1]

# Errors of the cells (from JupyterLab's notebook model) and their execution counts.
_CELLS = """() => {
  const model = window.jupyterapp.shell.currentWidget.content.model;
  const out = {errors: [], counts: []};
  for (let i = 0; i < model.cells.length; i++) {
    const cell = model.cells.get(i);
    if (cell.type !== 'code') continue;
    out.counts.push(cell.executionCount);
    for (let j = 0; j < cell.outputs.length; j++) {
      const o = cell.outputs.get(j).toJSON();
      if (o.output_type === 'error') out.errors.push(`${o.ename}: ${o.evalue}`);
    }
  }
  return out;
}"""
_RUN_ALL = """async () => {
  const app = window.jupyterapp;
  const panel = app.shell.currentWidget;
  await panel.context.ready;
  await panel.sessionContext.ready;
  return await app.commands.execute('notebook:run-all-cells');
}"""
_NOTEBOOK_OPEN = """(name) => window.jupyterapp && window.jupyterapp.shell.currentWidget
  && window.jupyterapp.shell.currentWidget.context && window.jupyterapp.shell.currentWidget.context.path.endsWith(name)"""
# Every chart shows SVG marks or an error, and every map iframe has loaded.
_SETTLED = """(charts) => document.querySelectorAll('.vega-embed').length >= charts
  && [...document.querySelectorAll('.vega-embed')].every((e) => e.querySelector('svg .role-mark, .error'))"""


@dataclass(frozen=True)
class LabServer:
    url: str  # http://127.0.0.1:PORT
    token: str
    root: Path  # the folder JupyterLab serves: a copy of notebooks/ and seeds/


@dataclass(frozen=True)
class NotebookRun:
    cell_errors: tuple[str, ...]
    execution_counts: tuple[int | None, ...]
    frames: tuple[FrameFindings, ...]
    text: str  # the visible text of the page and its frames
    blocked: tuple[str, ...]  # requests that tried to leave 127.0.0.1 (all aborted)
    seconds: float
    screenshot: Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def lab_server(tmp: Path, timeout_s: float = 60) -> Iterator[LabServer]:
    """JupyterLab on 127.0.0.1 serving a copy of the project's notebooks, seeds and sample corpus."""
    root = tmp / "project"
    for folder in ("notebooks", "seeds"):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    (root / "data").mkdir()
    shutil.copytree(ROOT / "data" / "sample", root / "data" / "sample")  # the corpus notebook's default input
    news = tmp / "settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    news.parent.mkdir(parents=True)
    news.write_text('{"fetchNews": "false"}', encoding="utf-8")  # no "get notified about news?" prompt
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(tmp / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "workspaces"), "JUPYTER_RUNTIME_DIR": str(tmp / "runtime")}
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
           f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
           f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True",
           "--LabApp.news_url=None", "--allow-root", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    log = (tmp / "jupyterlab.log").open("w")
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"JupyterLab did not start: {(tmp / 'jupyterlab.log').read_text()[-2000:]}")
                time.sleep(0.5)
        yield LabServer(url, token, root)
    finally:
        _stop(proc)
        log.close()


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM to the server's process group (it shuts its kernels down), SIGKILL after 20 s."""
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, None)):
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def run_notebook(server: LabServer, name: str, screenshot: Path, charts: int = 0,
                 timeout_ms: int = 120_000) -> NotebookRun:
    """Open notebooks/NAME in JupyterLab, Run All, wait for `charts` charts to draw, report."""
    from playwright.sync_api import sync_playwright

    blocked: list[str] = []

    def route(r) -> None:
        if r.request.url.startswith(server.url):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    started = time.monotonic()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(require_chromium()), args=LAUNCH_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.route("**/*", route)
            page.goto(f"{server.url}/lab/tree/notebooks/{name}?token={server.token}&reset", timeout=timeout_ms)
            page.wait_for_function(_NOTEBOOK_OPEN, arg=name, timeout=timeout_ms)
            page.evaluate(_RUN_ALL)
            page.wait_for_function(_SETTLED, arg=charts, timeout=timeout_ms)
            page.wait_for_timeout(1500)  # maps draw in their iframes on the next animation frames
            cells = page.evaluate(_CELLS)
            frames = tuple(_frame_findings(f, "basemap") for f in page.frames)
            text = "\n".join(f.evaluate("() => document.body ? document.body.innerText : ''") for f in page.frames)
            shown = page.locator(".jp-OutputArea-output iframe, .vega-embed")  # the first map or chart in view
            if shown.count():
                shown.first.scroll_into_view_if_needed()
                page.wait_for_timeout(1500)  # an output scrolled into view is drawn again
            page.screenshot(path=str(screenshot))
        finally:
            browser.close()
    return NotebookRun(cell_errors=tuple(cells["errors"]), execution_counts=tuple(cells["counts"]), frames=frames,
                       text=text, blocked=tuple(blocked), seconds=time.monotonic() - started, screenshot=screenshot)

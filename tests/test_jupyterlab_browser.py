"""The course's main command, for real: JupyterLab in Chromium runs lesson 03 through its interface.

`make lab` opens the course in JupyterLab; this starts the same `jupyter lab` server on a free
loopback port with a token and its own settings, workspaces, config and runtime folders (so
nothing of the user's or the repository's changes), opens lessons/03_output_delta.ipynb in
headless Chromium, clears every output and runs all cells from the menus, as a reader would.
Then it checks that every cell ran (a number in every prompt, the kernel idle), that no cell
printed an error or to stderr (except cells tagged ``raises-exception``), that JupyterLab's own
MathJax typeset the math with no error, and that the lesson file on disk was not changed.

The server is always shut down: ``POST /api/shutdown``, then the whole process group is
terminated, also when a check fails.
"""

import json
import os
import pathlib
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import nbformat
import pytest
from browser_support import ARTIFACTS, ROOT, chromium, expected_math, watch

pytestmark = pytest.mark.xdist_group("browser")

LESSON = "lessons/03_output_delta.ipynb"
START_TIMEOUT = 60  # s for the server to answer
RUN_TIMEOUT_MS = 120_000  # for Run All (lessons 00–06 run in under 30 s)
IDLE = "Python 3 (ipykernel) | Idle"

# Pre-written user settings: no news or update pop-ups, every cell in the DOM, never save.
SETTINGS = {
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def api(lab, method, path, timeout=5):
    request = urllib.request.Request(f"{lab['url']}{path}", method=method,
                                     headers={"Authorization": f"token {lab['token']}"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, response.read()


def shutdown(lab):
    """POST /api/shutdown, wait for the server to exit, then end whatever is left of its group."""
    proc = lab["proc"]
    if proc.poll() is None:
        try:
            api(lab, "POST", "/api/shutdown")
        except (urllib.error.URLError, OSError):
            pass
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=5)
            break
        except subprocess.TimeoutExpired:
            continue
    return proc.wait()


def processes_mentioning(text):
    """Live processes whose command line contains text (the server's kernels name its runtime folder)."""
    found = []
    for cmdline in pathlib.Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if any(text.encode() in arg for arg in args):
            found.append(f"{cmdline.parent.name}: {b' '.join(args).decode(errors='replace')[:200]}")
    return found


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    home = tmp_path_factory.mktemp("jupyterlab")
    for name, values in SETTINGS.items():
        path = home / "settings" / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    for sub in ("config", "runtime", "workspaces"):
        (home / sub).mkdir()
    port, token = free_port(), secrets.token_hex(16)
    bin_dir = pathlib.Path(sys.executable).parent
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_RUNTIME_DIR=str(home / "runtime"),
               PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    command = [str(bin_dir / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}", "--port-retries=0",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={ROOT}",
               f"--LabApp.workspaces_dir={home / 'workspaces'}", f"--LabApp.user_settings_dir={home / 'settings'}"]
    if os.geteuid() == 0:  # CI and these machines run as root; jupyter refuses that without the flag
        command.append("--allow-root")
    log_path = home / "server.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(command, env=env, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
    lab = {"url": f"http://127.0.0.1:{port}", "token": token, "proc": proc, "home": home, "log": log_path}
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if proc.poll() is not None:
                pytest.fail(f"jupyter lab exited with {proc.returncode}:\n{log_path.read_text()[-3000:]}", pytrace=False)
            try:
                if api(lab, "GET", "/api/status", timeout=2)[0] == 200:
                    break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"jupyter lab did not answer in {START_TIMEOUT} s:\n{log_path.read_text()[-3000:]}",
                            pytrace=False)
            time.sleep(0.3)
        yield lab
    finally:
        shutdown(lab)


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


def menu(page, top, item):
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{top}$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(item)}$")).click()


# Per cell in notebook order: type, prompt text, and what a reader sees of it.
CELLS = """() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell')].map(c => ({
  code: c.classList.contains('jp-CodeCell'),
  prompt: (c.querySelector('.jp-InputArea-prompt')?.textContent ?? '').trim(),
  stderr: [...c.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
          .map(o => o.textContent.slice(0, 500)),
  outputs: c.querySelectorAll('.jp-OutputArea-output').length,
  math: c.querySelectorAll('mjx-container').length,
  display: c.querySelectorAll('mjx-container[display="true"]').length,
  mjxErrors: [...c.querySelectorAll('mjx-merror')].map(e => e.getAttribute('data-mjx-error') || e.textContent),
  undefinedMacros: [...c.querySelectorAll('mjx-assistive-mml mtext[mathcolor="red"]')].map(e => e.textContent),
  text: (() => { const r = c.querySelector('.jp-MarkdownOutput, .jp-RenderedMarkdown');
                 if (!r) return '';
                 const k = r.cloneNode(true);
                 k.querySelectorAll('pre, code, mjx-container').forEach(e => e.remove());
                 return k.textContent; })(),
}))"""


def test_lesson_03_runs_in_jupyterlab(browser, lab):
    path = ROOT / LESSON
    assert path.is_file(), f"{LESSON} does not exist"
    before = path.read_bytes()
    nb = nbformat.read(path, as_version=4)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    may_raise = [("raises-exception" in cell.metadata.get("tags", [])) for cell in code]
    want_display, want_latex, _ = expected_math(nb)

    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    problems = []
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    seen = watch(context)
    page = context.new_page()
    try:
        clock = {"start": time.monotonic()}
        page.goto(f"{lab['url']}/lab/tree/{LESSON}?token={lab['token']}")
        page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
        page.get_by_text(IDLE).wait_for(timeout=60_000)
        cells = page.evaluate(CELLS)
        assert len(cells) == len(nb.cells), f"JupyterLab shows {len(cells)} cells, the file has {len(nb.cells)}"

        clock["open"] = time.monotonic()
        menu(page, "Edit", "Clear Outputs of All Cells")
        page.wait_for_function("() => document.querySelectorAll('.jp-Notebook .jp-OutputArea-output').length === 0")
        menu(page, "Run", "Run All Cells")
        # Done: the kernel is idle again and every non-empty code cell shows its execution count,
        # or a cell failed, which stops Run All (then the rest keep an empty prompt).
        run_done = f"""() => {{
            const cells = ({CELLS})().filter(c => c.code);
            const src = {json.dumps([bool(c.source.strip()) for c in code])};
            const ok = {json.dumps(may_raise)};
            const idle = [...document.querySelectorAll('.jp-StatusBar-TextItem')]
                .some(e => e.textContent.includes({json.dumps(IDLE)}));
            const running = cells.some(c => c.prompt.includes('*'));
            const allRan = cells.every((c, i) => !src[i] || /^\\[\\d+\\]:$/.test(c.prompt));
            const failed = cells.some((c, i) => c.stderr.length && !ok[i]);
            return idle && !running && (allRan || failed);
        }}"""
        try:
            page.wait_for_function(run_done, timeout=RUN_TIMEOUT_MS, polling=250)
        except PlaywrightTimeout:
            problems.append(f"Run All did not finish in {RUN_TIMEOUT_MS // 1000} s")
        clock["run"] = time.monotonic()
        # JupyterLab's MathJax typesets Markdown as it renders it; wait until every display formula is
        # typeset (or shown as a MathJax error, which is reported below).
        try:
            page.wait_for_function(f"""() => ({CELLS})().reduce((n, c) => n + c.display + c.mjxErrors.length, 0)
                                       >= {want_display}""", timeout=15_000)
        except PlaywrightTimeout:
            pass  # the counts below say what is missing
        cells = page.evaluate(CELLS)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / "jupyterlab-03_output_delta.png")
        (ARTIFACTS / "jupyterlab-03_output_delta.json").write_text(json.dumps({
            "seconds to open the notebook, kernel idle": round(clock["open"] - clock["start"], 1),
            "seconds to clear and run all cells": round(clock["run"] - clock["open"], 1)}, indent=1))
    finally:
        context.close()

    code_cells = [c for c in cells if c["code"]]
    for i, (cell, tolerated) in enumerate(zip(code_cells, may_raise)):
        if "*" in cell["prompt"]:
            problems.append(f"code cell {i} still running")
        elif code[i].source.strip() and not re.fullmatch(r"\[\d+\]:", cell["prompt"]):
            problems.append(f"code cell {i} did not run (prompt {cell['prompt']!r})")
        if cell["stderr"] and not tolerated:
            problems.append(f"code cell {i} wrote an error or to stderr: {cell['stderr']}")
    math = sum(c["math"] for c in cells)
    display = sum(c["display"] for c in cells)
    if display < want_display:
        problems.append(f"{display} display formulas typeset, the Markdown has {want_display}")
    if math < want_display + want_latex:
        problems.append(f"{math} formulas typeset, expected at least {want_display} display + {want_latex} LaTeX outputs")
    for i, cell in enumerate(cells):
        problems += [f"cell {i}: MathJax error {e}" for e in cell["mjxErrors"]]
        problems += [f"cell {i}: undefined TeX macro {e}" for e in cell["undefinedMacros"]]
        for pattern in (r"\$\$", r"\\begin\{", r"\\[A-Za-z]+"):
            if re.search(pattern, cell["text"]):
                problems.append(f"cell {i}: raw TeX left in the rendered Markdown: {' '.join(cell['text'].split())[:200]}")
                break
    problems += seen.problems()
    if path.read_bytes() != before:
        problems.append(f"{LESSON} was changed on disk by the test (autosave?)")
    assert not problems, "\n".join(problems)


def test_server_shuts_down_cleanly(lab):
    """POST /api/shutdown stops the server with exit status 0 and takes its kernels with it."""
    status, _ = api(lab, "POST", "/api/shutdown")
    assert status == 200
    assert lab["proc"].wait(timeout=20) == 0, lab["log"].read_text()[-3000:]
    time.sleep(0.5)
    assert processes_mentioning(str(lab["home"] / "runtime")) == []

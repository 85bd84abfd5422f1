"""The run survives: results are written as each submission finishes, an interrupted run keeps them, a rerun resumes.

Also: without bubblewrap the grader refuses to grade (clear message, exit 2) unless told ``--no-sandbox``,
and a trusted ``--no-sandbox`` run gives the same grades as the sandbox.
"""

import csv
import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest
from test_grading_support import EXERCISES, mutate, read, write

from nnlib.grading import sandbox
from nnlib.grading.grader import Options, grade
from nnlib.grading.sandbox import SandboxUnavailable

NAME = "04_recursive_delta"
HIDDEN = "return (W_next.T @ delta_next) * sigmoid_prime(z)"


def _class(folder, n=3):
    folder.mkdir(parents=True, exist_ok=True)
    sol = read(NAME)
    for i in range(n):
        write(sol, folder / f"student{i}.ipynb")
    write(mutate(sol, HIDDEN, "return W_next.T @ delta_next"), folder / "wrong.ipynb")
    return folder


def _rows(out):
    with open(out / "grades.csv", newline="", encoding="utf-8") as f:
        return {r["submission"]: r for r in csv.DictReader(f)}


def _cli(subs, out, *extra):
    return [sys.executable, "-m", "nnlib.grading", "grade", str(EXERCISES / f"{NAME}.ipynb"), str(subs), "--out", str(out),
            "--seed", "9", *extra]


def test_a_rerun_resumes_and_regrades_only_what_changed(tmp_path):
    subs, out = _class(tmp_path / "class"), tmp_path / "out"
    options = Options(seed=9, timeout=30, total_timeout=90, jobs=2)
    first = grade(EXERCISES / f"{NAME}.ipynb", [subs], out, options, progress=False)
    assert {r.name: r.total for r in first} == {"student0": 4, "student1": 4, "student2": 4, "wrong": 1}
    stamp = (out / "feedback" / "student0.txt").stat().st_mtime_ns

    start = time.monotonic()
    again = grade(EXERCISES / f"{NAME}.ipynb", [subs], out, options, progress=False)
    assert time.monotonic() - start < 10                                  # nothing started a kernel
    assert [(r.name, r.total, r.status, r.notes) for r in again] == [(r.name, r.total, r.status, r.notes) for r in first]
    assert (out / "feedback" / "student0.txt").stat().st_mtime_ns == stamp

    write(read(NAME), subs / "wrong.ipynb")                               # the student resubmits, fixed
    third = grade(EXERCISES / f"{NAME}.ipynb", [subs], out, options, progress=False)
    assert {r.name: r.total for r in third}["wrong"] == 4
    assert (out / "feedback" / "student0.txt").stat().st_mtime_ns == stamp
    assert _rows(out)["wrong"]["total"] == "4"

    other_seed = grade(EXERCISES / f"{NAME}.ipynb", [subs], out, Options(seed=10, timeout=30, total_timeout=90, jobs=2),
                       progress=False)
    assert (out / "feedback" / "student0.txt").stat().st_mtime_ns != stamp     # a new seed regrades everyone
    assert all(r.total == 4 for r in other_seed)


def test_an_interrupted_run_keeps_what_it_finished(tmp_path):
    subs, out = _class(tmp_path / "class", n=5), tmp_path / "out"
    proc = subprocess.Popen(_cli(subs, out, "--jobs", "1", "--quiet"), start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and not list((out / "results").glob("*/results.json")):
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)                 # the instructor's laptop dies mid-run
    proc.wait()
    done = sorted(p.parent.name for p in (out / "results").glob("*/results.json"))
    assert 1 <= len(done) < 6
    for name in done:
        doc = json.loads((out / "results" / name / "results.json").read_text())     # complete, valid JSON
        assert doc["score"] in (1, 4)
    assert set(_rows(out)) == set(done)
    assert not list(out.rglob("*.tmp"))
    finished = subprocess.run(_cli(subs, out, "--jobs", "2"), capture_output=True, text=True, timeout=600)
    assert finished.returncode == 0, finished.stderr
    assert re.search(rf"resuming: {len(done)} (row|submission)\(s\) already graded", finished.stderr), finished.stderr
    assert len(_rows(out)) == 6


def test_without_bubblewrap_the_grader_refuses_unless_told(tmp_path, monkeypatch):
    subs, out = _class(tmp_path / "class", n=1), tmp_path / "out"
    monkeypatch.setattr(sandbox, "bwrap_path", lambda: None)
    with pytest.raises(SandboxUnavailable, match="--no-sandbox"):
        grade(EXERCISES / f"{NAME}.ipynb", [subs], out, Options(seed=9), progress=False)
    trusted = grade(EXERCISES / f"{NAME}.ipynb", [subs], out, Options(seed=9, sandbox=False, jobs=2), progress=False)
    assert {r.name: r.total for r in trusted} == {"student0": 4, "wrong": 1}

    env = {**os.environ, "PATH": str(tmp_path / "nowhere")}
    (tmp_path / "nowhere").mkdir()
    proc = subprocess.run(_cli(subs, tmp_path / "out2"), capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 2
    assert "bubblewrap" in proc.stderr and "--no-sandbox" in proc.stderr
    assert not (tmp_path / "out2" / "grades.csv").exists()


def test_the_sandbox_is_what_it_claims(tmp_path):
    """A kernel in the sandbox: its own PID namespace, no network, read-only course, a private /tmp, no seed."""
    from nnlib.grading.kernel import Kernel
    from nnlib.grading.sandbox import Sandbox, graded_nnlib

    nnlib_dir = graded_nnlib(["nnlib.activations:sigmoid_prime", "nnlib.autodiff:*"], tmp_path / "graded")
    box = Sandbox(nnlib_dir, memory_mb=1500, max_pids=64)
    (tmp_path / "secret.txt").write_text("classmate")
    try:
        kernel = Kernel(box)
        probe = (
            "import os, socket, sys, nnlib\n"
            "pids = sorted(int(p) for p in os.listdir('/proc') if p.isdigit())\n"
            f"seen = os.path.exists({str(tmp_path / 'secret.txt')!r})\n"
            "try:\n    socket.create_connection(('127.0.0.1', 22), timeout=1); net = True\n"
            "except OSError:\n    net = False\n"
            "try:\n    open(nnlib.__file__, 'a'); ro = False\n"
            "except OSError:\n    ro = True\n"
            "try:\n    nnlib.sigmoid_prime(0.0); withheld = False\n"
            "except Exception as e:\n    withheld = type(e).__name__ == 'WithheldError'\n"
            "import inspect\nsource = inspect.getsource(nnlib.activations.sigmoid_prime)\n"
            "print(len(pids), seen, net, ro, withheld, 'sigmoid(z)' in source, sorted(os.environ)[:3], os.getuid())"
        )
        outcome = kernel.run(probe, 60)
        assert outcome.status == "ok", outcome
        count, seen, net, ro, withheld, body, env, uid = outcome.output.strip().split(" ", 7)
        assert int(count) <= 3                          # bwrap's init, the kernel (and perhaps a helper thread's child)
        assert (seen, net, ro, withheld, body) == ("False", "False", "True", "True", "False")
        assert "SEED" not in outcome.output and uid.endswith("65534")
        kernel.kill()
    finally:
        box.close()
    assert not box.root.exists()


def test_the_private_tmp_is_mounted_before_anything_that_may_live_under_tmp(tmp_path):
    """A checkout (venv, Python) under /tmp stays visible: bwrap mounts in order, and a later /tmp would hide it."""
    from nnlib.grading.sandbox import Sandbox

    box = Sandbox(tmp_path, memory_mb=1500, max_pids=64)
    try:
        command = box.command(["true"])
    finally:
        box.close()
    binds = [i for i, arg in enumerate(command) if arg in ("--ro-bind", "--bind")]
    assert binds and command.index("--tmpfs") < min(binds)
    assert command[command.index("--tmpfs") + 1] == "/tmp"

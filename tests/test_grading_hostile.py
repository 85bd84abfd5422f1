"""Broken and hostile submissions: every one gets a row with the right status, and none stops the batch.

The submissions are made here from the 04 solution (two questions: sigmoid_prime 1 point,
hidden_delta 3 points), graded in one batch with short limits: 10 s per cell, a 1.5 GB memory cap.
"""

import csv

import nbformat
import pytest
from test_grading_support import EXERCISES, add_cell, mutate, read, write

from nnlib.grading.grader import Options, grade

NAME = "04_recursive_delta"
SIGMOID = "s = nnlib.sigmoid(z)\n    return s * (1 - s)"
HIDDEN = "return (W_next.T @ delta_next) * sigmoid_prime(z)"
STUBBORN = ("import time\n    while True:\n        try:\n            time.sleep(0.2)\n"
            "        except KeyboardInterrupt:\n            pass")


def hostile():
    sol = read(NAME)
    without = nbformat.from_dict(dict(sol))
    without.cells = [c for c in sol.cells if "def hidden_delta" not in c.source]
    reordered = nbformat.from_dict(dict(sol))
    reordered.cells = sol.cells[::-1]
    return {
        # name: (notebook or raw text, expected status, expected [sigmoid_prime, hidden_delta] scores)
        "infinite_loop": (add_cell(sol, "while True:\n    pass"), "timeout", [1, 3]),
        "loop_in_graded_function": (mutate(sol, HIDDEN, STUBBORN), "timeout", [1, 0]),
        "sys_exit": (add_cell(sol, "import sys\nsys.exit(1)"), "error", [1, 3]),
        "exit_call": (add_cell(sol, "exit()"), "kernel-died", [1, 3]),
        "os_exit": (add_cell(sol, "import os\nos._exit(0)"), "kernel-died", [1, 3]),
        "kill_9": (add_cell(sol, "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"), "kernel-died", [1, 3]),
        "segfault": (add_cell(sol, "import ctypes\nctypes.string_at(0)"), "kernel-died", [1, 3]),
        "memory_bomb": (add_cell(sol, "hog = []\nwhile True:\n    hog.append(bytearray(50_000_000))"),
                        "memory-limit", [1, 3]),
        "deleted_cells": (without, "error", [1, 0]),
        "reordered_cells": (reordered, "error", [1, 3]),
        "renamed_function": (mutate(sol, "def hidden_delta(", "def hidden_delta_v2("), "error", [1, 0]),
        "wrong_shapes": (mutate(sol, HIDDEN, f"return ({HIDDEN[7:]}).T"), "ok", [1, 0]),
        "nan": (mutate(sol, SIGMOID, "return np.full_like(z, np.nan)"), "ok", [0, 0]),
        "allclose_patched": (add_cell(mutate(sol, HIDDEN, "return W_next.T @ delta_next"),
                                      "np.allclose = lambda *a, **k: True\nnp.array_equal = lambda *a, **k: True"),
                             "ok", [1, 0]),
        "calls_reference": (mutate(sol, SIGMOID, "return nnlib.sigmoid_prime(z)"), "flagged", [0, 0]),
        "reference_via_getattr": (mutate(sol, SIGMOID, "return getattr(nnlib, 'sigmoid' + '_prime')(z)"),
                                  "flagged", [0, 0]),
        "touches_grader": (add_cell(sol, "import nnlib.grading.harness as h\nh.run = lambda *a, **k: None"),
                           "flagged", [0, 0]),
        "invalid_json": ('{"cells": [', "invalid-notebook", [0, 0]),
        "empty_file": ("", "invalid-notebook", [0, 0]),
    }


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    cases = hostile()
    for name, (nb, _, _) in cases.items():
        if isinstance(nb, str):
            (folder / f"{name}.ipynb").write_text(nb)
        else:
            write(nb, folder / f"{name}.ipynb")
    out = folder / "out"
    options = Options(seed=3, timeout=10, total_timeout=180, memory_mb=1500, jobs=2)
    grade(EXERCISES / f"{NAME}.ipynb", [folder], out, options, progress=False)
    with open(out / "grades.csv", newline="", encoding="utf-8") as f:
        rows = {r["submission"]: r for r in csv.DictReader(f)}
    return cases, rows, out


def test_every_submission_gets_a_row(graded):
    cases, rows, out = graded
    assert sorted(rows) == sorted(cases)
    for name in cases:
        assert (out / "feedback" / f"{name}.txt").is_file()
        assert (out / "results" / name / "results.json").is_file()


@pytest.mark.parametrize("name", sorted(hostile()))
def test_status_and_scores(graded, name):
    cases, rows, out = graded
    _, status, scores = cases[name]
    row = rows[name]
    assert row["status"] == status, row
    assert [float(row["sigmoid_prime"]), float(row["hidden_delta"])] == scores, row
    assert float(row["total"]) == sum(scores)


def test_the_notes_say_what_happened(graded):
    _, rows, _ = graded
    notes = {name: row["notes"] for name, row in rows.items()}
    assert "ran longer than 10 s (interrupted)" in notes["infinite_loop"]
    assert "did not respond and was restarted" in notes["loop_in_graded_function"]
    assert "SIGKILL" in notes["kill_9"] and "SIGSEGV" in notes["segfault"]
    assert "exit() or quit()" in notes["exit_call"]
    assert "MemoryError" in notes["memory_bomb"]
    assert "empty" in notes["empty_file"]
    assert "nnlib.sigmoid_prime" in notes["calls_reference"] and "nnlib.sigmoid_prime" in notes["reference_via_getattr"]
    assert "grader's internals" in notes["touches_grader"]
    assert "hidden_delta is missing" in notes["renamed_function"]


def test_feedback_explains_without_revealing(graded):
    _, _, out = graded
    renamed = (out / "feedback" / "renamed_function.txt").read_text()
    assert "did you rename it? found hidden_delta_v2" in renamed
    shapes = (out / "feedback" / "wrong_shapes.txt").read_text()
    assert "(the transposed shape)" in shapes
    patched = (out / "feedback" / "allclose_patched.txt").read_text()
    assert "Diagnosis: this looks like “σ′ is missing”" in patched
    for f in (out / "feedback").iterdir():
        text = f.read_text()
        assert "Traceback" not in text and "/tmp/" not in text

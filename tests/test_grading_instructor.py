"""The instructor's side at class scale: roster, collection, class statistics and regrading one student.

The reading and matching rules are tested on their own (no kernels).  Then one class of exercise 04,
made here from the solution, is graded with the command line, ``--roster`` and ``--jobs 2``:

alice    a folder per student, the solution           frank  on the roster, handed nothing in
bob      ``bob__EX04.IPYNB``, W instead of Wᵀ          gina   the solution saved with a UTF-8 BOM
carol    the untouched exercise and the solution      hank   a comment typed in GBK (not UTF-8)
dave     a PDF                                        ivy    the solution with a 27 MB stored output
erin     the exercise 05 solution, handed in for 04   (and a file of someone not on the roster)
"""

import base64
import csv
import json
import os
import subprocess
import sys

import nbformat
import pytest
from test_grading_support import EXERCISES, mutate, read, write

from nnlib.grading import collect
from nnlib.grading.grader import STATUSES, QuestionResult, Result, prepare
from nnlib.grading.summary import class_statistics

NAME = "04_recursive_delta"
WRONG = ("return (W_next.T @ delta_next)", "return (W_next @ delta_next)")
ROSTER = ("Student ID,Name,Email\nalice,Alice Ash,alice@uni.edu\nbob,Bob Birch,bob@uni.edu\ncarol,Carol Cedar,\n"
          "dave,,\nerin,,\nfrank,Frank Fir,\ngina,,\nhank,,\nivy,,\n")


def solution_bytes(name=NAME):
    return nbformat.writes(read(name)).encode()


# ----------------------------------------------------------------- reading a notebook
def test_a_byte_order_mark_is_ignored(tmp_path):
    path = tmp_path / "bom.ipynb"
    path.write_bytes(b"\xef\xbb\xbf" + solution_bytes())
    loaded = collect.load(path)
    assert loaded.nb is not None and loaded.notes == ["the file starts with a UTF-8 byte-order mark (ignored)"]


def test_non_utf8_bytes_are_decoded_and_named(tmp_path):
    nb = mutate(read(NAME), "def sigmoid_prime(z):", "def sigmoid_prime(z):\n    # MARK")
    raw = nbformat.writes(nb).encode()
    path = tmp_path / "gbk.ipynb"
    path.write_bytes(raw.replace(b"MARK", "求导：σ 的导数".encode("gbk")))
    loaded = collect.load(path)
    cell = next(i for i, c in enumerate(loaded.nb.cells, 1) if "def sigmoid_prime" in c.source)
    assert "# 求导：σ 的导数" in loaded.nb.cells[cell - 1].source
    assert loaded.notes == [f"cell {cell} (line 2): bytes that are not UTF-8, read as GB18030 (Chinese)"]
    path.write_bytes(raw.replace(b"MARK", b"\x81"))          # a lone lead byte: fits no encoding tried
    loaded = collect.load(path)
    assert "# \ufffd" in loaded.nb.cells[cell - 1].source
    assert "could not be decoded; they were replaced by �" in loaded.notes[0] and f"cell {cell} (line 2)" in loaded.notes[0]


def test_outputs_are_dropped_before_the_size_limit(tmp_path):
    nb = read(NAME)
    big = base64.b64encode(os.urandom(21 * 2**20)).decode()        # 28 MB of PNG text
    cell = next(c for c in nb.cells if c.cell_type == "code")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": big})]
    path = write(nb, tmp_path / "big.ipynb")
    assert path.stat().st_size > collect.MAX_NOTEBOOK_BYTES
    loaded = collect.load(path)
    assert loaded.nb is not None, loaded.problem
    assert all(not c.get("outputs") for c in loaded.nb.cells)
    assert loaded.notes == ["the stored outputs (28 MB) were dropped before running"]
    code = nbformat.v4.new_code_cell("x = 1\n" * (collect.MAX_NOTEBOOK_BYTES // 6 + 10))
    nb.cells.append(code)
    assert "larger than 20 MB without its outputs" in collect.load(write(nb, tmp_path / "huge.ipynb")).problem


@pytest.mark.parametrize("name, data, kind", [
    ("answers.pdf", b"%PDF-1.7\n...", "a PDF document"),
    ("ex04.py", b"import numpy as np\n\ndef sigmoid_prime(z):\n    pass\n", "a Python script"),
    ("ex04.html", b"<!DOCTYPE html>\n<html><body>", "an HTML page (a notebook exported as HTML?)"),
    ("ex04.docx", b"PK\x03\x04rest", "a Word document"),
    ("ex04.zip", b"PK\x03\x04rest", "a ZIP archive"),
    ("ex04.png", b"\x89PNG\r\n\x1a\n", "an image"),
    ("ex04.ipynb", b"%PDF-1.4 renamed", "a PDF document"),
])
def test_a_file_that_is_not_a_notebook_is_named(tmp_path, name, data, kind):
    path = tmp_path / name
    path.write_bytes(data)
    assert collect.load(path).problem == f"not a notebook: {kind}"


def test_broken_json_and_empty_files_are_still_explained(tmp_path):
    (tmp_path / "a.ipynb").write_text('{"cells": [')
    (tmp_path / "b.ipynb").write_text("")
    assert collect.load(tmp_path / "a.ipynb").problem.startswith("the file is not a valid notebook (not JSON")
    assert collect.load(tmp_path / "b.ipynb").problem == "the file is empty"


# ----------------------------------------------------------------- which exercise
def test_each_exercise_is_recognised_and_another_one_is_named():
    from nnlib.grading.assignments import ASSIGNMENTS

    for name in ASSIGNMENTS:
        if (EXERCISES / f"{name}.ipynb").exists():
            assert collect.looks_like(read(name), name) is None, name
            assert collect.looks_like(read(name, EXERCISES), name) is None, name
    assert collect.looks_like(read(NAME), "05_weight_gradients") == NAME
    assert collect.looks_like(read("05_weight_gradients"), NAME) == "05_weight_gradients"
    assert collect.looks_like(read("06_gradient_checking"), "03_output_delta") == "06_gradient_checking"
    # without its headings, an 04 notebook is still an 04 notebook for 04 (same functions)
    headless = read(NAME)
    headless.cells = [c for c in headless.cells if c.cell_type == "code"]
    assert collect.looks_like(headless, NAME) is None


# ----------------------------------------------------------------- roster and matching
def test_the_roster_is_read(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("\ufeffStudent ID,Name,Email\n s1 ,Ann,ann@x.org\n\ns2,,\n", encoding="utf-8")
    assert collect.read_roster(path) == [{"id": "s1", "name": "Ann", "email": "ann@x.org"},
                                         {"id": "s2", "name": "", "email": ""}]
    path.write_text("name,email\nAnn,ann@x.org\n")
    with pytest.raises(ValueError, match="no id column"):
        collect.read_roster(path)
    path.write_text("id\ns1\nS1\n")
    with pytest.raises(ValueError, match="twice"):
        collect.read_roster(path)


def test_files_are_matched_to_students(tmp_path):
    students = [{"id": "s1", "name": "", "email": "ann@x.org"}, {"id": "12345", "name": "", "email": ""},
                {"id": "s3", "name": "", "email": ""}, {"id": "s4", "name": "", "email": ""}]
    files = {"S1/work/ex04.ipynb": b"{}", "ann__old.ipynb": b"{}", "Bea Birch_12345_ex04.IPYNB": b"{}",
             "s3.ipynb": b"{}", "zed__ex04.ipynb": b"{}", ".hidden.ipynb": b"{}",
             ".ipynb_checkpoints/s3-checkpoint.ipynb": b"{}", "__MACOSX/s3.ipynb": b"{}"}
    for name, data in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    os.utime(tmp_path / "ann__old.ipynb", (1e9, 1e9))
    rows, unmatched = collect.collect([tmp_path], NAME, students)
    got = {r.name: (r.path.relative_to(tmp_path).as_posix() if r.path else None, r.others) for r in rows}
    assert got == {"s1": ("S1/work/ex04.ipynb", ["ann__old.ipynb"]), "12345": ("Bea Birch_12345_ex04.IPYNB", []),
                   "s3": ("s3.ipynb", []), "s4": (None, [])}
    assert [p.name for p in unmatched] == ["zed__ex04.ipynb"]
    note = rows[0].notes[0]
    assert note.startswith("2 files handed in; graded S1/work/ex04.ipynb") and note.endswith("not graded: ann__old.ipynb")


def test_the_rule_that_picks_one_of_several_files(tmp_path):
    for name, mtime in (("draft.ipynb", 3e9), ("final.ipynb", 2e9), ("ex04_final.ipynb", 1e9), ("ex04.pdf", 4e9),
                        ("ex04_old.ipynb", 0.5e9)):
        (tmp_path / name).write_bytes(b"{}")
        os.utime(tmp_path / name, (mtime, mtime))
    files = [(p.relative_to(tmp_path), p) for p in tmp_path.iterdir()]
    order = [rel.name for rel, _ in collect.pick(files, NAME)]
    # notebooks first; then named for the assignment (04 as a word); then the newest; the PDF last
    assert order == ["ex04_final.ipynb", "ex04_old.ipynb", "draft.ipynb", "final.ipynb", "ex04.pdf"]
    assert not collect.names_assignment("ex104.ipynb", NAME) and collect.names_assignment("HW-04.ipynb", NAME)


def test_without_a_roster_every_file_is_a_row(tmp_path):
    (tmp_path / "walter").mkdir()
    for name in ("walter/ex04.ipynb", "walter/EX04_1.IPYNB", "walter/notes.txt", "walter/.DS_Store"):
        (tmp_path / name).write_bytes(b"x")
    names = [n for n, _ in collect.collect_submissions([tmp_path])]
    assert names == ["walter__EX04_1", "walter__ex04", "walter__notes.txt"]


# ----------------------------------------------------------------- statistics
def test_class_statistics_count_exactly():
    prepared = prepare(EXERCISES / f"{NAME}.ipynb", 0)

    def result(name, scores, status="ok", variants=("", ""), seconds=1.0):
        r = Result(name, status, seconds=seconds, kernel_seconds=seconds / 4)
        r.questions = [QuestionResult(q, p, s, variant=v) for (q, p), s, v in
                       zip([("sigmoid_prime", 1), ("hidden_delta", 3)], scores, variants)]
        return r

    results = [result("a", [1, 3]), result("b", [1, 0], variants=("", "W instead of Wᵀ"), seconds=5.0),
               result("c", [0, 0], "error", ("σ(z) instead of σ′(z)", "W instead of Wᵀ")),
               result("d", [0, 0], "missing", seconds=0.0)]
    s = class_statistics(prepared, results)
    assert s["statuses"] == {**dict.fromkeys(STATUSES, 0), "ok": 2, "error": 1, "missing": 1}
    assert s["questions"]["hidden_delta"] == {"points": 3, "n": 3, "mean": 1.0, "sd": pytest.approx(2 ** 0.5),
                                             "median": 0, "min": 0, "max": 3, "full_marks": 1, "zero": 2}
    assert s["questions"]["total"]["mean"] == pytest.approx(5 / 3)
    assert s["mistakes"] == {("hidden_delta", "W instead of Wᵀ"): ["b", "c"],
                             ("sigmoid_prime", "σ(z) instead of σ′(z)"): ["c"]}
    assert [row[0] for row in s["slowest"]] == ["b", "a", "c"]
    assert s["kernel_seconds"] / s["seconds"] == pytest.approx(0.25)


# ----------------------------------------------------------------- a class, graded with the command line
def grade_cli(*args):
    proc = subprocess.run([sys.executable, "-m", "nnlib.grading", "grade", NAME, *map(str, args), "--seed", "99",
                           "--jobs", "2", "--timeout", "60", "--quiet"], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "OMP_NUM_THREADS": "1"})
    assert proc.returncode == 0, proc.stderr
    return proc


def table(out):
    with open(out / "grades.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return rows, {r.get("student") or r["submission"]: r for r in rows}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    subs, out = folder / "in", folder / "out"
    (subs / "alice").mkdir(parents=True)
    (subs / "carol").mkdir()
    write(read(NAME), subs / "alice" / "ex04.ipynb")
    write(mutate(read(NAME), *WRONG), subs / "bob__EX04.IPYNB")
    write(read(NAME, EXERCISES), subs / "carol" / "draft.ipynb")
    write(read(NAME), subs / "carol" / f"{NAME}.ipynb")
    (subs / "dave__ex04.pdf").write_bytes(b"%PDF-1.4 my answers")
    write(read("05_weight_gradients"), subs / "erin__ex04.ipynb")
    (subs / "gina__ex04.ipynb").write_bytes(b"\xef\xbb\xbf" + solution_bytes())
    gbk = nbformat.writes(mutate(read(NAME), "def sigmoid_prime(z):", "def sigmoid_prime(z):\n    # MARK")).encode()
    (subs / "hank__ex04.ipynb").write_bytes(gbk.replace(b"MARK", "这是我的注释".encode("gbk")))
    nb = read(NAME)
    next(c for c in nb.cells if c.cell_type == "code").outputs = [nbformat.v4.new_output(
        "display_data", data={"image/png": base64.b64encode(os.urandom(20 * 2**20)).decode()})]
    write(nb, subs / "ivy__ex04.ipynb")
    write(read(NAME), subs / "stranger__ex04.ipynb")
    roster = folder / "roster.csv"
    roster.write_text(ROSTER)
    proc = grade_cli(subs, "--out", out, "--roster", roster)
    return subs, out, roster, proc


def test_one_row_per_student_in_the_roster_order(graded):
    _, out, _, _ = graded
    rows, by = table(out)
    assert list(rows[0]) == ["student", "name", "email", "file", "sigmoid_prime", "hidden_delta", "total", "max",
                             "status", "notes"]
    assert [r["student"] for r in rows] == ["alice", "bob", "carol", "dave", "erin", "frank", "gina", "hank", "ivy"]
    assert (by["alice"]["name"], by["alice"]["email"], by["alice"]["file"]) == ("Alice Ash", "alice@uni.edu", "ex04.ipynb")
    expected = {"alice": ("4", "ok"), "bob": ("1", "ok"), "carol": ("4", "ok"), "dave": ("0", "invalid-notebook"),
                "erin": ("4", "ok"), "frank": ("0", "missing"), "gina": ("4", "ok"), "hank": ("4", "ok"),
                "ivy": ("4", "ok")}
    assert {k: (r["total"], r["status"]) for k, r in by.items()} == expected
    assert not (out / "feedback" / "stranger__ex04.txt").exists()


def test_the_notes_say_what_was_done(graded):
    _, out, _, _ = graded
    _, by = table(out)
    assert by["carol"]["file"] == f"{NAME}.ipynb" and "not graded: carol/draft.ipynb" in by["carol"]["notes"]
    assert by["dave"]["notes"] == "not a notebook: a PDF document"
    assert "looks like exercise 05_weight_gradients, not 04_recursive_delta" in by["erin"]["notes"]
    assert by["frank"]["notes"] == "nothing was handed in"
    assert "byte-order mark" in by["gina"]["notes"]
    assert "read as GB18030 (Chinese)" in by["hank"]["notes"]
    assert "stored outputs (27 MB) were dropped before running" in by["ivy"]["notes"]
    assert "nothing was handed in" in (out / "feedback" / "frank.txt").read_text()
    doc = json.loads((out / "results" / "frank" / "results.json").read_text())
    assert doc["score"] == 0 and all(t["visibility"] == "after_published" for t in doc["tests"])


def test_the_summary(graded):
    _, out, _, _ = graded
    md = (out / "summary.md").read_text()
    assert "9 students on the roster: 8 handed something in, 1 did not." in md
    assert "| `missing` | 1 |" in md and "| `invalid-notebook` | 1 |" in md and "| `ok` | 7 |" in md
    assert "| `hidden_delta` | 3 | 2.25 | 1.3 | 3 | 0 | 3 | 6 | 2 |" in md
    assert "| `hidden_delta` | W instead of Wᵀ | 1 | bob |" in md
    assert "erin: the notebook looks like exercise 05_weight_gradients" in md
    assert "stranger__ex04.ipynb: matches no student on the roster" in md
    slow = md.split("## Slowest submissions")[1]
    assert slow.count("\n| ") == 6 and "of it starting kernels" in slow
    with open(out / "summary.csv", newline="", encoding="utf-8") as f:
        rows = {(r["section"], r["item"], r["statistic"]): r["value"] for r in csv.DictReader(f)}
    assert rows[("status", "missing", "count")] == "1" and rows[("status", "ok", "count")] == "7"
    assert rows[("score", "total", "mean")] == "3.125" and rows[("score", "total", "n")] == "8"
    assert rows[("mistake", "hidden_delta: W instead of Wᵀ", "students")] == "1"
    assert rows[("wrong_exercise", "erin", "looks_like")] == "05_weight_gradients"
    assert sum(k[0] == "slowest" and k[2] == "seconds" for k in rows) == 5


def test_regrading_one_student(graded):
    subs, out, roster, _ = graded
    others = {p.name: p.stat().st_mtime_ns for p in (out / "feedback").iterdir() if p.name != "bob.txt"}
    before, _ = table(out)
    write(read(NAME), subs / "bob__EX04.IPYNB")                     # bob hands in a corrected notebook
    proc = grade_cli(subs, "--out", out, "--roster", roster, "--only", "BOB")
    rows, by = table(out)
    assert (by["bob"]["total"], by["bob"]["status"]) == ("4", "ok")
    assert [r for r in rows if r["student"] != "bob"] == [r for r in before if r["student"] != "bob"]
    assert others == {p.name: p.stat().st_mtime_ns for p in (out / "feedback").iterdir() if p.name != "bob.txt"}
    assert "W instead of Wᵀ" not in (out / "summary.md").read_text()
    assert "graded 9 row(s)" in proc.stdout
    bad = subprocess.run([sys.executable, "-m", "nnlib.grading", "grade", NAME, str(subs), "--out", str(out),
                          "--roster", str(roster), "--only", "nobody"], capture_output=True, text=True)
    assert bad.returncode == 2 and "no such student" in bad.stderr


def test_without_a_roster_one_row_per_file(graded, tmp_path):
    subs, _, _, _ = graded
    out = tmp_path / "out"
    grade_cli(subs / "bob__EX04.IPYNB", subs / "dave__ex04.pdf", "--out", out)
    rows, by = table(out)
    assert list(rows[0])[0] == "submission"
    assert sorted(by) == ["bob__EX04", "dave__ex04.pdf"]
    assert by["dave__ex04.pdf"]["notes"] == "not a notebook: a PDF document"
    assert "2 submissions." in (out / "summary.md").read_text()

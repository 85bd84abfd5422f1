"""Helpers shared by the grader's self-tests (tests/test_grading*.py); this module has no tests of its own."""

import copy
import functools
import pathlib
import re

import nbformat

ROOT = pathlib.Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"
ASSIGNMENT_NAMES = sorted(p.stem for p in SOLUTIONS.glob("[0-9][0-9]_*.ipynb"))


def read(name, folder=SOLUTIONS):
    return nbformat.read(str(folder / f"{name}.ipynb"), as_version=4)


def solution_namespace(name):
    """Run a solution notebook's code in this process (magics and check calls skipped); return its globals."""
    ns = {"__name__": "__main__"}
    for cell in read(name).cells:
        if cell.cell_type != "code" or cell.source.lstrip().startswith("check("):
            continue
        source = "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith("%"))
        exec(compile(source, f"<{name}>", "exec"), ns)
    return ns


def solution_blocks(name):
    """The lines of code inside the marked solution blocks of a solution notebook."""
    lines = []
    for cell in read(name).cells:
        if cell.cell_type == "code":
            for block in re.findall(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", cell.source, re.S):
                lines += [line.strip() for line in block.splitlines() if line.strip()]
    return lines


def normalise_heading(text):
    """A heading or a quoted section name without numbering, markup, quotes or LaTeX, so the two can be compared."""
    text = re.sub(r"^\s*#+\s*", "", text)
    text = re.sub(r"^\d+\s*[.·]\s*", "", text)
    for latex, plain in ((r"\sigma'", "σ′"), (r"\sigma", "σ"), (r"\Delta", "Δ"), (r"^\mathsf{T}", "ᵀ")):
        text = text.replace(latex, plain)
    text = re.sub(r"[$`*\"{}“”]", "", text)
    return " ".join(text.split())


@functools.cache
def lesson_headings(lesson):
    """Every heading of lesson ``NN`` (its Markdown lines starting with #), normalised."""
    path = next((ROOT / "lessons").glob(f"{lesson}_*.ipynb"))
    nb = nbformat.read(str(path), as_version=4)
    return [normalise_heading(line) for c in nb.cells if c.cell_type == "markdown" for line in c.source.splitlines()
            if line.startswith("#")]


def missing_sections(section):
    """The sections a feedback line quotes (“lesson NN, “Heading” …”) that are no heading of that lesson."""
    lesson = re.match(r"lesson (\d\d)", section)
    quoted = re.findall(r"“([^”]+)”", section)
    if not lesson or not quoted:
        return [section]
    headings = lesson_headings(lesson.group(1))
    return [name for name in quoted if not any(h.startswith(normalise_heading(name)) for h in headings)]


def assert_withheld_in_check(qname, answer, withheld):
    """``answer`` lets nnlib compute ``qname``: check fails it with the withheld message, yet it is right outside check."""
    from nnlib.grading.assignments import QUESTIONS
    from nnlib.grading.checker import check_report
    from nnlib.grading.compare import run_plain

    report = " ".join(check_report(answer, name=qname).split())
    q = QUESTIONS[qname]
    n = len(q.public_cases())
    assert f"{qname}: 0 of {n} public tests passed." in report, report
    assert f"raised WithheldError: {withheld} is not available in this exercise" in report, report
    for case in q.public_cases():          # the same code outside check: nnlib's own answer passes the tests
        assert q.compare(case, q.reference(case), run_plain(answer, q, case), reveal=True)[0] == 1.0, case.label


def mutate(nb, old, new):
    """A copy of a notebook with ``old`` replaced by ``new`` in the code cells (which must contain it)."""
    nb = copy.deepcopy(nb)
    hits = 0
    for cell in nb.cells:
        if cell.cell_type == "code" and old in cell.source:
            cell.source = cell.source.replace(old, new)
            hits += 1
    assert hits, f"{old!r} not found"
    return nb


def add_cell(nb, source, at=None):
    nb = copy.deepcopy(nb)
    cell = nbformat.v4.new_code_cell(source)
    nb.cells.insert(len(nb.cells) if at is None else at, cell)
    return nb


def write(nb, path):
    nbformat.write(nb, str(path))
    return path

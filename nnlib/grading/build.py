"""Write ``exercises/`` from ``solutions/``: the solution notebooks are the single source.

In a solution notebook, the lines between ``### BEGIN SOLUTION`` and
``### END SOLUTION`` (markers included) are the answer.  ``build`` replaces
each such block with a stub at the block's indentation::

    # YOUR CODE HERE
    raise NotImplementedError("write your code here")

clears outputs and execution counts, keeps only lean metadata (kernelspec and
``language_info.name``; cell ``tags``) and numbers the cell ids ``cell-00``,
``cell-01`` …, so the same solutions always give byte-identical exercises.

It also checks that every solution states its points in the question
headings exactly as :mod:`nnlib.grading.spec` does, and calls
``check(...)`` after each graded function.  ``build --check`` writes nothing
and exits non-zero, naming the files, when ``exercises/`` differs.

The Chinese edition: ``solutions/zh/NN_slug.ipynb`` (written by ``tools/translate.py build``) gives
``exercises/zh/NN_slug.ipynb`` the same way, keeping ``metadata.nnlib.language`` so that the grader
answers a Chinese notebook in Chinese; ``build --check`` covers those too.
"""

import pathlib
import re

import nbformat

from .assignments import ASSIGNMENTS
from .spec import parse_points

__all__ = ["strip_solutions", "exercise_from_solution", "build", "SOLUTION_BEGIN", "SOLUTION_END"]

SOLUTION_BEGIN = "### BEGIN SOLUTION"
SOLUTION_END = "### END SOLUTION"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


class BuildError(ValueError):
    """A solution notebook is malformed: unbalanced markers, or points that disagree with the spec."""


def strip_solutions(source, where="cell"):
    """Replace every marked solution block of a cell's source with the stub."""
    out, inside, indent = [], False, ""
    for line in source.split("\n"):
        stripped = line.strip()
        if stripped == SOLUTION_BEGIN:
            if inside:
                raise BuildError(f"{where}: {SOLUTION_BEGIN} inside another solution block")
            inside = True
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}# YOUR CODE HERE")
            out.append(f'{indent}raise NotImplementedError("write your code here")')
        elif stripped == SOLUTION_END:
            if not inside:
                raise BuildError(f"{where}: {SOLUTION_END} without {SOLUTION_BEGIN}")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise BuildError(f"{where}: {SOLUTION_BEGIN} is never closed")
    return "\n".join(out)


def _validate(nb, name):
    spec = ASSIGNMENTS.get(name)
    if spec is None:
        raise BuildError(f"{name}: no grading spec in nnlib/grading/spec.py; known: {', '.join(ASSIGNMENTS)}")
    stated = parse_points(nb)
    if stated != list(spec.questions):
        raise BuildError(f"{name}: the question headings state {stated}, the grading spec says {list(spec.questions)}")
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    for qname, _ in spec.questions:
        if not re.search(rf"\bcheck\(\s*{re.escape(qname)}\s*\)", code):
            raise BuildError(f"{name}: no check({qname}) call after the graded {qname}")
    if SOLUTION_BEGIN not in code:
        raise BuildError(f"{name}: no {SOLUTION_BEGIN} block: nothing for the learner to write")


def exercise_from_solution(nb, name):
    """Return the exercise notebook (a new object) for a solution notebook."""
    _validate(nb, name)
    ex = nbformat.v4.new_notebook()
    meta = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    language = (nb.metadata.get("nnlib") or {}).get("language")
    if language:
        meta["nnlib"] = {"language": language}
    ex.metadata = nbformat.from_dict(meta)
    for i, cell in enumerate(nb.cells):
        tags = cell.get("metadata", {}).get("tags")
        meta = {"tags": list(tags)} if tags else {}
        if cell.cell_type == "code":
            new = nbformat.v4.new_code_cell(strip_solutions(cell.source, f"{name} cell {i}"), metadata=meta)
        elif cell.cell_type == "markdown":
            new = nbformat.v4.new_markdown_cell(cell.source, metadata=meta)
        else:
            new = nbformat.v4.new_raw_cell(cell.source, metadata=meta)
        new.id = f"cell-{i:02d}"
        ex.cells.append(new)
    return ex


def render(nb):
    """The exact text stored on disk for a notebook."""
    text = nbformat.writes(nb)
    return text if text.endswith("\n") else text + "\n"


def build(solutions="solutions", exercises="exercises", check=False, out=print):
    """Regenerate (or with ``check=True`` compare) every exercise, the Chinese ones included; return the drifted files."""
    solutions, exercises = pathlib.Path(solutions), pathlib.Path(exercises)
    sources = sorted(solutions.glob("[0-9][0-9]_*.ipynb"))
    if not sources:
        raise BuildError(f"no solution notebooks NN_slug.ipynb in {solutions}/")
    drifted = _build(sources, solutions, exercises, check, out)
    zh = sorted((solutions / "zh").glob("[0-9][0-9]_*.ipynb"))
    if zh or (exercises / "zh").is_dir():
        drifted += _build(zh, solutions / "zh", exercises / "zh", check, out)
    return drifted


def _build(sources, solutions, exercises, check, out):
    drifted = []
    expected = set()
    for src in sources:
        nb = nbformat.read(str(src), as_version=4)
        text = render(exercise_from_solution(nb, src.stem))
        target = exercises / src.name
        expected.add(target.name)
        current = target.read_text(encoding="utf-8") if target.is_file() else None
        if current == text:
            continue
        drifted.append(str(target))
        if check:
            why = "is missing" if current is None else f"differs from what {src} generates"
            out(f"{target} {why}")
        else:
            exercises.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            out(f"wrote {target}")
    for stale in sorted(exercises.glob("*.ipynb")):
        if stale.name not in expected:
            drifted.append(str(stale))
            out(f"{stale} has no solution in {solutions}/" + ("" if check else " (left alone; delete it by hand)"))
    if check and not drifted:
        out(f"{exercises}/ is up to date with {solutions}/ ({len(sources)} notebooks)")
    return drifted

"""Every lesson and solution has one text source, and it says what the stored notebook says.

``lessons/NN_slug.ipynb`` and ``solutions/NN_slug.ipynb`` are each paired with ``NN_slug.py`` beside them, in
Jupytext's ``py:percent`` format (``jupytext.toml``).  The pair must hold the same cells (type, source, tags),
and the text must be exactly what Jupytext writes from the notebook, so that syncing either way changes nothing.
``tools/sync_sources.py`` syncs a pair; CONTRIBUTING.md ("Text sources") says how to edit either side.
"""

import copy
import difflib
import pathlib

import jupytext
import nbformat
import pytest
from jupytext.config import load_jupytext_configuration_file
from jupytext.formats import long_form_multiple_formats
from jupytext.paired_paths import paired_paths

ROOT = pathlib.Path(__file__).resolve().parents[1]
CONFIG = load_jupytext_configuration_file(str(ROOT / "jupytext.toml"))
FOLDERS = ("lessons", "solutions")
NOTEBOOKS = sorted(p for folder in FOLDERS for p in (ROOT / folder).glob("[0-9][0-9]_*.ipynb"))
TEXT_SOURCES = sorted(p for folder in FOLDERS for p in (ROOT / folder).glob("*.py"))
FIX = "run `python tools/sync_sources.py notebook {py}` (you edited the .py) or `... text {nb}` (you edited the notebook)"


def cells(nb):
    return [(c.cell_type, c.source, list(c.get("metadata", {}).get("tags", []))) for c in nb.cells]


def first_difference(ipynb_cells, text_cells):
    """'' when the cells agree, else where and how they first differ."""
    for i, (a, b) in enumerate(zip(ipynb_cells, text_cells)):
        if a != b:
            diff = "\n".join(difflib.unified_diff(a[1].splitlines(), b[1].splitlines(), "notebook", "text source",
                                                  lineterm="", n=1))
            return f"cell {i}: notebook {a[0]} {a[2]}, text source {b[0]} {b[2]}\n{diff}"
    if len(ipynb_cells) != len(text_cells):
        return f"the notebook has {len(ipynb_cells)} cells, the text source {len(text_cells)}"
    return ""


def rel(path):
    return str(path.relative_to(ROOT))


def test_every_lesson_and_solution_is_there():
    names = {p.parent.name for p in NOTEBOOKS}
    assert names == set(FOLDERS) and len(NOTEBOOKS) >= 2 * 13, [rel(p) for p in NOTEBOOKS]


def test_every_notebook_has_a_text_source():
    missing = [rel(nb) for nb in NOTEBOOKS if not nb.with_suffix(".py").is_file()]
    assert missing == [], f"notebooks without a text source: {missing}; write one with " \
                          "`python tools/sync_sources.py text <notebook>`"


def test_every_text_source_has_a_notebook():
    orphans = [rel(py) for py in TEXT_SOURCES if not py.with_suffix(".ipynb").is_file()]
    assert orphans == [], f"text sources without a notebook: {orphans}; make it with " \
                          "`python tools/sync_sources.py notebook <source>`"


def test_jupytext_pairs_lessons_and_solutions_but_not_exercises():
    for folder in FOLDERS:
        path = str(ROOT / folder / "05_weight_gradients.ipynb")
        formats = long_form_multiple_formats(CONFIG.default_formats(path))
        assert [(p, f["extension"], f.get("format_name")) for p, f in paired_paths(path, "ipynb", formats)] == [
            (path, ".ipynb", None), (path[: -len(".ipynb")] + ".py", ".py", "percent")]
    # Generated notebooks have no source of their own: exercises/ (nnlib.grading build writes it from
    # solutions/) and the Chinese edition (tools/translate.py writes lessons/zh/, solutions/zh/).
    for generated in ("exercises", "lessons/zh", "solutions/zh", "exercises/zh"):
        assert CONFIG.default_formats(str(ROOT / generated / "05_weight_gradients.ipynb")) is None, \
            f"{generated}/ is generated: never pair it"
        assert sorted((ROOT / generated).glob("*.py")) == [], f"a text source in the generated {generated}/"
    # No Jupytext metadata in either side: the notebook keeps what tools/execute.py stores, the text only cells.
    assert CONFIG.notebook_metadata_filter == "-all" and CONFIG.cell_metadata_filter == "tags,-all"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=rel)
def test_the_pair_is_in_sync(notebook):
    py = notebook.with_suffix(".py")
    if not py.is_file():
        pytest.fail(f"{rel(notebook)} has no text source {rel(py)}")
    nb = nbformat.read(notebook, as_version=4)
    text = py.read_text(encoding="utf-8")
    difference = first_difference(cells(nb), cells(jupytext.reads(text, fmt="py:percent", config=CONFIG)))
    fix = FIX.format(py=rel(py), nb=rel(notebook))
    assert not difference, f"{rel(notebook)} and {rel(py)} differ at {difference}\n{fix}"
    assert text == jupytext.writes(nb, fmt="py:percent", config=CONFIG), \
        f"{rel(py)} holds the notebook's cells, but not as Jupytext writes them: run " \
        f"`python tools/sync_sources.py text {rel(notebook)}`"
    assert "jupytext" not in nb.metadata, f"{rel(notebook)}: Jupytext metadata in the notebook ({nb.metadata.jupytext})"
    assert not text.startswith("# ---"), f"{rel(py)}: a metadata header in the text source"


def test_a_difference_is_found():
    nb = nbformat.read(ROOT / "lessons" / "01_forward_pass.ipynb", as_version=4)
    text = jupytext.reads(jupytext.writes(nb, fmt="py:percent", config=CONFIG), fmt="py:percent", config=CONFIG)
    assert first_difference(cells(nb), cells(text)) == ""
    tagged = next(i for i, c in enumerate(nb.cells) if c.get("metadata", {}).get("tags"))
    edits = {
        "a source line": lambda n: setattr(n.cells[3], "source", n.cells[3].source + "\n# one more line"),
        "a tag": lambda n: n.cells[tagged].metadata.pop("tags"),
        "a cell type": lambda n: setattr(n.cells[0], "cell_type", "raw"),
        "a cell": lambda n: n.cells.pop(),
        "two cells swapped": lambda n: n.cells.insert(4, n.cells.pop(3)),
    }
    for what, edit in edits.items():
        changed = copy.deepcopy(nb)
        edit(changed)
        assert first_difference(cells(nb), cells(changed)), f"{what} changed, and the pair still looks in sync"

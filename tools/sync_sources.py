"""Keep each lesson's and solution's text source and its stored, executed notebook in sync.

Every ``lessons/NN_slug.ipynb`` and ``solutions/NN_slug.ipynb`` has a text source beside it,
``NN_slug.py`` in Jupytext's ``py:percent`` format (``jupytext.toml`` pairs them; exercises are
written from the solutions by ``python -m nnlib.grading build`` and are not paired)::

    python tools/sync_sources.py check [FILE ...]      # which pairs differ; exit 1 if any does
    python tools/sync_sources.py notebook [FILE ...]   # text source -> notebook, then store it executed
    python tools/sync_sources.py text [FILE ...]       # notebook -> text source

A FILE is either side of a pair (``lessons/05_weight_gradients.py`` or ``.ipynb``); without one,
every lesson and solution.

``notebook`` replaces the notebook's cells by the text source's (cell type, source and the
``tags``; a cell whose type, source and tags are unchanged keeps its outputs), then runs
``tools/execute.py`` on every notebook it changed, which stores it executed with lean metadata.
``--no-execute`` leaves the changed cells without outputs.  A new ``NN_slug.py`` without a
notebook gets one.  ``text`` writes the text source exactly as Jupytext writes it from the
notebook's cells.

Each direction refuses to overwrite a side that is newer than the one it reads from and differs
from it (someone edited the other side last); ``--force`` overrides.  ``tests/test_sources.py``
fails when a pair differs.
"""

import argparse
import difflib
import os
import pathlib
import subprocess
import sys

import jupytext
import nbformat
from jupytext.config import load_jupytext_configuration_file

ROOT = pathlib.Path(__file__).resolve().parent.parent
FOLDERS = ("lessons", "solutions")
FORMAT = "py:percent"
CONFIG = load_jupytext_configuration_file(str(ROOT / "jupytext.toml"))
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


class SyncError(Exception):
    """A pair that cannot be synced in the direction asked, with what to do."""


def pair(path):
    """(notebook, text source) for either side of a pair."""
    path = pathlib.Path(path).resolve()
    if path.suffix not in (".ipynb", ".py") or path.parent.name not in FOLDERS or path.parent.parent != ROOT:
        raise SyncError(f"{path}: not a lesson or solution (lessons/NN_slug.ipynb|.py, solutions/NN_slug.ipynb|.py)")
    return path.with_suffix(".ipynb"), path.with_suffix(".py")


def all_pairs():
    stems = set()
    for folder in FOLDERS:
        for p in (ROOT / folder).glob("[0-9][0-9]_*"):
            if p.suffix in (".ipynb", ".py"):
                stems.add(p.with_suffix(""))
    return [(s.with_suffix(".ipynb"), s.with_suffix(".py")) for s in sorted(stems)]


def cells(nb):
    """What the pair must agree on: each cell's type, source and tags."""
    return [(c.cell_type, c.source, list(c.get("metadata", {}).get("tags", []))) for c in nb.cells]


def read_text(py):
    return jupytext.read(py, fmt=FORMAT, config=CONFIG)


def text_of(nb):
    return jupytext.writes(nb, fmt=FORMAT, config=CONFIG)


def rel(path):
    return path.relative_to(ROOT)


def differences(ipynb, py):
    """A short description of how the pair differs, or '' when it is in sync."""
    if not ipynb.exists():
        return f"{rel(py)} has no notebook {rel(ipynb)}"
    if not py.exists():
        return f"{rel(ipynb)} has no text source {rel(py)}"
    nb, src = nbformat.read(ipynb, as_version=4), read_text(py)
    a, b = cells(nb), cells(src)
    if a != b:
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                diff = "\n".join(difflib.unified_diff(x[1].splitlines(), y[1].splitlines(), str(rel(ipynb)),
                                                      str(rel(py)), lineterm="", n=1))
                kind = f" ({x[0]} / {y[0]}, tags {x[2]} / {y[2]})" if x[0] != y[0] or x[2] != y[2] else ""
                return f"{rel(ipynb)} and {rel(py)} differ at cell {i}{kind}\n{diff}"
        return f"{rel(ipynb)} has {len(a)} cells, {rel(py)} has {len(b)}"
    if py.read_text(encoding="utf-8") != text_of(nb):
        return f"{rel(py)} has the notebook's cells but not as Jupytext writes them: run `text` on it"
    return ""


def newer_and_different(newer, older, ipynb, py):
    return newer.exists() and older.exists() and newer.stat().st_mtime > older.stat().st_mtime + 1 and \
        differences(ipynb, py)


def to_text(ipynb, py, force=False):
    """Write the text source from the notebook; return True when it changed."""
    if not ipynb.exists():
        raise SyncError(f"{rel(ipynb)} does not exist")
    if not force and newer_and_different(py, ipynb, ipynb, py):
        raise SyncError(f"{rel(py)} is newer than {rel(ipynb)} and differs: run `notebook` on it, or `text --force` "
                        "to discard the text source's changes")
    text = text_of(nbformat.read(ipynb, as_version=4))
    if py.exists() and py.read_text(encoding="utf-8") == text:
        return False
    py.write_text(text, encoding="utf-8")
    return True


def to_notebook(ipynb, py, force=False):
    """Update the notebook's cells from the text source; return True when they changed.

    A cell whose type, source and tags are unchanged keeps its outputs; any other cell has none
    until the notebook is executed."""
    if not py.exists():
        raise SyncError(f"{rel(py)} does not exist")
    if not force and newer_and_different(ipynb, py, ipynb, py):
        raise SyncError(f"{rel(ipynb)} is newer than {rel(py)} and differs: run `text` on it, or `notebook --force` "
                        "to discard the notebook's changes")
    src = read_text(py)
    if ipynb.exists():
        old = nbformat.read(ipynb, as_version=4)
    else:
        old = nbformat.v4.new_notebook(metadata={"kernelspec": KERNELSPEC, "language_info": {"name": "python"}})
    old_keys, new_keys = cells(old), cells(src)
    if old_keys == new_keys:
        return False
    kept = {}
    matcher = difflib.SequenceMatcher(a=[repr(k) for k in old_keys], b=[repr(k) for k in new_keys], autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            kept[block.b + k] = old.cells[block.a + k]
    new_cells = []
    for i, cell in enumerate(src.cells):
        if i in kept:
            new_cells.append(kept[i])
            continue
        tags = cell.get("metadata", {}).get("tags")
        make = {"code": nbformat.v4.new_code_cell, "markdown": nbformat.v4.new_markdown_cell,
                "raw": nbformat.v4.new_raw_cell}[cell.cell_type]
        fresh = make(cell.source)
        if tags:
            fresh.metadata["tags"] = list(tags)
        new_cells.append(fresh)
    for i, cell in enumerate(new_cells):
        cell.id = f"cell-{i:02d}"
    old.cells = new_cells
    nbformat.write(old, ipynb)
    return True


def execute(notebooks):
    """Store the notebooks executed (tools/execute.py), then mark their text sources as up to date."""
    subprocess.run([sys.executable, str(ROOT / "tools" / "execute.py"), *map(str, notebooks)], check=True)
    for ipynb in notebooks:
        os.utime(ipynb.with_suffix(".py"))  # Jupytext's convention: the text side is the newer one


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("direction", choices=["check", "notebook", "text"])
    parser.add_argument("files", nargs="*", type=pathlib.Path, help="either side of a pair; default: all")
    parser.add_argument("--no-execute", action="store_true", help="notebook: do not run tools/execute.py")
    parser.add_argument("--force", action="store_true", help="overwrite a side that is newer and differs")
    args = parser.parse_args(argv)
    try:
        pairs = [pair(f) for f in args.files] if args.files else all_pairs()
        if args.direction == "check":
            found = [d for d in (differences(*p) for p in pairs) if d]
            print("\n".join(found) if found else f"{len(pairs)} pair{'s' * (len(pairs) != 1)} in sync")
            return 1 if found else 0
        if args.direction == "text":
            for ipynb, py in pairs:
                if to_text(ipynb, py, args.force):
                    print(f"wrote {rel(py)}")
            return 0
        changed = [ipynb for ipynb, py in pairs if to_notebook(ipynb, py, args.force)]
        for ipynb in changed:
            print(f"updated {rel(ipynb)}")
        if changed and not args.no_execute:
            execute(changed)
        return 0
    except SyncError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

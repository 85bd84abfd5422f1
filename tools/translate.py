"""The Chinese edition: write each Chinese notebook from its English one and a file of translated prose.

    python tools/translate.py template lessons/05_weight_gradients.ipynb   # start or refresh a translation file
    python tools/translate.py build [FILE ...]                           # write lessons/zh/…, solutions/zh/…
    python tools/translate.py build --rerun solutions/*.ipynb            # … running check cells again
    python tools/translate.py check [FILE ...]                           # exit 1 if a translation is missing or stale
    python tools/translate.py check --summary                            # the same, one line per notebook

A translation file ``i18n/zh/<folder>/NN_slug.md`` holds one block per Markdown cell of the English
notebook, in order::

    <!-- en 3f2a9c1b7d04
    The English text, for the translator and the reviewer (ignored when building).
    -->
    中文译文……

The number is a hash of the English cell: when the English text changes, its translation is *stale*,
``check`` says which cell, and ``template`` keeps the old translation under the new English text
for the translator to revise (marked ``<!-- stale -->``).

``build`` copies the English notebook, code cells and their stored outputs included, and replaces
only the Markdown cells by their translations; so the two editions have the same code, token for
token, and the same outputs, and nothing is executed twice to make them.  A Chinese notebook sits in
the ``zh`` folder beside the English one (``lessons/zh/05_weight_gradients.ipynb``), so that code that
reads files relative to the notebook finds them, and ``check(...)`` knows to answer in Chinese.
Relative links in the Markdown (``../SOURCES.md``) are rewritten to work from the ``zh`` folder.

Two kinds of output are prose and differ between the editions: a cell that calls ``check(...)``
prints in the notebook's language.  ``build`` runs such a notebook once in a kernel in the ``zh``
folder and keeps, from that run, the outputs of those cells only; every other output is still the
English one.  The Chinese notebook records a digest of the English code and outputs
(``metadata.nnlib.english``): while it matches, a rebuild reuses the Chinese ``check`` outputs
instead of running the notebook again.  ``check`` also reports a Chinese notebook that is out of
date with its English one or its translation (run ``build``; ``make zh`` does both).
"""

import argparse
import copy
import hashlib
import json
import os
import pathlib
import re
import sys

import nbformat

ROOT = pathlib.Path(__file__).resolve().parent.parent
FOLDERS = ("lessons", "solutions")
BLOCK = re.compile(r"<!-- en ([0-9a-f]{12})\n(.*?)\n-->\n(.*?)(?=\n<!-- en [0-9a-f]{12}\n|\Z)", re.S)
STALE = "<!-- stale -->"
I18N = ROOT / "i18n" / "zh"
# A code cell whose output is written in the notebook's language: ``check(...)`` answers in Chinese in a zh folder.
LANGUAGE_DEPENDENT = re.compile(r"(?<![\w.])check\(")
# A Markdown link or image target, or an HTML src/href: group 2 is the target.
LINK = re.compile(r'(\]\(|(?:src|href)=")([^)"\s]+)')


def key(text):
    """The hash that ties a translation to the English text it translates."""
    return hashlib.sha1(text.strip().encode("utf-8")).hexdigest()[:12]


def translation_file(notebook):
    notebook = pathlib.Path(notebook).resolve()
    return I18N / notebook.parent.name / f"{notebook.stem}.md"


def zh_notebook(notebook):
    notebook = pathlib.Path(notebook).resolve()
    return notebook.parent / "zh" / notebook.name


def read_blocks(path):
    """``[(hash, english, chinese), …]`` in file order; an absent file has none."""
    if not path.is_file():
        return []
    return [(h, en, zh.strip()) for h, en, zh in BLOCK.findall(path.read_text(encoding="utf-8"))]


def markdown_cells(nb):
    return [c for c in nb.cells if c.cell_type == "markdown"]


def problems(notebook):
    """What keeps a notebook's translation from being complete: missing, stale or leftover blocks."""
    nb = nbformat.read(str(notebook), as_version=4)
    blocks = {h: zh for h, _, zh in read_blocks(translation_file(notebook))}
    out = []
    for i, cell in enumerate(markdown_cells(nb), 1):
        zh = blocks.get(key(cell.source))
        if zh is None:
            out.append(f"{notebook.name}: Markdown cell {i} has no translation (or its English text changed)")
        elif not zh or STALE in zh:
            out.append(f"{notebook.name}: Markdown cell {i} is not translated yet")
    if not up_to_date(notebook):
        out.append(f"{_shown(zh_notebook(notebook))} is out of date with {notebook.name} or its translation: "
                   "run `python tools/translate.py build` (or `make zh`)")
    return out


def _shown(path):
    path = pathlib.Path(path)
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def template(notebook):
    """Write the translation file: one block per English Markdown cell, keeping the translations that still fit."""
    nb = nbformat.read(str(notebook), as_version=4)
    old = read_blocks(translation_file(notebook))
    by_key = {h: zh for h, _, zh in old}
    parts = []
    for i, cell in enumerate(markdown_cells(nb)):
        zh = by_key.get(key(cell.source))
        if zh is None:          # the English text changed: keep the translation at the same place, marked stale
            zh = f"{STALE}\n{old[i][2]}" if i < len(old) and old[i][2] else ""
        parts.append(f"<!-- en {key(cell.source)}\n{cell.source.strip()}\n-->\n{zh}\n")
    out = translation_file(notebook)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(parts), encoding="utf-8")
    return out


def relink(markdown, english_dir, zh_dir):
    """Rewrite the relative link targets of ``markdown`` (written for ``english_dir``) to work from ``zh_dir``.

    A link to a notebook that has a Chinese twin (``03_output_delta.ipynb``) stays as it is, so it
    leads to the twin; any other relative target (``../SOURCES.md``) is pointed back at its file.
    """
    english_dir, zh_dir = pathlib.Path(english_dir), pathlib.Path(zh_dir)

    def fix(match):
        opening, target = match.groups()
        if re.match(r"[a-z][a-z0-9+.-]*:|#|/", target, re.I):          # a URL, an anchor, an absolute path
            return match.group(0)
        path, hash_, fragment = target.partition("#")
        if path.endswith(".ipynb") and "/" not in path and (english_dir / path).is_file():
            return match.group(0)
        new = os.path.relpath(os.path.normpath(english_dir / path), zh_dir).replace(os.sep, "/")
        return opening + new + hash_ + fragment

    return LINK.sub(fix, markdown)


def english_digest(nb):
    """A digest of the code cells and their outputs: what a Chinese notebook copies from its English one."""
    code = [(c.source, c.get("outputs", [])) for c in nb.cells if c.cell_type == "code"]
    return hashlib.sha1(json.dumps(code, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


def language_dependent(nb):
    """Indices of the code cells whose output is in the notebook's language (they call ``check(...)``)."""
    return [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and LANGUAGE_DEPENDENT.search(c.source)]


def translated(notebook):
    """The Chinese notebook as ``build`` writes it, before the outputs of ``check`` cells are made Chinese."""
    notebook = pathlib.Path(notebook).resolve()
    nb = nbformat.read(str(notebook), as_version=4)
    digest = english_digest(nb)
    blocks = {h: zh for h, _, zh in read_blocks(translation_file(notebook))}
    for cell in markdown_cells(nb):
        zh = blocks.get(key(cell.source))
        if zh and STALE not in zh:
            cell.source = zh
        cell.source = relink(cell.source, notebook.parent, zh_notebook(notebook).parent)
    nb.metadata["language_info"] = {**nb.metadata.get("language_info", {}), "name": "python"}
    nb.metadata["nnlib"] = {"language": "zh", "english": digest}
    return nb


def _previous(notebook, nb):
    """The current Chinese notebook if its check outputs still belong to ``nb`` (same English digest), else None."""
    path = zh_notebook(notebook)
    if not path.is_file():
        return None
    old = nbformat.read(str(path), as_version=4)
    same = old.metadata.get("nnlib", {}).get("english") == nb.metadata["nnlib"]["english"]
    if not same or len(old.cells) != len(nb.cells):
        return None
    return old


def _run_in_zh_folder(nb, folder, timeout=300):
    """Execute a copy of ``nb`` in a kernel whose working directory is ``folder``; return it stored lean."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import execute  # tools/execute.py: one BLAS thread, lean outputs
    finally:
        sys.path.remove(str(ROOT / "tools"))
    from nbclient import NotebookClient

    run = copy.deepcopy(nb)
    folder.mkdir(parents=True, exist_ok=True)
    NotebookClient(run, timeout=timeout, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(folder)}}).execute()
    return execute.lean(run)


def build(notebook, run=True, rerun=False):
    """Write the Chinese notebook from the English one and its translations; return its path.

    The outputs are the English ones, except in the cells that call ``check(...)``: those come from
    the previous Chinese notebook while the English code and outputs are unchanged, or else from one
    run of the notebook in the ``zh`` folder (``run=False`` keeps the English outputs there instead;
    ``rerun=True`` runs it even so, e.g. after the Chinese messages of ``check`` changed).
    """
    nb = translated(notebook)
    out = zh_notebook(notebook)
    cells = language_dependent(nb)
    if cells:
        source = None if rerun else _previous(notebook, nb)
        if source is None and (run or rerun):
            source = _run_in_zh_folder(nb, out.parent)
        if source is not None:
            for i in cells:
                nb.cells[i].outputs = source.cells[i].outputs
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(out))
    return out


def up_to_date(notebook):
    """Whether the stored Chinese notebook is what ``build`` would write now (its ``check`` outputs aside)."""
    path = zh_notebook(notebook)
    if not path.is_file():
        return False
    nb, stored = translated(notebook), nbformat.read(str(path), as_version=4)
    cells = set(language_dependent(nb))
    if nb.metadata != stored.metadata or len(nb.cells) != len(stored.cells):
        return False
    for i, (new, old) in enumerate(zip(nb.cells, stored.cells)):
        if (new.cell_type, new.source, new.get("id"), new.metadata) != (old.cell_type, old.source, old.get("id"), old.metadata):
            return False
        if new.cell_type == "code" and i not in cells and new.outputs != old.outputs:
            return False
    return True


def notebooks(files):
    if files:
        return [pathlib.Path(f).resolve() for f in files]
    return sorted(p for folder in FOLDERS for p in (ROOT / folder).glob("[0-9][0-9]_*.ipynb"))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("template", "build", "check"))
    parser.add_argument("files", nargs="*", help="English notebooks (default: every lesson and solution)")
    parser.add_argument("--no-run", action="store_true",
                        help="build: never run a notebook; check cells keep their English output if nothing newer")
    parser.add_argument("--rerun", action="store_true",
                        help="build: run the notebooks with check cells again (after check's Chinese messages changed)")
    parser.add_argument("--summary", action="store_true", help="check: one line per notebook instead of one per cell")
    args = parser.parse_intermixed_args(argv)
    found = []
    for notebook in notebooks(args.files):
        if args.command == "template":
            print(f"wrote {_shown(template(notebook))}")
        elif args.command == "build":
            print(f"wrote {_shown(build(notebook, run=not args.no_run, rerun=args.rerun))}")
        else:
            lines = problems(notebook)
            if args.summary and lines:
                total = len(markdown_cells(nbformat.read(str(notebook), as_version=4)))
                cells = sum("Markdown cell" in line for line in lines)
                stale = [line for line in lines if "out of date" in line]
                found.append(f"{notebook.parent.name}/{notebook.name}: {cells} of {total} Markdown cells untranslated"
                             + ("; the built notebook is out of date" if stale else ""))
            else:
                found += lines
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())

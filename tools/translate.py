"""The Chinese edition: write each Chinese notebook from its English one and a file of translated prose.

    python tools/translate.py template lessons/05_weight_gradients.ipynb   # start or refresh a translation file
    python tools/translate.py build [FILE ...]                           # write lessons/zh/…, solutions/zh/…
    python tools/translate.py check [FILE ...]                           # exit 1 if a translation is missing or stale

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
"""

import argparse
import hashlib
import pathlib
import re
import sys

import nbformat

ROOT = pathlib.Path(__file__).resolve().parent.parent
FOLDERS = ("lessons", "solutions")
BLOCK = re.compile(r"<!-- en ([0-9a-f]{12})\n(.*?)\n-->\n(.*?)(?=\n<!-- en [0-9a-f]{12}\n|\Z)", re.S)
STALE = "<!-- stale -->"


def key(text):
    """The hash that ties a translation to the English text it translates."""
    return hashlib.sha1(text.strip().encode("utf-8")).hexdigest()[:12]


def translation_file(notebook):
    notebook = pathlib.Path(notebook).resolve()
    return ROOT / "i18n" / "zh" / notebook.parent.name / f"{notebook.stem}.md"


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
    return out


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


def build(notebook):
    """Write the Chinese notebook from the English one and its translations; return its path."""
    nb = nbformat.read(str(notebook), as_version=4)
    blocks = {h: zh for h, _, zh in read_blocks(translation_file(notebook))}
    for cell in markdown_cells(nb):
        zh = blocks.get(key(cell.source))
        if zh and STALE not in zh:
            cell.source = zh
    nb.metadata["language_info"] = {**nb.metadata.get("language_info", {}), "name": "python"}
    nb.metadata["nnlib"] = {"language": "zh"}
    out = zh_notebook(notebook)
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(out))
    return out


def notebooks(files):
    if files:
        return [pathlib.Path(f).resolve() for f in files]
    return sorted(p for folder in FOLDERS for p in (ROOT / folder).glob("[0-9][0-9]_*.ipynb"))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("template", "build", "check"))
    parser.add_argument("files", nargs="*", help="English notebooks (default: every lesson and solution)")
    args = parser.parse_args(argv)
    found = []
    for notebook in notebooks(args.files):
        if args.command == "template":
            print(f"wrote {template(notebook).relative_to(ROOT)}")
        elif args.command == "build":
            print(f"wrote {build(notebook).relative_to(ROOT)}")
        else:
            found += problems(notebook)
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())

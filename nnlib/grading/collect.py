"""Collecting a class: which file is whose, reading each notebook robustly, and recognising the wrong exercise.

**Which files are found.** Every file given on the command line, and every file under a folder given
there (recursively), except hidden files and folders (``.ipynb_checkpoints``, ``.DS_Store``) and
``__MACOSX``.  Notebooks are recognised by their extension, in any case (``EX05.IPYNB``); a file that
is not a notebook still gets a row, whose note says what it is (a PDF, a Python script, an HTML
export, …).

**Which student a file belongs to** (with ``--roster``): a file inside a folder belongs to the student
named by its top folder (``alice/ex05.ipynb``, ``alice/v2/ex05.ipynb``); a file at the top belongs to
the student named by its file name up to the first ``__`` (``alice__ex05.ipynb``), or by its whole
stem (``alice.ipynb``).  That name matches a roster row when it equals its id or its e-mail address
(or the e-mail's part before ``@``), ignoring case; failing that, when exactly one roster id is one of
its words (split at ``_``, ``-``, ``.`` and spaces: an LMS export such as ``Alice Smith_12345_ex05``
matches the id ``12345``).  Files that match nobody are listed, not graded.

**Several files from one student**: one is graded, picked by this rule, and the note names the others:

1. notebooks before other files;
2. a file whose name names the assignment (its ``NN_slug``, or its number ``NN`` as a word:
   ``ex05.ipynb``, ``05.ipynb``, ``hw-05.ipynb``) before one that does not;
3. the most recently modified;
4. the first by path.

**Reading a notebook** (:func:`load`) never costs marks for how it was saved: a UTF-8 byte-order mark
is dropped; bytes that are not UTF-8 (a comment typed in GBK, say) are read line by line as GB18030,
Big5, Shift-JIS or Windows-1252 (the first that fits), and a line none of them fits has those bytes
replaced by ``�``; the note names each such cell and line.  Stored outputs and attachments are dropped
*before* anything runs and before the size limit applies, so a notebook with a 27 MB plot output is
graded like the same notebook cleared.
"""

import csv
import json
import os
import pathlib
import re
from dataclasses import dataclass, field

__all__ = ["Submission", "Loaded", "load", "read_notebook", "what_is", "read_roster", "collect_submissions",
           "collect", "looks_like", "MAX_NOTEBOOK_BYTES", "MAX_FILE_BYTES"]

MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024          # the notebook without its outputs
MAX_FILE_BYTES = 512 * 1024 * 1024             # what is read at all (outputs included)
FALLBACK_ENCODINGS = (("gb18030", "GB18030 (Chinese)"), ("big5", "Big5 (Chinese)"),
                      ("shift_jis", "Shift-JIS (Japanese)"), ("cp1252", "Windows-1252"))
SKIPPED_NAMES = {"__MACOSX", "Thumbs.db", "desktop.ini"}


@dataclass
class Loaded:
    """A submission file as read: the notebook (outputs dropped) or why there is none, and notes on decoding."""

    nb: object = None
    problem: str = ""
    notes: list = field(default_factory=list)


@dataclass
class Submission:
    """One row of the grade table: a student (with a roster) or a file (without), and the file graded."""

    name: str                                    # the row's name, safe as a file name
    path: pathlib.Path = None                    # the file graded; None: nothing handed in
    student: dict = field(default_factory=dict)  # the roster row (id, name, email), or {}
    others: list = field(default_factory=list)   # the student's other files, not graded
    notes: list = field(default_factory=list)


# ----------------------------------------------------------------- reading one file
def what_is(path, head=None):
    """A short description of a file that is not a notebook, from its first bytes and its extension."""
    path = pathlib.Path(path)
    if head is None:
        try:
            with open(path, "rb") as f:
                head = f.read(2048)
        except OSError as err:
            return f"a file that cannot be read ({err.strerror})"
    ext = path.suffix.lower()
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not head:
        return "an empty file"
    if head.startswith(b"%PDF"):
        return "a PDF document"
    if head.startswith(b"PK\x03\x04"):
        return {".docx": "a Word document", ".xlsx": "an Excel workbook", ".pptx": "a PowerPoint file"}.get(
            ext, "a ZIP archive")
    if head.startswith(b"\x89PNG") or head.startswith(b"\xff\xd8\xff") or head.startswith(b"GIF8"):
        return "an image"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "an old Microsoft Office document"
    if start.startswith(b"<!doctype html") or start.startswith(b"<html"):
        return "an HTML page (a notebook exported as HTML?)"
    if ext == ".py" or start.startswith(b"#!") or b"\ndef " in head or head.startswith(b"def ") or \
            head.startswith(b"import "):
        return "a Python script"
    if ext in (".md", ".txt", ".rst"):
        return "a text file"
    if start.startswith(b"{"):
        return "a JSON file"
    if b"\x00" in head:
        return "a binary file"
    return "a text file"


def _is_notebook_name(path):
    return pathlib.Path(path).suffix.lower() == ".ipynb"


def _fix_text(text, where, notes):
    """``text`` (decoded with surrogateescape) with each line's undecodable bytes decoded another way."""
    if not any("\udc80" <= ch <= "\udcff" for ch in text):
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if not any("\udc80" <= ch <= "\udcff" for ch in line):
            continue
        raw = line.encode("utf-8", "surrogateescape")
        for codec, label in FALLBACK_ENCODINGS:
            try:
                lines[i] = raw.decode(codec)
                notes.append((where, i + 1, label))
                break
            except UnicodeDecodeError:
                continue
        else:
            lines[i] = raw.decode("utf-8", "replace")
            notes.append((where, i + 1, None))
    return "\n".join(lines)


def _clean_cells(cells, notes, dropped):
    if not isinstance(cells, list):
        return
    for number, cell in enumerate(cells, 1):
        if not isinstance(cell, dict):
            continue
        for key in ("outputs", "attachments"):
            if key in cell:
                dropped[0] += len(json.dumps(cell[key], ensure_ascii=False))
                cell[key] = [] if key == "outputs" else {}
        if cell.get("cell_type") == "code":
            cell["execution_count"] = None
        source = cell.get("source", cell.get("input"))
        key = "source" if "source" in cell else "input"
        if isinstance(source, list):
            source = "".join(s for s in source if isinstance(s, str))
        if isinstance(source, str):
            cell[key] = _fix_text(source, number, notes)


def _decoding_notes(found):
    """``cell 3 (lines 2, 5): bytes that are not UTF-8, read as GB18030 (Chinese)``, one phrase per cell and codec."""
    by = {}
    for cell, line, label in found:
        by.setdefault((cell, label), []).append(line)
    out = []
    for (cell, label), lines in by.items():
        where = f"cell {cell} (line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines[:8]))}" + \
                (", …)" if len(lines) > 8 else ")")
        if label:
            out.append(f"{where}: bytes that are not UTF-8, read as {label}")
        else:
            out.append(f"{where}: bytes that are not UTF-8 and fit no known encoding could not be decoded; "
                       "they were replaced by �")
    return out


def load(path):
    """Read a submission file: a :class:`Loaded` with the notebook (outputs dropped), or the reason there is none."""
    import nbformat

    path = pathlib.Path(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            return Loaded(problem="not a regular file")
    except OSError as err:
        return Loaded(problem=f"cannot read the file ({err.strerror})")
    if size == 0:
        return Loaded(problem="the file is empty")
    if size > MAX_FILE_BYTES:
        return Loaded(problem=f"the file is larger than {MAX_FILE_BYTES // 2**20} MB")
    try:
        raw = path.read_bytes()
    except OSError as err:
        return Loaded(problem=f"cannot read the file ({err.strerror})")
    text = raw.decode("utf-8", "surrogateescape").removeprefix("\ufeff")
    notes = []
    if raw.startswith(b"\xef\xbb\xbf"):
        notes.append("the file starts with a UTF-8 byte-order mark (ignored)")
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError) as err:
        kind = what_is(path, raw[:2048])
        if _is_notebook_name(path) and kind in ("a text file", "a JSON file"):
            first = str(err).strip().splitlines()[0][:200] if str(err).strip() else type(err).__name__
            return Loaded(problem=f"the file is not a valid notebook (not JSON: {first})")
        return Loaded(problem=f"not a notebook: {kind}")
    if not isinstance(doc, dict) or not ("cells" in doc or "worksheets" in doc):
        return Loaded(problem="not a notebook: JSON without cells")
    found, dropped = [], [0]
    _clean_cells(doc.get("cells"), found, dropped)
    for sheet in doc.get("worksheets", []) if isinstance(doc.get("worksheets"), list) else []:
        if isinstance(sheet, dict):
            _clean_cells(sheet.get("cells"), found, dropped)
    notes += _decoding_notes(found)
    if dropped[0] > 1024 * 1024:
        notes.append(f"the stored outputs ({dropped[0] / 2**20:.0f} MB) were dropped before running")
    try:
        stripped = json.dumps(doc, ensure_ascii=False)
    except (ValueError, RecursionError):
        return Loaded(problem="the file is not a valid notebook (its JSON cannot be re-encoded)")
    # bytes left undecoded outside cell sources (metadata, names) become U+FFFD
    try:
        stripped = stripped.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:             # a lone surrogate written as a JSON escape
        stripped = stripped.encode("utf-8", "replace").decode("utf-8")
    if len(stripped.encode("utf-8")) > MAX_NOTEBOOK_BYTES:
        return Loaded(problem=f"the notebook is larger than {MAX_NOTEBOOK_BYTES // 2**20} MB without its outputs")
    try:
        nb = nbformat.reads(stripped, as_version=4)
    except Exception as err:  # nbformat raises many kinds of errors for bad input
        first = str(err).strip().splitlines()[0][:200] if str(err).strip() else type(err).__name__
        return Loaded(problem=f"the file is not a valid notebook ({first})")
    cells = nb.get("cells")
    if not isinstance(cells, list) or not all(isinstance(c, dict) and isinstance(c.get("source", ""), str)
                                               for c in cells):
        return Loaded(problem="the notebook has no readable list of cells")
    return Loaded(nb=nb, notes=notes)


def read_notebook(path):
    """Return ``(nb, None)`` or ``(None, reason)`` for a file that is not a usable notebook (see :func:`load`)."""
    loaded = load(path)
    return loaded.nb, (loaded.problem or None)


# ----------------------------------------------------------------- which exercise a notebook is
def _names_in(nb):
    """The graded names a notebook shows: its question headings, and the functions and classes its code defines."""
    import ast

    from .spec import parse_points

    headings = [name for name, _ in parse_points(nb)]
    defined = set()
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        source = "\n".join(line for line in cell.get("source", "").splitlines() if not line.lstrip().startswith(("%", "!")))
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            defined |= set(re.findall(r"^\s*(?:def|class)\s+([A-Za-z_]\w*)", source, re.M))
            continue
        defined |= {n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)}
    return headings, defined


def looks_like(nb, assignment_name):
    """The name of the exercise ``nb`` looks like, when that is not ``assignment_name``; else None.

    A notebook looks like exercise A when its question headings are exactly A's, or, without them,
    when the graded names it shows (headings and defined functions) overlap A's questions more than
    the assignment's (Jaccard index), and cover at least half of A's.
    """
    from .assignments import ASSIGNMENTS

    headings, defined = _names_in(nb)
    for name, a in ASSIGNMENTS.items():
        if headings and headings == [q for q, _ in a.questions]:
            return None if name == assignment_name else name
    shown = set(headings) | defined

    def score(a):
        names = {q for q, _ in a.questions}
        return len(shown & names) / len(shown | names) if shown | names else 0.0

    mine = score(ASSIGNMENTS[assignment_name])
    best = max(ASSIGNMENTS, key=lambda n: (score(ASSIGNMENTS[n]), n == assignment_name))
    names = {q for q, _ in ASSIGNMENTS[best].questions}
    if best != assignment_name and score(ASSIGNMENTS[best]) > mine and len(shown & names) * 2 >= len(names):
        return best
    return None


# ----------------------------------------------------------------- finding the files
def _safe(name):
    return re.sub(r"[^A-Za-z0-9._@-]+", "_", name).strip("._") or "submission"


def _files(paths):
    """``[(relative path, path), …]`` of every file to consider, in path order."""
    found = []
    for p in map(pathlib.Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p)
                if any(part.startswith(".") or part in SKIPPED_NAMES for part in rel.parts):
                    continue
                if f.is_file():
                    found.append((rel, f))
        elif p.exists():
            found.append((pathlib.Path(p.name), p))
    return found


def collect_submissions(paths):
    """``[(name, path), …]``: one per file (notebooks found in any case, other files too), names unique."""
    used, out = set(), []
    for rel, path in _files(paths):
        stem = rel.with_suffix("") if _is_notebook_name(rel) else rel
        base = _safe(str(stem).replace(os.sep, "__"))
        unique, k = base, 2
        while unique in used:
            unique, k = f"{base}-{k}", k + 1
        used.add(unique)
        out.append((unique, path))
    return out


def read_roster(path):
    """The students of a roster CSV: ``[{"id": …, "name": …, "email": …}, …]`` in its order.

    The id column is the first whose header is one of ``id``, ``student_id``, ``sid``, ``student``,
    ``username``, ``login`` (any case); ``name`` and ``email`` are optional.  Blank ids are skipped;
    a repeated id is an error.
    """
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        headers = {h.strip().lower(): h for h in reader.fieldnames or [] if h}
        id_col = next((headers[h] for h in ("id", "student_id", "student id", "sid", "student", "username", "login")
                       if h in headers), None)
        if id_col is None:
            raise ValueError(f"the roster {path} has no id column (its columns: {', '.join(headers.values())}); "
                             "name one of them 'id'")
        name_col = next((headers[h] for h in ("name", "full name", "full_name") if h in headers), None)
        email_col = next((headers[h] for h in ("email", "e-mail", "mail") if h in headers), None)
        students, seen = [], set()
        for row in reader:
            sid = (row.get(id_col) or "").strip()
            if not sid:
                continue
            if sid.lower() in seen:
                raise ValueError(f"the roster {path} lists the id {sid!r} twice")
            seen.add(sid.lower())
            students.append({"id": sid, "name": (row.get(name_col) or "").strip() if name_col else "",
                             "email": (row.get(email_col) or "").strip() if email_col else ""})
    if not students:
        raise ValueError(f"the roster {path} lists no students")
    return students


def _owner_key(rel):
    if len(rel.parts) > 1:
        return rel.parts[0]
    stem = rel.name.split(".")[0] if not _is_notebook_name(rel) else rel.stem
    return stem.split("__")[0] if "__" in stem else stem


def _match(key, students):
    key_l = key.strip().lower()
    for s in students:
        email = s["email"].lower()
        if key_l in (s["id"].lower(), email) or (email and key_l == email.split("@")[0]):
            return s
    words = set(w for w in re.split(r"[_\-. ]+", key_l) if w)
    hits = [s for s in students if s["id"].lower() in words]
    return hits[0] if len(hits) == 1 else None


def names_assignment(path, assignment_name):
    """Whether a file's name names the assignment (``05_weight_gradients``, or ``05`` as a word)."""
    stem = pathlib.Path(path).name.lower()
    number = assignment_name.split("_", 1)[0]
    return assignment_name.lower() in stem or re.search(rf"(?<![0-9]){number}(?![0-9])", stem) is not None


def pick(files, assignment_name):
    """The file graded among one student's ``files``, by the rule in this module's docstring."""
    def key(item):
        rel, path = item
        try:
            mtime = path.stat().st_mtime
        except OSError:
            mtime = 0.0
        return (not _is_notebook_name(path), not names_assignment(rel, assignment_name), -mtime, str(rel))

    return sorted(files, key=key)


def collect(paths, assignment_name, roster=None):
    """The rows to grade, and the files that match no student on the roster.

    Without a roster, one :class:`Submission` per file; with one, one per student, in the roster's
    order, with ``path=None`` for a student who handed nothing in.
    """
    files = _files(paths)
    if roster is None:
        by_path = dict((str(p), p) for _, p in files)
        return [Submission(name, by_path.get(str(p), p)) for name, p in collect_submissions(paths)], []
    owned, unmatched = {}, []
    for rel, path in files:
        s = _match(_owner_key(rel), roster)
        if s is None:
            unmatched.append(path)
        else:
            owned.setdefault(s["id"], []).append((rel, path))
    rows, used = [], set()
    for s in roster:
        name = _safe(s["id"])
        unique, k = name, 2
        while unique.lower() in used:
            unique, k = f"{name}-{k}", k + 1
        used.add(unique.lower())
        mine = pick(owned.get(s["id"], []), assignment_name)
        if not mine:
            rows.append(Submission(unique, None, s))
            continue
        (_, chosen), others = mine[0], [str(rel) for rel, _ in mine[1:]]
        sub = Submission(unique, chosen, s, others)
        if others:
            sub.notes.append(f"{len(mine)} files handed in; graded {mine[0][0]} (notebooks first, then one named "
                             f"for the assignment, then the newest); not graded: {', '.join(others)}")
        rows.append(sub)
    return rows, unmatched

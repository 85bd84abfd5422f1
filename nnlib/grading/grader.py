"""Grade a class: every submission in its own sandboxed kernel, hidden tests compared in this process.

    python -m nnlib.grading grade 05_weight_gradients submissions/ --out grades/ --jobs 2 --seed 1234

Nothing that runs in a student's kernel is trusted.  For each submission the grader

1. reads the notebook (:mod:`.collect`: outputs dropped, any encoding; an
   unreadable one gets the status ``invalid-notebook``, a student on the
   roster who handed nothing in ``missing``);
2. copies it into a fresh scratch folder and starts a kernel in a bubblewrap
   sandbox (:mod:`.sandbox`): read-only Python and venv, an nnlib whose
   withheld functions (the exercise's answers) are emptied, no network, its own
   PID namespace, and a memory cap, a process cap and a wall-clock budget for
   the whole submission;
3. runs every code cell in order with a per-cell time limit (errors do not stop
   the run; a cell that hangs is interrupted; a kernel that dies is restarted
   once or twice and the cells that worked are replayed, without the fatal one);
4. draws this student's hidden inputs from the instructor's ``--seed`` and the
   submission's name (the seed never enters the sandbox, and a leaked input
   helps no classmate), and for each question has the in-kernel agent
   (:mod:`.agent`) call the student's function and write plain results
   (arrays, never pickles);
5. compares those results here with nnlib's reference, gives partial credit per
   test case, names recognised mistakes, and kills everything the submission
   started.

Each submission's row, feedback and ``results.json`` are written (atomically)
as soon as it is graded, so an interrupted run keeps what it finished, and the
same command run again resumes: a submission whose notebook, assignment, seed
and limits are unchanged is not graded again.

The outputs are ``grades.csv`` (a row per submission, or per student with a
roster: a column per question, ``total``, ``max``, ``status``, ``notes``),
``feedback/<name>.txt``, ``results/<name>/results.json`` in Gradescope's format,
and the class statistics ``summary.md`` and ``summary.csv`` (:mod:`.summary`).
Statuses, from the most to the least serious: ``missing``, ``invalid-notebook``, ``kernel-died``,
``memory-limit``, ``timeout``, ``error``, ``ok`` (see :data:`STATUSES`).
"""

import concurrent.futures
import contextlib
import csv
import hashlib
import io
import json
import os
import pathlib
import signal
import sys
import tempfile
import threading
import time
import zipfile
import zlib
from dataclasses import dataclass, field

import numpy as np

from .assignments import QUESTIONS
from .collect import MAX_NOTEBOOK_BYTES, collect_submissions, read_notebook  # noqa: F401 (re-exported)
from .compare import relation
from .i18n import notebook_language, t, tr, translate_raised, using
from .serialize import Opaque, Raised, decode
from .spec import get_assignment, parse_points

__all__ = ["Options", "STATUSES", "prepare", "grade", "grade_submission", "grade_namespace", "find_assignment",
           "collect_submissions", "feedback_text", "gradescope_json", "hidden_items"]

# The statuses, most serious first: a submission gets the first one that applies.
STATUSES = {
    "missing": "nothing was handed in (a student on the roster without a file, or an empty upload)",
    "invalid-notebook": "the file is not a readable notebook (empty, not JSON, not nbformat 4, or another kind of "
                        "file, which the note names); nothing was run",
    "kernel-died": "the kernel process ended (exit(), os._exit, a crash or a kill); the grader restarted it "
                   "without the fatal cell and tested what it could",
    "memory-limit": "the code ran out of the memory cap for the submission (MemoryError, or a process killed by it)",
    "timeout": "a cell or a graded function ran past the per-cell limit (it was interrupted), "
               "or the whole submission ran past the total limit",
    "error": "a cell raised an error, or a graded name is missing; everything that could be tested was",
    "ok": "the notebook ran to the end without errors and every graded answer was tested",
}
SEVERITY = list(STATUSES)
MAX_RESULT_BYTES = 200 * 1024 * 1024
ROOT = pathlib.Path(__file__).resolve().parents[2]


@dataclass
class Options:
    """Grading limits.  Times are in seconds; ``memory_mb`` and ``max_pids`` cap a whole submission.

    ``sandbox=False`` (``--no-sandbox``) is for trusted work on a machine without bubblewrap.
    ``user`` (``--user``, with ``sandbox=False``): run each kernel as this unprivileged user, e.g.
    where bubblewrap cannot create namespaces (the Gradescope bundle does this).
    """

    seed: int = 0
    timeout: float = 60.0
    total_timeout: float = 180.0
    memory_mb: int = 2048
    max_pids: int = 256
    jobs: int = 1
    max_restarts: int = 2
    startup_timeout: float = 60.0
    sandbox: bool = True
    user: str = None
    language: str = None            # "zh" or "en" for every submission; None: each notebook's own language

    def fingerprint(self):
        return f"{self.seed}|{self.timeout}|{self.total_timeout}|{self.memory_mb}|{self.max_pids}|{self.sandbox}"


@dataclass
class Item:
    """One graded question of the assignment, with its hidden cases and what to compare against."""

    question: object
    points: float
    cases: list
    expected: list
    variants: dict


@dataclass
class Prepared:
    """An assignment ready to grade: its questions with points, the instructor's seed, and the withheld nnlib."""

    assignment: object
    questions: list                 # [(Question, points), …] in the notebook's order
    seed: int
    source: bytes = b""             # the assignment notebook, for the resume fingerprint
    nnlib_dir: object = None        # the withheld nnlib graded kernels import (made by grade())

    @property
    def max_score(self):
        return sum(p for _, p in self.questions)

    def items(self, student):
        """This student's hidden cases, their expected results and the classic mistakes' results."""
        return hidden_items(self, student)


@dataclass
class QuestionResult:
    name: str
    points: float
    score: float = 0.0
    lines: list = field(default_factory=list)
    uses: list = field(default_factory=list)        # other graded answers this one calls
    variant: str = ""               # the classic mistake diagnosed, by name ("" for none)
    missing: bool = False           # no function or class of that name was found


@dataclass
class Result:
    name: str
    status: str = "ok"
    notes: list = field(default_factory=list)
    questions: list = field(default_factory=list)
    seconds: float = 0.0            # wall-clock time spent grading it
    kernel_seconds: float = 0.0     # of which starting kernels (the first start and any restarts)
    student: dict = field(default_factory=dict)   # its roster row, with a roster
    file: str = ""                  # the file graded
    language: str = "en"            # the language of its feedback: the notebook's (or --language)

    @property
    def total(self):
        return round(sum(q.score for q in self.questions), 2)


# ----------------------------------------------------------------- assignment
def find_assignment(spec):
    """The exercise notebook for ``spec``: a path, or ``NN_slug`` / ``NN`` looked up in ``exercises/``."""
    path = pathlib.Path(spec)
    if path.suffix == ".ipynb" and path.is_file():
        return path
    name = get_assignment(path.stem if path.suffix == ".ipynb" else str(spec)).name
    for base in (pathlib.Path.cwd(), ROOT):
        candidate = base / "exercises" / f"{name}.ipynb"
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"no exercises/{name}.ipynb here or in {ROOT}; pass the notebook's path")


def prepare(assignment_path, seed):
    """Read the assignment notebook's questions and points, and draw the hidden cases from ``seed``."""
    import nbformat

    path = pathlib.Path(assignment_path)
    assignment = get_assignment(path.stem)
    nb = nbformat.read(str(path), as_version=4)
    points = parse_points(nb)
    names = [n for n, _ in points]
    expected_names = [n for n, _ in assignment.questions]
    if names != expected_names:
        raise ValueError(f"{path} grades {names}, but the grading spec of {assignment.name} lists {expected_names}; "
                         "rebuild the exercises (python -m nnlib.grading build)")
    if points != list(assignment.questions):
        print(f"note: {path} states the points {points}; the grading spec says {list(assignment.questions)}. "
              "The notebook's points are used.", file=sys.stderr)
    return Prepared(assignment, [(QUESTIONS[name], pts) for name, pts in points], int(seed), path.read_bytes())


def hidden_items(prepared, student):
    """The hidden test cases of one student, drawn from the instructor's seed and the student's name."""
    items = []
    for q, pts in prepared.questions:
        rng = np.random.default_rng([prepared.seed, zlib.crc32(prepared.assignment.name.encode()),
                                     zlib.crc32(q.name.encode()), zlib.crc32(student.encode())])
        cases = q.hidden_cases(rng)
        expected = [q.reference(c) for c in cases]
        items.append(Item(q, pts, cases, expected, q.variant_results(cases)))
    return items


# ----------------------------------------------------------------- running one submission
def _signal_name(code):
    """``signal SIGKILL`` for a process killed by a signal (bwrap reports it as 128 + the signal's number)."""
    if code is not None and (code < 0 or code > 128):
        number = -code if code < 0 else code - 128
        try:
            return t("signal {signal}", signal=signal.Signals(number).name)
        except ValueError:
            return t("signal {signal}", signal=number)
    return t("exit code {code}", code=code)


class _Run:
    """Execute a submission's steps in a kernel, restarting it after a death and replaying the good cells."""

    def __init__(self, sandbox, options, result):
        self.sandbox, self.options, self.result = sandbox, options, result
        self.kernel = None
        self.restarts = 0
        self.deadline = time.monotonic() + options.total_timeout
        self.replay = []                      # sources of cells that ran (ok or error), in order
        self.events = set()                   # statuses seen: error, timeout, memory-limit, kernel-died
        self.stopped = None                   # why the run stopped early
        self.started = False
        self.last_label, self.last_was_cell = "", False
        self.ooms = 0

    def _start(self):
        from .kernel import Kernel, KernelStartError

        started = time.monotonic()
        try:
            self.kernel = Kernel(self.sandbox, startup_timeout=self.options.startup_timeout)
        except KernelStartError as err:
            self.kernel = None
            self.events.add("kernel-died")
            self.stopped = t("the kernel could not start: {error}", error=err)
            return False
        finally:
            self.result.kernel_seconds += time.monotonic() - started
        return True

    def _ensure_kernel(self, label):
        if self.kernel is not None and self.kernel.alive:
            return True
        if self.kernel is not None:          # it exited after the last step returned (e.g. exit() in a cell)
            code = self.kernel.proc.returncode
            self.kernel.kill()
            self.kernel = None
            self.events.add("kernel-died")
            self.result.notes.append(t("the kernel exited after {label} ({signal})", label=self.last_label,
                                       signal=_signal_name(code)))
            if self.last_was_cell and self.replay:
                self.replay.pop()
        if self.started:
            if self.restarts >= self.options.max_restarts:
                self.stopped = t("not run from {label} on: the kernel died {n} times", label=label, n=self.restarts + 1)
                return False
            self.restarts += 1
        self.started = True
        if not self._start():
            return False
        for source in list(self.replay):
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                self.stopped = t("the total time limit was reached while restarting the kernel")
                self.events.add("timeout")
                return False
            outcome = self.kernel.run(source, min(self.options.timeout, remaining))
            if outcome.status in ("died", "timeout"):
                self.stopped = t("not run from {label} on: replaying the earlier cells after a restart failed", label=label)
                self.kernel.kill()
                self.kernel = None
                return False
        return True

    def step(self, code, label, is_cell):
        """Run one cell (or harness call); return the Outcome, or None if it could not run."""
        if self.stopped:
            return None
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            self.stopped = t("not run from {label} on: the total time limit of {limit:g} s was reached", label=label,
                             limit=self.options.total_timeout)
            self.events.add("timeout")
            return None
        if not self._ensure_kernel(label):
            return None
        limit = min(self.options.timeout, self.deadline - time.monotonic())
        outcome = self.kernel.run(code, limit)
        self.last_label, self.last_was_cell = label, is_cell
        outcome.evalue = " ".join(outcome.evalue.split())
        notes = self.result.notes
        oom = self.sandbox.oom_kills() > self.ooms          # the cgroup's cap killed a process of this submission
        if oom:
            self.ooms = self.sandbox.oom_kills()
            self.events.add("memory-limit")
            if outcome.status != "died":
                notes.append(t("in {label}, a process was killed: the submission used more than its memory cap of "
                               "{mb} MB (all its processes together)", label=label, mb=self.options.memory_mb))
        if outcome.status == "error" and is_cell and outcome.ename == "NotImplementedError":
            # The exercise's own stub: work not done yet, which costs the marks it costs and is no error.
            notes.append(t("{label} is not done yet (it raises NotImplementedError)", label=label))
        elif outcome.status == "error":
            if "MemoryError" in outcome.ename:
                self.events.add("memory-limit")
                notes.append(t("{label} ran out of memory (MemoryError; the cap is {mb} MB)", label=label,
                               mb=self.options.memory_mb))
            else:
                self.events.add("error")
                if is_cell:
                    text = t("{label} raised {ename}: {evalue}", label=label, ename=outcome.ename,
                             evalue=translate_raised(outcome.evalue)) \
                        if outcome.evalue else t("{label} raised {ename}", label=label, ename=outcome.ename)
                    notes.append(text[:300])
                else:
                    notes.append(t("the grader could not test {label} ({ename})", label=label, ename=outcome.ename))
        elif outcome.status == "timeout":
            self.events.add("timeout")
            how = t("interrupted") if not outcome.killed else t("the kernel did not respond and was restarted")
            if limit < self.options.timeout:
                notes.append(t("{label} was stopped by the total time limit of {limit:g} s ({how})", label=label,
                               limit=self.options.total_timeout, how=how))
            else:
                notes.append(t("{label} ran longer than {limit:g} s ({how})", label=label, limit=self.options.timeout,
                               how=how))
        elif outcome.status == "died" and oom:
            notes.append(t("the kernel was killed in {label}: the submission used more than its memory cap of "
                           "{mb} MB (all its processes together)", label=label, mb=self.options.memory_mb))
        elif outcome.status == "died":
            self.events.add("kernel-died")
            if outcome.extra.get("exit"):
                notes.append(t("{label} called exit() or quit(), which ends the kernel", label=label))
            else:
                code_ = self.kernel.proc.poll() if self.kernel is not None else None
                notes.append(t("the kernel died in {label} ({signal})", label=label, signal=_signal_name(code_)))
        if is_cell and outcome.status in ("ok", "error") and "MemoryError" not in outcome.ename:
            self.replay.append(code)
        # A kernel that died or hung is replaced.  So is one that hit MemoryError: whatever ate the
        # memory may still be held by its globals, and the next cell or harness call would fail (or
        # kill the kernel) for a reason that is not its own.  The replay leaves that cell out.
        if outcome.status == "died" or outcome.killed or "MemoryError" in outcome.ename:
            if self.kernel is not None:
                self.kernel.kill()
            self.kernel = None
        return outcome

    def close(self):
        if self.kernel is not None:
            self.kernel.kill()
            self.kernel = None


def _agent_code(spec_path):
    return ("import nnlib.grading.agent as _nnlib_grading_agent\n"
            f"_nnlib_grading_agent.run(globals(), {str(spec_path)!r})\n"
            "del _nnlib_grading_agent\n")


def _planted(path):
    """A result file (or its folder) that the kernel replaced by a link: never followed."""
    return path.is_symlink() or path.parent.is_symlink()


def _read_json(path, limit=5 * 1024 * 1024):
    try:
        if _planted(path) or not path.is_file() or path.stat().st_size > limit:
            return None
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError, RecursionError):
        return None


def _read_arrays(path):
    try:
        if _planted(path) or not path.is_file() or path.stat().st_size > MAX_RESULT_BYTES:
            return None
        with zipfile.ZipFile(path) as z:
            if sum(i.file_size for i in z.infolist()) > MAX_RESULT_BYTES:
                return None
        with np.load(path, allow_pickle=False) as data:
            return {k: data[k] for k in data.files}
    except (OSError, ValueError, zipfile.BadZipFile, EOFError, KeyError):
        return None


def _read_case(prefix, k):
    doc = _read_json(pathlib.Path(f"{prefix}case{k}.json"))
    if not isinstance(doc, dict) or "result" not in doc:
        return None, []
    arrays = _read_arrays(pathlib.Path(f"{prefix}case{k}.npz"))
    if arrays is None:
        return Opaque("result", "unreadable result file"), []
    warns = [str(w)[:200] for w in doc.get("warnings", [])][:3] if isinstance(doc.get("warnings"), list) else []
    try:
        return decode(doc["result"], arrays), warns
    except Exception:  # a malformed document from the kernel is the student's problem, never the grader's
        return Opaque("result", "unreadable result file"), warns


def _code_cells(nb):
    return [(i + 1, c.get("source", "")) for i, c in enumerate(nb.cells) if c.get("cell_type") == "code"]


def grade_submission(prepared, name, path, options):
    """Grade one notebook in its own sandbox; never raises for anything in the notebook."""
    started = time.monotonic()
    from .collect import load
    loaded = load(path)
    lang = options.language or (notebook_language(loaded.nb) if loaded.nb is not None else "en")
    with using(lang):
        loaded.notes = [translate_raised(n) for n in loaded.notes]
        result = _grade_submission(prepared, name, path, options, loaded)
    result.language = lang
    result.seconds = time.monotonic() - started
    return result


def _grade_submission(prepared, name, path, options, loaded):
    import nbformat

    from .collect import looks_like
    from .sandbox import Sandbox

    result = Result(name, file=str(path))
    result.questions = [QuestionResult(q.name, pts) for q, pts in prepared.questions]
    if loaded.nb is None:
        result.status = "invalid-notebook"
        result.notes.append(loaded.problem)
        for qr in result.questions:
            qr.lines.append(t("not graded: {problem}", problem=loaded.problem))
        return result
    nb = loaded.nb
    result.notes += loaded.notes
    other = looks_like(nb, prepared.assignment.name)
    if other is not None:
        result.notes.append(t("this notebook looks like exercise {other}, not {name} (its question headings and "
                              "functions); it was graded as {name}", other=other, name=prepared.assignment.name))
    items = prepared.items(name)
    cells = _code_cells(nb)
    sandbox = Sandbox(prepared.nnlib_dir, options.memory_mb, options.max_pids, isolated=options.sandbox,
                      user=options.user)
    run = _Run(sandbox, options, result)
    try:
        nbformat.write(nb, str(sandbox.work / "submission.ipynb"))       # outputs dropped, decoded
        for number, source in cells:
            if source.strip():
                run.step(source, t("cell {number}", number=number), is_cell=True)
        # The inputs go where the kernel can read but not write (bound read-only); the agent writes the
        # results into the kernel's own folder, and they are read only once nothing of the submission runs.
        results_dir = sandbox.work / ".results"
        results_dir.mkdir(exist_ok=True)
        sandbox.give(results_dir)
        graded = [q.name for q, _ in prepared.questions]
        outputs = []
        for qi, item in enumerate(items):
            spec_path, prefix = _write_inputs(sandbox.inputs, qi, item, sandbox.inner, graded, out=results_dir)
            outcome = run.step(_agent_code(spec_path), t("the tests of {name}", name=item.question.name), is_cell=False)
            outputs.append((prefix, outcome))
        run.close()
        for qr, item, (prefix, outcome) in zip(result.questions, items, outputs):
            _score_question(qr, item, prefix, outcome, run.stopped, result)
        _note_failing_helpers(result)
    finally:
        run.close()
        sandbox.close()
    if run.stopped:
        result.notes.append(run.stopped)
    events = set(run.events)
    if any(qr.missing for qr in result.questions):
        events.add("error")
    result.status = next(s for s in SEVERITY if s in events or s == "ok")
    return result


def _write_inputs(folder, qi, item, inner=str, graded=(), out=None):
    """Write a question's hidden inputs (``.npz``) and the agent's spec (``.json``); return (spec path, prefix).

    The agent writes its results to ``out`` (default: ``folder``) with the returned prefix.  ``inner`` maps
    a path here to the same path as the kernel sees it; the spec holds kernel paths.
    """
    q = item.question
    prefix = pathlib.Path(out or folder) / f"q{qi}_"
    spec = {"name": q.name, "kind": q.call_kind, "options": q.call_options, "out": inner(prefix), "cases": [],
            "graded": graded}
    for k, case in enumerate(item.cases):
        arrays = folder / f"q{qi}_in{k}.npz"
        np.savez(arrays, **case.args)
        spec["cases"].append({"mode": case.mode, "arrays": inner(arrays)})
    spec_path = folder / f"q{qi}_spec.json"
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    return inner(spec_path), prefix


def grade_namespace(prepared, namespace, name="namespace", language="en"):
    """Grade answers defined in *this* process, e.g. ``{"sigmoid_prime": f}`` (for the self-tests).

    The inputs, the agent and the scoring are exactly those of :func:`grade_submission`, and the
    exercise's withheld functions raise as they do in a graded kernel; only the kernel (and so the
    isolation) is missing.  Never use it on untrusted code.  ``language``: that of the feedback (``"en"`` or ``"zh"``).
    """
    with using(language):
        result = _grade_namespace(prepared, namespace, name)
    result.language = language
    return result


def _grade_namespace(prepared, namespace, name):
    from . import agent
    from .withheld import withhold

    result = Result(name)
    result.questions = [QuestionResult(q.name, pts) for q, pts in prepared.questions]
    graded = [q.name for q, _ in prepared.questions]
    with tempfile.TemporaryDirectory(prefix="nnlib-grade-") as tmp:
        for qr, (qi, item) in zip(result.questions, enumerate(prepared.items(name))):
            spec_path, prefix = _write_inputs(pathlib.Path(tmp), qi, item, graded=graded)
            with withhold(prepared.assignment.withheld, namespace):
                agent.run(namespace, spec_path)
            _score_question(qr, item, prefix, None, None, result)
        _note_failing_helpers(result)
    if result.notes:
        result.status = "error"
    return result


def _score_question(qr, item, prefix, outcome, stopped, result):
    q = item.question
    found = _read_json(pathlib.Path(f"{prefix}found.json"))
    if not isinstance(found, dict):
        if outcome is None:
            qr.lines.append(t("✗ not tested: {why}", why=stopped or t("the run stopped before this question")))
        elif outcome.status == "died":
            qr.lines.append(t("✗ not tested: {name} the kernel died before tested", name=q.name))
        else:
            qr.lines.append(t("✗ not tested: {name} could not be tested", name=q.name))
        return
    if not found.get("callable"):
        similar = [str(s) for s in found.get("similar", []) if isinstance(s, str)][:3] if isinstance(
            found.get("similar"), list) else []
        if found.get("defined"):
            qr.lines.append(t("✗ {name} is defined but is a {type}, not a function or class", name=q.name,
                              type=str(found.get('type'))[:50]))
        else:
            qr.missing = True
            hint = t(" (did you rename it? found {similar})", similar=", ".join(similar)) if similar else ""
            qr.lines.append(t("✗ no function or class named {name} was found", name=q.name) + hint)
        result.notes.append(t("{name} is missing or not callable", name=q.name))
        return
    got, warns = [], set()
    for k, _ in enumerate(item.cases):
        value, w = _read_case(prefix, k)
        if value is None:
            if outcome is not None and outcome.status == "timeout":
                value = Raised("Timeout", t("the tests of {name} ran past the time limit", name=q.name))
            elif outcome is not None and outcome.status == "died":
                value = Raised("KernelDied", t("the kernel died while running this test"))
            else:
                value = Raised("NotRun", t("this test did not run"))
        got.append(value)
        warns.update(w)
    total_weight = sum(c.weight for c in item.cases) or 1.0
    earned = 0.0
    for k, (case, expected, g) in enumerate(zip(item.cases, item.expected, got)):
        frac, msg = q.compare(case, expected, g, reveal=False)
        earned += case.weight * frac
        label = t("hidden test {k} ({case})", k=k + 1, case=tr(case.label))
        if frac == 1.0:
            qr.lines.append(f"✓ {label}")
        else:
            part = t(" [partial credit {fraction:.0%}]", fraction=frac) if frac > 0 else ""
            qr.lines.append(t("✗ {label}{part}: {message}", label=label, part=part, message=msg))
    qr.score = round(item.points * earned / total_weight, 2)
    qr.uses = [str(u)[:100] for u in found.get("uses", []) if isinstance(u, str)][:10] \
        if isinstance(found.get("uses"), list) else []
    if earned < total_weight:
        variant = q.diagnose(item.cases, got, item.variants)
        if variant is not None:
            qr.variant = variant.name
            qr.lines.append(t("Diagnosis: this looks like “{mistake}”: {diagnosis} Reread {section}.",
                              mistake=tr(variant.name), diagnosis=tr(variant.diagnosis), section=tr(variant.section)))
        elif not all(isinstance(g, Raised) for g in got):
            hints = [relation(e, g) for e, g in zip(item.expected, got)]
            hint = next((h for h in hints if h), "")
            if hint:
                qr.lines.append(t("Hint: {clue}. Reread {section}.", clue=hint, section=tr(q.section)))
            else:
                qr.lines.append(t("Hint: Reread {section}.", section=tr(q.section)))
    for w in sorted(warns):
        qr.lines.append(t("Note: your code emitted {warning}", warning=w))


def _note_failing_helpers(result):
    """Say so when a wrong answer calls another graded answer of the notebook that fails its own tests."""
    failing = {qr.name for qr in result.questions if qr.score < qr.points}
    for qr in result.questions:
        if qr.score < qr.points:
            for helper in qr.uses:
                if helper in failing and helper != qr.name:
                    qr.lines.append(t("Note: your {helper} fails its tests, and {name} calls it: "
                                      "fix {helper} first; {name} may be right once it is.", helper=helper, name=qr.name))


# ----------------------------------------------------------------- the batch
def _fingerprint(prepared, path, options):
    """What a stored result depends on: the notebook's bytes, the assignment, the seed and the limits."""
    h = hashlib.sha256()
    try:
        h.update(pathlib.Path(path).read_bytes())
    except OSError:
        h.update(b"<unreadable>")
    h.update(prepared.source)
    h.update(options.fingerprint().encode())
    return h.hexdigest()


def grade(assignment, submissions, out, options=None, progress=True, roster=None, only=None):
    """Grade ``submissions`` (files or folders) against ``assignment`` and write the outputs into ``out``.

    Each submission's outputs are written as soon as it is graded; a submission already graded by an
    earlier run with the same notebook, assignment, seed and limits is read back, not graded again.

    Parameters
    ----------
    roster : path or list of dict, optional
        A roster CSV (an id column, optional name and email; :func:`.collect.read_roster`), or its rows:
        then there is exactly one row per student, in the roster's order, ``missing`` for a student
        who handed nothing in, and files are matched to students as :mod:`.collect` describes.
    only : str, optional
        Grade only this student id (or submission name), again even if it was graded before; the
        other rows are read back from the earlier runs stored in ``out``.

    Returns
    -------
    list of Result, sorted by submission name (in the roster's order with a roster)
    """
    from .collect import collect, read_roster
    from .sandbox import SandboxUnavailable, bwrap_path, graded_nnlib

    options = options or Options()
    if options.sandbox and not bwrap_path():
        raise SandboxUnavailable("bubblewrap (bwrap) is not installed, so the grader cannot isolate the submissions. "
                                 "Install it (apt-get install bubblewrap), or pass --no-sandbox to grade trusted work "
                                 "without isolation.")
    path = find_assignment(assignment)
    prepared = prepare(path, options.seed)
    students = read_roster(roster) if isinstance(roster, str | os.PathLike) else roster
    subs, unmatched = collect(submissions, prepared.assignment.name, students)
    if only is not None:
        wanted = [s for s in subs if only.lower() in (s.name.lower(), s.student.get("id", "").lower())]
        if not wanted:
            known = ", ".join(s.name for s in subs[:10]) + (", …" if len(subs) > 10 else "")
            raise KeyError(f"--only {only}: no such student or submission (known: {known or 'none'})")
    out = pathlib.Path(out)
    writer = _Outputs(prepared, out, roster=students is not None)
    if progress and unmatched:
        print(f"warning: {len(unmatched)} file(s) match no student on the roster and were not graded: "
              + ", ".join(map(str, unmatched[:10])) + (", …" if len(unmatched) > 10 else ""), file=sys.stderr)
    results, todo, kept = [], [], 0
    for sub in subs:
        if sub.path is None:
            r = writer.stored(sub.name, f"missing|{sub.student}")
            if r is None:
                r = Result(sub.name, "missing", ["nothing was handed in"], student=sub.student)
                r.questions = [QuestionResult(q.name, pts, lines=["✗ not graded: nothing was handed in"])
                               for q, pts in prepared.questions]
                writer.submission(r, f"missing|{sub.student}")
            results.append(r)
            continue
        fp = hashlib.sha256("|".join([_fingerprint(prepared, sub.path, options), sub.name, str(sub.path),
                                      *sub.notes]).encode()).hexdigest()
        if only is not None and all(sub is not w for w in wanted):
            done = writer.stored(sub.name, None)
            if done is not None:
                results.append(done)
            else:
                kept += 1
            continue
        done = writer.stored(sub.name, fp) if only is None else None
        if done is not None:
            results.append(done)
        else:
            todo.append((sub, fp))
    if progress and only is None and len(results) > sum(r.status == "missing" for r in results):
        print(f"resuming: {len(results)} row(s) already graded in {out}", file=sys.stderr, flush=True)
    if progress and kept:
        print(f"note: {kept} submission(s) have not been graded yet in {out}; run without --only to grade them",
              file=sys.stderr, flush=True)

    def one(sub):
        try:
            r = grade_submission(prepared, sub.name, sub.path, options)
        except Exception as err:  # a grader bug on one submission must not stop the batch
            r = Result(sub.name, status="error", notes=[f"the grader failed on this submission: {type(err).__name__}: {err}"])
            r.questions = [QuestionResult(q.name, pts, lines=["✗ not graded"]) for q, pts in prepared.questions]
        with using(r.language):
            r.notes = [translate_raised(n) for n in sub.notes] + r.notes
        r.student, r.file = sub.student, str(sub.path)
        return r

    with tempfile.TemporaryDirectory(prefix="nnlib-graded-") as tmp:
        if options.user:
            os.chmod(tmp, 0o755)          # the kernels' user imports the withheld nnlib from here
        prepared.nnlib_dir = graded_nnlib(prepared.assignment.withheld, tmp)
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, int(options.jobs))) as pool:
            futures = {pool.submit(one, sub): fp for sub, fp in todo}
            for done, fut in enumerate(concurrent.futures.as_completed(futures), len(results) + 1):
                r = fut.result()
                writer.submission(r, futures[fut])
                results.append(r)
                writer.table(results)
                if progress:
                    print(f"[{done}/{len(subs)}] {r.name}: {r.total:g}/{prepared.max_score:g} {r.status}",
                          file=sys.stderr, flush=True)
    order = {s.name: i for i, s in enumerate(subs)} if students is not None else {}
    results.sort(key=lambda r: (order.get(r.name, len(order)), r.name))
    writer.table(results)
    writer.summary(results, unmatched)
    return results


def feedback_text(prepared, r):
    with using(r.language):
        return _feedback_text(prepared, r)


def _feedback_text(prepared, r):
    lines = [t("Assignment {assignment}, submission {name}", assignment=prepared.assignment.name, name=r.name),
             t("Score: {score:g} / {max:g}    Status: {status}", score=r.total, max=prepared.max_score, status=r.status),
             f"({r.status}: {t(STATUSES[r.status])})", ""]
    for i, qr in enumerate(r.questions, 1):
        lines.append(t("Question {i}: {name}: {score:g} / {points:g}", i=i, name=qr.name, score=qr.score, points=qr.points))
        lines += [f"  {line}" for line in qr.lines]
        lines.append("")
    if r.notes:
        lines.append(t("Notes:"))
        lines += [f"  - {n}" for n in r.notes]
    return "\n".join(lines).rstrip() + "\n"


def gradescope_json(r):
    """A submission's result in Gradescope's ``results.json`` format (hidden tests shown when grades are published)."""
    with using(r.language):
        tests = [{"name": t("Question {i}: {name}", i=i, name=qr.name), "score": qr.score, "max_score": qr.points,
                  "output": "\n".join(qr.lines), "visibility": "after_published"} for i, qr in enumerate(r.questions, 1)]
        summary = t("Status: {status} ({meaning})", status=r.status, meaning=t(STATUSES[r.status]))
    if r.notes:
        summary += "\n" + "\n".join(f"- {n}" for n in r.notes)
    return {"score": r.total, "output": summary, "tests": tests, "stdout_visibility": "hidden"}


def _write_atomic(path, text):
    """Write ``text`` to ``path`` through a fresh temporary file and a rename (a planted symlink is replaced, not followed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class _Outputs:
    """The output folder: per-submission files as soon as each is graded, the table after each, and resume state."""

    def __init__(self, prepared, out, roster=False):
        self.prepared, self.out, self.roster = prepared, pathlib.Path(out), roster
        self.lock = threading.Lock()
        for sub in ("feedback", "results", ".state"):
            (self.out / sub).mkdir(parents=True, exist_ok=True)

    def stored(self, name, fingerprint):
        """The Result an earlier run stored for this exact submission (any, if ``fingerprint`` is None), or None."""
        doc = _read_json(self.out / ".state" / f"{name}.json")
        if not isinstance(doc, dict) or (fingerprint is not None and doc.get("fingerprint") != fingerprint):
            return None
        try:
            r = Result(doc["name"], doc["status"], list(doc["notes"]), seconds=float(doc.get("seconds", 0.0)),
                       kernel_seconds=float(doc.get("kernel_seconds", 0.0)), student=dict(doc.get("student", {})),
                       file=str(doc.get("file", "")), language=str(doc.get("language", "en")))
            r.questions = [QuestionResult(q["name"], q["points"], q["score"], list(q["lines"]),
                                         variant=str(q.get("variant", "")), missing=bool(q.get("missing", False)))
                           for q in doc["questions"]]
        except (KeyError, TypeError, ValueError):
            return None
        if [q.name for q in r.questions] != [q.name for q, _ in self.prepared.questions] or r.status not in STATUSES:
            return None
        return r

    def submission(self, r, fingerprint):
        with self.lock:
            _write_atomic(self.out / "feedback" / f"{r.name}.txt", feedback_text(self.prepared, r))
            doc = json.dumps(gradescope_json(r), indent=1, ensure_ascii=False) + "\n"
            _write_atomic(self.out / "results" / r.name / "results.json", doc)
            state = {"fingerprint": fingerprint, "name": r.name, "status": r.status, "notes": r.notes,
                     "seconds": round(r.seconds, 3), "kernel_seconds": round(r.kernel_seconds, 3),
                     "student": r.student, "file": r.file, "language": r.language,
                     "questions": [{"name": q.name, "points": q.points, "score": q.score, "lines": q.lines,
                                    "variant": q.variant, "missing": q.missing} for q in r.questions]}
            _write_atomic(self.out / ".state" / f"{r.name}.json", json.dumps(state, ensure_ascii=False))

    def table(self, results):
        names = [q.name for q, _ in self.prepared.questions]
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        who = ["student", "name", "email", "file"] if self.roster else ["submission"]
        w.writerow([*who, *names, "total", "max", "status", "notes"])
        for r in (results if self.roster else sorted(results, key=lambda r: r.name)):
            ident = [r.student.get("id", r.name), r.student.get("name", ""), r.student.get("email", ""),
                     os.path.basename(r.file)] if self.roster else [r.name]
            w.writerow([*ident, *[f"{q.score:g}" for q in r.questions], f"{r.total:g}", f"{self.prepared.max_score:g}",
                        r.status, " | ".join(r.notes)])
        with self.lock:
            _write_atomic(self.out / "grades.csv", buf.getvalue())

    def summary(self, results, unmatched=()):
        """Write ``summary.md`` and ``summary.csv``, the class statistics (:mod:`.summary`)."""
        from .summary import summary_csv, summary_markdown

        with self.lock:
            _write_atomic(self.out / "summary.md", summary_markdown(self.prepared, results, unmatched))
            _write_atomic(self.out / "summary.csv", summary_csv(self.prepared, results))

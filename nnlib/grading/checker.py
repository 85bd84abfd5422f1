"""``check(function)``: run a function's public tests in the notebook and explain the result in plain words.

The output says which tests passed; for a failed test, what went in (shapes),
what was expected and what came back (shapes and a few numbers); and, when
the answer behaves exactly like a classic mistake, the mistake's name, why it
is wrong, and the lesson section to reread.  It never shows the solution.

The printed text depends only on the function's results, so a correct
solution always prints the same lines (the solution notebooks are checked by
nbval).  nnlib functions that the exercise withholds (because they compute
a graded answer) raise while the tests run, exactly as in a graded kernel,
so check and the grader give the same verdict.  In a graded kernel this module
does not exist: ``check`` there prints one line and does nothing.
"""

import inspect
import textwrap

from .agent import names_used
from .assignments import QUESTIONS, withheld_for
from .compare import Raised, raised_message, relation, run_plain
from .i18n import language, t, tr
from .withheld import withhold

__all__ = ["check", "check_report"]

_WIDTH = 100


def _wrap(text, indent):
    width = _WIDTH // 2 + 10 if language() == "zh" else _WIDTH      # a Chinese character is two columns wide
    return textwrap.fill(text, width=width, initial_indent=indent, subsequent_indent=indent + "  ")


def _resolve(obj, name, frame_globals):
    """Find the question: by the name given, by the function's own name, or by the caller's variable name."""
    if isinstance(obj, str):
        name, obj = obj, frame_globals.get(obj)
    if name is None:
        own = getattr(obj, "__name__", None)
        if own in QUESTIONS:
            name = own
        else:
            for var, value in (frame_globals or {}).items():
                if value is obj and var in QUESTIONS:
                    name = var
                    break
    return name, obj


def check_report(obj, name=None, _globals=None):
    """Run the public tests of ``obj`` and return the report as a string (``check`` prints it)."""
    name, obj = _resolve(obj, name, _globals or {})
    if name not in QUESTIONS:
        shown = name or getattr(obj, "__name__", type(obj).__name__)
        known = ", ".join(sorted(QUESTIONS))
        return t("check() does not know a graded function called {shown}.\nGraded names: {known}.",
                 shown=repr(shown), known=known)
    if obj is None or not callable(obj):
        return t("{name} is not defined yet (or is not a function): run the cell that defines it first.", name=name)
    q = QUESTIONS[name]
    cases = q.public_cases()
    with withhold(withheld_for(name), _globals):
        got = [run_plain(obj, q, c) for c in cases]
    if all(isinstance(g, Raised) and g.ename == "NotImplementedError" for g in got):
        return t("{name} is not implemented yet: replace the line `raise NotImplementedError(...)` "
                 "with your code, run that cell, then run check({name}) again.", name=name)
    results = []
    for case, g in zip(cases, got):
        expected = q.reference(case)
        score, msg = q.compare(case, expected, g, reveal=True)
        results.append((case, score, msg, expected, g))
    passed = sum(1 for _, s, *_ in results if s == 1.0)
    lines = [t("{name}: {passed} of {total} public tests passed.", name=name, passed=passed, total=len(cases))]
    for case, score, msg, *_ in results:
        if score == 1.0:
            lines.append(f"  ✓ {tr(case.label)}")
        else:
            part = "" if score == 0 else t(" (partly: {score:.0%})", score=score)
            lines.append(_wrap(t("✗ {label}{part}: {message}", label=tr(case.label), part=part, message=msg), "  "))
    if passed == len(cases):
        lines.append(t("Well done. When your work is graded, hidden tests run on new inputs, so keep it general."))
        return "\n".join(lines)
    if any(isinstance(g, Raised) and g.ename == "NotImplementedError" for g in got):
        lines.append(t("Part of your code still raises NotImplementedError: finish it and run check again."))
        return "\n".join(lines)
    helpers = _failing_helpers(obj, name, _globals or {})
    for helper in helpers:
        lines.append(_wrap(t("Your {helper} fails its own tests, and {name} calls it: fix {helper} first "
                             "(check({helper})); {name} may be right once it is.", helper=helper, name=name), ""))
    variant = q.diagnose(cases, got, q.variant_results(cases))
    raised = all(isinstance(g, Raised) for _, s, _, _, g in results if s < 1.0)
    if variant is not None:
        lines.append(_wrap(t("This looks like a known mistake, “{mistake}”: {diagnosis}", mistake=tr(variant.name),
                             diagnosis=tr(variant.diagnosis)), ""))
        lines.append(_wrap(t("Reread {section}.", section=tr(variant.section)), ""))
    elif raised and not helpers:
        lines.append(_wrap(t("Your code stopped with an error in every failing test: the messages above say where. "
                             "Reread {section}.", section=tr(q.section)), ""))
    elif not helpers:
        failing = [tr(case.label) for case, score, *_ in results if score < 1.0]
        hint = next((h for h in (relation(e, g) for _, s, _, e, g in results if s < 1.0) if h), "")
        text = t("Your answer fails on {cases}. ", cases=_listing(failing)) + (t("A clue: {clue}. ", clue=hint) if hint else "")
        lines.append(_wrap(text + t("Reread {section}.", section=tr(q.section)), ""))
    return "\n".join(lines)


def _listing(labels):
    quoted = [f"“{label}”" for label in labels]
    if len(quoted) == 1:
        return quoted[0]
    if language() == "zh":
        return "、".join(quoted[:-1]) + "和" + quoted[-1]
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _failing_helpers(obj, name, namespace):
    """Other graded answers that ``obj`` calls and that fail their own public tests (the grader says the same)."""
    out = []
    for helper in names_used(obj):
        if helper == name or helper not in QUESTIONS or not callable(namespace.get(helper)):
            continue
        q = QUESTIONS[helper]
        cases = q.public_cases()
        with withhold(withheld_for(helper), namespace):
            got = [run_plain(namespace[helper], q, c) for c in cases]
        if any(q.compare(c, q.reference(c), g, reveal=False)[0] < 1.0 for c, g in zip(cases, got)):
            out.append(helper)
    return out


def check(obj, name=None, _globals=None):
    """Run the public tests of a graded function (or class) and print what passed, what failed, and why.

    Parameters
    ----------
    obj : function, class or str
        The thing you wrote, e.g. ``check(sigmoid_prime)`` or ``check(MulLayer)``.
    name : str, optional
        The graded name, if your object is called something else.
    """
    if _globals is None:
        frame = inspect.currentframe()
        back = frame.f_back if frame is not None else None
        _globals = {**back.f_globals, **back.f_locals} if back is not None else {}
    try:
        report = check_report(obj, name, _globals)
    except Exception as err:  # check must never end in a traceback in a learner's notebook
        report = t("check() could not run the tests: {error}", error=raised_message(Raised(type(err).__name__, str(err))))
    print(report)

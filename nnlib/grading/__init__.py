"""Exercises that grade themselves (lessons 01–13).

* ``check(function)`` — in an exercise notebook: run the public tests of a
  function you wrote and get feedback in plain words (:mod:`.checker`).
* ``python -m nnlib.grading build [--check]`` — write ``exercises/`` from
  ``solutions/`` by stripping the marked solution blocks (:mod:`.build`).
* ``set_language("zh")`` — make ``check`` answer in Chinese (:mod:`.i18n`).
* ``python -m nnlib.grading grade ASSIGNMENT SUBMISSION… --out DIR`` — grade a
  class: each submission in its own kernel, hidden tests compared in the
  grader's process (:mod:`.grader`).

Importing this package loads nothing heavy; each part loads when used.
"""

import inspect

__all__ = ["check", "check_report", "set_language"]


def check(obj, name=None):
    """Run the public tests of a graded function (or class) and print what passed, what failed, and why.

    Parameters
    ----------
    obj : function, class or str
        What you wrote, e.g. ``check(sigmoid_prime)`` or ``check(MulLayer)``.
    name : str, optional
        The graded name, if your object is called something else.
    """
    from .checker import check as _check

    frame = inspect.currentframe()
    caller = {**frame.f_back.f_globals, **frame.f_back.f_locals} if frame is not None and frame.f_back is not None else {}
    _check(obj, name, _globals=caller)


def check_report(obj, name=None):
    """The report that ``check`` prints, as a string."""
    from .checker import check_report as _report

    return _report(obj, name)


def set_language(lang):
    """Make ``check(...)`` answer in ``"zh"`` (Simplified Chinese) or ``"en"``; ``None``: from the notebook again.

    Without it, check answers in the language of ``NNLIB_LANG``, or in Chinese in a notebook of a
    ``zh`` folder (``exercises/zh/``), or else in English.
    """
    from .i18n import set_language as _set

    _set(lang)

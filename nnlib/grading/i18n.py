"""The language of ``check(...)`` and of the grader's feedback: English, or Simplified Chinese (``zh``).

* ``check`` asks :func:`language`: an explicit ``nnlib.grading.set_language("zh")``, else the environment
  variable ``NNLIB_LANG``, else the notebook's folder (a Chinese notebook lives in a ``zh`` folder:
  ``lessons/zh/``, ``exercises/zh/``, ``solutions/zh/``, and its kernel runs there), else English.
* The grader decides per submission (:func:`notebook_language`): ``metadata.nnlib.language``, which
  ``tools/translate.py build`` writes, or else Chinese characters in the Markdown cells; ``--language``
  forces one.  While it grades a submission it sets the language with :func:`using`.

Every message goes through :func:`t` (a template with named placeholders, ``t("{name} is …", name=…)``)
or :func:`tr` (a fixed string of a question: title, case label, mistake, diagnosis, section, allowed).
The Chinese versions are in :mod:`.zh`, keyed by the exact English.  Case labels carry numbers and
shapes that change from student to student: :func:`tr` looks them up with the numbers taken out
(:func:`skeleton`), so one catalogue entry ``"a vector of shape {0}"`` covers every shape.
"""

import contextlib
import contextvars
import os
import pathlib
import re
import string

__all__ = ["LANGUAGES", "set_language", "language", "using", "t", "tr", "skeleton", "notebook_language",
           "has_chinese", "placeholders", "translate_raised", "lookup"]

LANGUAGES = ("en", "zh")
_explicit = None
_current = contextvars.ContextVar("nnlib_grading_language", default=None)


def _norm(lang):
    if lang is None:
        return None
    lang = str(lang).strip().lower().replace("_", "-")
    if lang.startswith("zh") or lang in ("cn", "chinese", "中文"):
        return "zh"
    if lang.startswith("en") or lang == "english":
        return "en"
    raise ValueError(f"unknown language {lang!r}; known: {', '.join(LANGUAGES)}")


def set_language(lang):
    """Make ``check(...)`` speak ``"zh"`` or ``"en"`` from now on (``None``: decide from the notebook again)."""
    global _explicit
    _explicit = _norm(lang)


def language():
    """The language messages are written in now (see the module docstring for the order of the rules)."""
    inner = _current.get()
    if inner is not None:
        return inner
    if _explicit is not None:
        return _explicit
    env = os.environ.get("NNLIB_LANG", "").strip()
    if env:
        try:
            return _norm(env)
        except ValueError:
            pass
    try:
        if pathlib.Path.cwd().name == "zh":
            return "zh"
    except OSError:
        pass
    return "en"


@contextlib.contextmanager
def using(lang):
    """Messages made inside the block are in ``lang`` (the grader, per submission; this thread only)."""
    token = _current.set(_norm(lang) or "en")
    try:
        yield
    finally:
        _current.reset(token)


_CJK = re.compile(r"[\u4e00-\u9fff]")


def has_chinese(text, at_least=1):
    return len(_CJK.findall(text or "")) >= at_least


def notebook_language(nb):
    """``"zh"`` for a Chinese notebook (its metadata says so, or its Markdown is Chinese), else ``"en"``."""
    meta = (nb.get("metadata") or {}).get("nnlib") or {}
    if isinstance(meta, dict) and meta.get("language"):
        try:
            return _norm(meta["language"])
        except ValueError:
            pass
    markdown = "\n".join(str(c.get("source", "")) for c in nb.get("cells", []) if c.get("cell_type") == "markdown")
    return "zh" if has_chinese(markdown, 20) else "en"


def _catalogue():
    from . import zh
    return zh.MESSAGES, zh.STRINGS


def t(template, **values):
    """A message: ``template`` (English, named placeholders) in the current language, filled with ``values``."""
    if language() == "zh":
        template = _catalogue()[0].get(template, template)
    return template.format(**values)


# Numbers and shapes in a case label: shapes "(3, 4)", "(5,)", "()", lists "[2, 3, 1]", numbers "0.05", "1e-05".
_NUMERIC = re.compile(r"\((?:\d+(?:, ?\d+)*,?)?\)|\[\d+(?:, \d+)*\]|(?<![\w.])[−-]?\d+(?:\.\d+)?(?:e[−-]?\d+)?(?![\w])")


def skeleton(text):
    """``("a vector of shape {0}", ["(5,)"])``: the text with its numbers and shapes as numbered placeholders."""
    found = []

    def sub(m):
        found.append(m.group(0))
        return "{" + str(len(found) - 1) + "}"

    return _NUMERIC.sub(sub, text.replace("{", "{{").replace("}", "}}")), found


def tr(text):
    """A fixed string of a question (title, case label, mistake, diagnosis, section, allowed) in the current language."""
    if language() != "zh" or not text:
        return text
    return translate(text)


def translate(text):
    """The Chinese version of ``text``, or ``None`` when the catalogue has none (the tests look for those)."""
    strings = _catalogue()[1]
    if text in strings:
        return strings[text]
    key, values = skeleton(text)
    if key in strings:
        return strings[key].format(*values)
    return text


def lookup(text):
    """The catalogue entry for ``text`` (exact, or by its skeleton), or ``None``."""
    strings = _catalogue()[1]
    if text in strings:
        return strings[text]
    key, values = skeleton(text)
    if key in strings:
        return strings[key].format(*values)
    return None


def placeholders(template):
    """The set of named (or numbered) fields of a format string."""
    return {field.split(".")[0].split("[")[0] for _, field, _, _ in string.Formatter().parse(template) if field is not None}


def _template_regex(template):
    parts = re.split(r"\{(\w+)(?::[^{}]*)?\}", template)
    pattern = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
    return re.compile(pattern + r"\Z", re.S)


_RAISED = []


def translate_raised(text):
    """A message that came from a kernel (a withheld call, a result nnlib could not read …) in the current language.

    The kernel writes them in English; those the catalogue knows (``zh.RAISED``) are matched here and
    translated, anything else (the student's own exception text) is left as it is.
    """
    if language() != "zh" or not text:
        return text
    from . import zh
    if not _RAISED:
        _RAISED.extend((_template_regex(k), v) for k, v in zh.RAISED.items())
    for regex, chinese in _RAISED:
        m = regex.match(text)
        if m:
            return chinese.format(**m.groupdict())
    return text

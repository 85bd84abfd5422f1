"""Build the course's static HTML site from the executed lessons.

    python tools/build_site.py            # or: make site
    python tools/build_site.py --out /tmp/site

The site works offline, from the file system or any static host:

* ``index.html`` is the course map: every lesson's number, title and one-line summary, with
  links to its page, its exercise notebook and the lesson notebook itself;
* ``lessons/NN_slug.html`` is one executed lesson (nbconvert's HTML exporter with the small
  template in ``tools/site_template/``): code, outputs, figures, and previous / course map /
  next links above and below;
* ``lessons/NN_slug_files/`` holds its figures, ``exercises/`` and ``lessons/`` the notebooks;
* ``static/mathjax/`` is MathJax 3 from the pip package ``django-static-mathjax`` (pinned in
  requirements.txt), so every formula is typeset without a CDN.

The convention for titles and summaries: a lesson's first Markdown cell starts with its H1 title
(``# Lesson 03 — The cost and the output-layer error $\\delta^L$``; a leading lesson number is
dropped, the site shows it anyway) and its first paragraph after the title is the summary on the
course map.  A lesson that opens straight with its objectives (a bold lead-in line such as
``**After this lesson you will be able to**`` and a list) is summarized by the first objective.
A lesson with no H1 or nothing after it stops the build with a message that says so.

Links between notebooks are rewritten for the site (``04_recursive_delta.ipynb`` becomes
``04_recursive_delta.html``); any other relative link or image to a file of the repository is
copied along, so it resolves on the site too.  A relative link to nothing is reported.
``SOURCES.md`` (the seeds and works the course draws on) becomes ``sources.html``, linked from the
course map, and links to it from the lessons go to that page.

Lessons are read as stored (executed); nothing is run.  Run ``make execute`` first to refresh.

Two editions: the English one at the top of the site, and the Chinese one (``lessons/zh/``, written by
``tools/translate.py build``) under ``zh/`` with the same layout (``zh/index.html``,
``zh/lessons/NN_slug.html``, ``zh/sources.html``; its exercises from ``exercises/zh/``).  Every page
has a language switch (中文 / English) to the same page in the other edition, or to the other
edition's course map for a page it lacks.  Both editions share ``static/``.
"""

import argparse
import html
import importlib.util
import itertools
import json
import os
import pathlib
import re
import shutil
import sys
import time
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import jinja2
import nbformat
from jupyter_core.paths import jupyter_path
from nbconvert import HTMLExporter
from nbconvert.filters.markdown_mistune import markdown2html_mistune
from nbconvert.preprocessors import ExtractOutputPreprocessor

ROOT = pathlib.Path(__file__).resolve().parent.parent
TEMPLATES = pathlib.Path(__file__).resolve().parent / "site_template"
LESSON_NAME = re.compile(r"^(\d\d)_[a-z0-9]+(?:_[a-z0-9]+)*\.ipynb$")
MARKER = ".course-site"  # marks a folder this script built, so that it may delete it
SOURCES = "SOURCES.md"  # the sources page, rendered as sources.html
DEFAULT_TITLE = "Backpropagation, proved by the computer"


@dataclass(frozen=True)
class Edition:
    code: str  # "en", "zh"
    folder: str  # where its pages go in the site: "" or "zh"
    lessons: str  # its notebooks in the repository
    exercises: str
    readme: str  # the README whose H1 is its course title
    language: str  # <html lang>
    name: str  # the switch's label for this edition, in its own language
    ui: dict


EDITIONS = (
    Edition("en", "", "lessons", "exercises", "README.md", "en", "English", {
        "course_map": "Course map", "exercise": "exercise notebook", "this_notebook": "this notebook",
        "lesson_notebook": "lesson notebook", "sources": "Sources", "switch_title": "This page in English",
        "lede": "Every equation of backpropagation derived with SymPy, asserted against <code>sympy.diff</code>, "
                "and checked numerically against <code>nnlib</code>. These pages are the executed lessons; the "
                "exercise notebooks open in JupyterLab.",
        "sources_line": "the five seeds the course grew from, the books, course and programs behind them, and "
                        "what each lesson reproduces, answers or corrects.",
        "sources_note": ""}),
    Edition("zh", "zh", "lessons/zh", "exercises/zh", "README.zh-CN.md", "zh-CN", "中文", {
        "course_map": "课程地图", "exercise": "练习笔记本", "this_notebook": "本笔记本",
        "lesson_notebook": "课程笔记本", "sources": "来源", "switch_title": "本页的中文版",
        "lede": "反向传播的每一个公式都用 SymPy 推导，用 <code>assert</code> 与 <code>sympy.diff</code> 的结果核对，"
                "再与 <code>nnlib</code> 的数值比较。这些页面是执行过的课程；练习笔记本在 JupyterLab 中打开。",
        "sources_line": "课程所源自的五篇中文来源，它们背后的书、课程和程序，以及每一课重现、回答或改正了什么。",
        "sources_note": "<p class=\"course-lede\">本页只有英文版。</p>"}),
)
GREEK = {"delta": "δ", "Delta": "Δ", "sigma": "σ", "eta": "η", "lambda": "λ", "nabla": "∇", "partial": "∂"}

# The parts of MathJax 3's es5 build that the site serves: the all-in-one TeX → CommonHTML
# component (every TeX extension included, so nothing is fetched on demand) and its fonts.
MATHJAX_FILES = ["tex-chtml-full.js", "output/chtml/fonts/woff-v2/*.woff"]


class SiteError(Exception):
    """A lesson that the site cannot be built from, with what to change."""


@dataclass
class Lesson:
    path: pathlib.Path  # lessons/NN_slug.ipynb
    number: str  # "03"
    title: str  # the H1 as written (Markdown, may hold $math$)
    summary: str  # the first paragraph after the H1 (Markdown)

    @property
    def stem(self):
        return self.path.stem

    @property
    def title_html(self):
        return _inline_html(self.title)

    @property
    def title_text(self):
        """The title as plain text, for the browser's tab: "$\\delta^L$" becomes "δ^L"."""
        text = re.sub(r"\$([^$]*)\$", lambda m: re.sub(r"\\([A-Za-z]+)", lambda g: GREEK.get(g.group(1), g.group(1)),
                                                      m.group(1)).replace("{", "").replace("}", ""), self.title)
        return re.sub(r"[*_`]", "", text)


def _inline_html(markdown):
    """Markdown of one line or paragraph → HTML without the wrapping <p>."""
    out = markdown2html_mistune(markdown).strip()
    return re.sub(r"^<p>(.*)</p>$", r"\1", out, flags=re.S)


LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
LEAD_IN = re.compile(r"^(\*\*|__)[^*_]+\1:?$")  # a bold-only line, such as **After this lesson you will be able to**
# "Lesson 03 — ", "第 03 课——", "03 · "
NUMBER_PREFIX = re.compile(r"^(?:Lesson\s+\d\d|第\s*\d\d\s*课|\d\d)\s*(?:[—–·:.-]+|：)\s*", re.I)


def summary_of(blocks):
    """The first prose paragraph; when the objectives come first, the first objective."""
    for block in blocks:
        lines = [line.strip() for line in block]
        if lines[0].startswith("#"):
            continue
        if LEAD_IN.match(lines[0]):
            lines = lines[1:]
            if not lines:
                continue
        if LIST_ITEM.match(lines[0]):
            item = [LIST_ITEM.sub("", lines[0])]
            item += [line for line in itertools.takewhile(lambda line: not LIST_ITEM.match(line), lines[1:])]
            text = " ".join(item).rstrip(";,.")
            return text[:1].upper() + text[1:] + "."
        return " ".join(lines)
    return None


def read_lesson(path):
    """Number, title and summary of one lesson, from its first Markdown cell.

    The convention: the cell starts with the H1 title, and the first paragraph after it is the
    summary on the course map.  A number at the start of the title ("Lesson 03 — ", "03 · ") is
    dropped, since the map and the navigation show the number anyway.  A lesson that opens
    straight with its objectives (a bold lead-in line and a list) is summarized by the first one.
    """
    nb = nbformat.read(path, as_version=4)
    first = next((cell for cell in nb.cells if cell.cell_type == "markdown"), None)
    fix = "start the first Markdown cell with '# Title', then a one-paragraph summary"
    if first is None:
        raise SiteError(f"{path}: no Markdown cell; {fix}")
    lines = first.source.strip().splitlines()
    if not lines or not re.match(r"^#\s+\S", lines[0]):
        got = lines[0] if lines else "an empty cell"
        raise SiteError(f"{path}: the first Markdown cell starts with {got!r}, not an H1 title; {fix}")
    title = NUMBER_PREFIX.sub("", re.sub(r"^#\s+", "", lines[0]).strip())
    blocks = [list(group) for blank, group in itertools.groupby(lines[1:], key=lambda line: not line.strip())
              if not blank]
    summary = summary_of(blocks)
    if not summary:
        raise SiteError(f"{path}: the title {title!r} has no summary paragraph after it; {fix}")
    return nb, Lesson(path, LESSON_NAME.match(path.name).group(1), title, summary)


def find_lessons(lessons_dir):
    paths = sorted(p for p in lessons_dir.glob("*.ipynb") if LESSON_NAME.match(p.name))
    if not paths:
        raise SiteError(f"no lessons (NN_slug.ipynb) in {lessons_dir}")
    return paths


def _lab_css():
    """JupyterLab's stylesheet as nbconvert's "lab" template ships it (light theme)."""
    for base in jupyter_path("nbconvert", "templates"):
        static = pathlib.Path(base, "lab", "static")
        if (static / "index.css").is_file():
            return (static / "index.css").read_text() + "\n" + (static / "theme-light.css").read_text()
    raise SiteError("nbconvert's lab template (lab/static/index.css) is not installed; run make setup")


def _mathjax_dir():
    spec = importlib.util.find_spec("mathjax")
    if spec is None or not spec.submodule_search_locations:
        raise SiteError("MathJax is not installed: pip install -r requirements.txt (django-static-mathjax)")
    es5 = pathlib.Path(next(iter(spec.submodule_search_locations)), "static", "mathjax", "es5")
    if not (es5 / "tex-chtml-full.js").is_file():
        raise SiteError(f"{es5} has no tex-chtml-full.js; reinstall django-static-mathjax")
    return es5


def copy_static(out):
    static = out / "static"
    es5 = _mathjax_dir()
    for pattern in MATHJAX_FILES:
        for src in sorted(es5.glob(pattern)):
            dest = static / "mathjax" / src.relative_to(es5)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest)
    shutil.copyfile(es5.parent / "LICENSE", static / "mathjax" / "LICENSE")  # Apache-2.0
    (static / "jupyterlab.css").write_text(_lab_css())
    shutil.copyfile(TEMPLATES / "course.css", static / "course.css")


def _is_relative_url(url):
    parts = urlsplit(url)
    return not (parts.scheme or parts.netloc or url.startswith(("#", "/")) or not parts.path)


def rewrite_links(page_html, page_path, source_dir, root, out, lesson_stems, broken, lessons_dir=None, site=None):
    """Make the relative links of a rendered notebook resolve on the site.

    page_path is where the page is written (inside out, the edition's folder of the site); source_dir
    the notebook's folder in the repository, lessons_dir the edition's lessons (default root/lessons),
    site the whole site (default out).  Links to lesson notebooks go to their pages; links to other
    repository files copy them to where the link points in the site; anything else is added to broken.
    """
    lessons_dir = pathlib.Path(lessons_dir or root / "lessons").resolve()
    site = pathlib.Path(site or out)

    def fix_url(url):
        if not _is_relative_url(url):
            return url
        parts = urlsplit(url)
        path = unquote(parts.path)
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        target = (source_dir / path).resolve()
        if target == (root / SOURCES).resolve() and (out / "sources.html").is_file():
            return pathlib.PurePosixPath(os.path.relpath(out / "sources.html", page_path.parent)).as_posix() + fragment
        if target.suffix == ".ipynb" and target.parent == lessons_dir and target.stem in lesson_stems:
            return pathlib.PurePosixPath(path).with_suffix(".html").as_posix() + fragment
        if (page_path.parent / path).resolve().is_file():
            return url  # a figure or notebook this script wrote
        dest = (page_path.parent / path).resolve()
        if target.is_file() and target.is_relative_to(root.resolve()) and dest.is_relative_to(site.resolve()):
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(target, dest)
            return url
        broken.append(f"{page_path.relative_to(out)}: {url!r} points to nothing in the repository")
        return url

    def fix_tag(match):
        tag = match.group(0)
        if "data-site-nav" in tag:  # the template's own navigation, already right
            return tag
        return re.sub(r"""\b(href|src)=(["'])(.*?)\2""",
                      lambda m: f"{m.group(1)}={m.group(2)}{html.escape(fix_url(html.unescape(m.group(3))))}{m.group(2)}",
                      tag)

    return re.sub(r"<(?:a|img|source)\b[^>]*>", fix_tag, page_html)


def make_exporter(language="en"):
    exporter = HTMLExporter(template_name="lesson", extra_template_basedirs=[str(TEMPLATES)], language_code=language)
    exporter.exclude_input_prompt = False
    exporter.register_preprocessor(ExtractOutputPreprocessor(enabled=True), enabled=True)
    return exporter


def editions(root):
    """The editions present in root: English always, Chinese when lessons/zh/ holds lessons."""
    root = pathlib.Path(root)
    return [e for e in EDITIONS if e.code == "en" or any(
        LESSON_NAME.match(p.name) for p in (root / e.lessons).glob("*.ipynb"))]


def edition_lessons(root, edition):
    """The lessons of one edition, in order (as the site shows them)."""
    return [read_lesson(p)[1] for p in find_lessons(pathlib.Path(root) / edition.lessons)]


def _switch(edition, others, page):
    """The language switch of one page: links to the same page in each other edition (else to its course map).

    page is the page's path inside its edition ("index.html", "sources.html", "lessons/03_x.html").
    """
    links = []
    for other, pages in others:
        here = pathlib.PurePosixPath(edition.folder, page).parent
        target = page if page in pages else "index.html"
        href = os.path.relpath(pathlib.PurePosixPath(other.folder, target), here).replace(os.sep, "/")
        links.append({"href": href, "label": other.name, "lang": other.language,
                      "title": other.ui["switch_title"], "same_page": target == page})
    return links


def build(root=ROOT, out=None, quiet=False):
    """Build the site of root/lessons (and of root/lessons/zh, the Chinese edition) into out (default root/site).

    Returns the English lessons in order and the list of broken relative links of every edition (also printed).
    """
    root = pathlib.Path(root).resolve()
    out = pathlib.Path(out or root / "site").resolve()
    start = time.perf_counter()
    present = editions(root)
    read = {e.code: [read_lesson(p) for p in find_lessons(root / e.lessons)] for e in present}
    pages = {e.code: {"index.html", "sources.html"} | {f"lessons/{lesson.stem}.html" for _, lesson in read[e.code]}
             for e in present}

    if out.exists():
        if any(out.iterdir()) and not (out / MARKER).exists():
            raise SiteError(f"{out} exists and was not built by this script; remove it or choose --out")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / MARKER).write_text("built by tools/build_site.py; deleted and rebuilt by every build\n")
    copy_static(out)

    broken = []
    for edition in present:
        others = [(e, pages[e.code]) for e in present if e is not edition]
        _build_edition(root, out, edition, read[edition.code], others, broken)

    if not quiet:
        for message in broken:
            print(f"warning: broken link: {message}", file=sys.stderr)
        counts = ", ".join(f"{len(read[e.code])} lessons ({e.code})" for e in present)
        print(f"{out}: {counts} in {time.perf_counter() - start:.1f} s")
    return [lesson for _, lesson in read["en"]], broken


def _build_edition(root, site, edition, read, others, broken):
    """Write one edition's course map, sources page and lesson pages into site/edition.folder."""
    out = site / edition.folder if edition.folder else site
    lessons_dir = root / edition.lessons
    (out / "lessons").mkdir(parents=True, exist_ok=True)
    static = os.path.relpath(site / "static", out).replace(os.sep, "/") + "/"
    notebooks, lessons = zip(*read)
    exporter = make_exporter(edition.language.split("-")[0])  # nbconvert takes ISO 639-1 codes only ("zh")
    stems = {lesson.stem for lesson in lessons}
    entries = []
    sources = build_sources(root, out, stems, broken, edition=edition, static=static,
                            switch=_switch(edition, others, "sources.html"), lessons_dir=lessons_dir, site=site)
    for i, (nb, lesson) in enumerate(zip(notebooks, lessons)):
        exercise = root / edition.exercises / lesson.path.name
        if exercise.is_file():
            (out / "exercises").mkdir(exist_ok=True)
            shutil.copyfile(exercise, out / "exercises" / exercise.name)
        shutil.copyfile(lesson.path, out / "lessons" / lesson.path.name)

        def link(other):
            return {"href": f"{other.stem}.html", "number": other.number, "title_html": other.title_html}

        course = {
            "root": "../",
            "static": f"../{static}",
            "prev": link(lessons[i - 1]) if i > 0 else None,
            "next": link(lessons[i + 1]) if i + 1 < len(lessons) else None,
            "exercise": f"../exercises/{exercise.name}" if exercise.is_file() else None,
            "notebook": lesson.path.name,
            "ui": edition.ui,
            "switch": _switch(edition, others, f"lessons/{lesson.stem}.html"),
        }
        nb = nbformat.from_dict(json.loads(json.dumps(nb)))  # a copy: the title is set for the page only
        nb.metadata["title"] = f"{lesson.number} · {lesson.title_text}"
        resources = {"course": course, "unique_key": lesson.stem, "output_files_dir": f"{lesson.stem}_files"}
        body, resources = exporter.from_notebook_node(nb, resources=resources)
        for name, data in resources.get("outputs", {}).items():
            dest = out / "lessons" / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(data)
        page = out / "lessons" / f"{lesson.stem}.html"
        body = rewrite_links(body, page, lesson.path.parent, root, out, stems, broken, lessons_dir=lessons_dir, site=site)
        body = body.replace(f'<html lang="{exporter.language_code}">', f'<html lang="{edition.language}">', 1)
        page.write_text(body)
        entries.append({
            "number": lesson.number,
            "href": f"lessons/{lesson.stem}.html",
            "title_html": lesson.title_html,
            "summary_html": markdown2html_mistune(lesson.summary),
            "exercise": course["exercise"] and course["exercise"].removeprefix("../"),
            "notebook": f"lessons/{lesson.path.name}",
        })

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=False)
    index = env.get_template("course_index.html.j2").render(
        course_title=_course_title(root, edition.readme), lessons=entries, sources=sources, ui=edition.ui,
        language=edition.language, switch=_switch(edition, others, "index.html"),
        resources={"course": {"root": "", "static": static}})
    (out / "index.html").write_text(index)


def build_sources(root, out, stems, broken, edition=EDITIONS[0], static="static/", switch=(), lessons_dir=None,
                  site=None):
    """Render root/SOURCES.md as out/sources.html; return its href for the course map, or None without one."""
    source = root / SOURCES
    if not source.is_file():
        return None
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=False)
    page = out / "sources.html"
    body = env.get_template("sources.html.j2").render(
        course_title=_course_title(root, edition.readme), body=edition.ui["sources_note"] + markdown2html_mistune(
            source.read_text()), ui=edition.ui, language=edition.language, switch=switch,
        resources={"course": {"root": "", "static": static}})
    page.write_text(rewrite_links(body, page, root, root, out, stems, broken, lessons_dir=lessons_dir, site=site))
    return page.name


def _course_title(root, readme="README.md"):
    readme = root / readme
    if readme.is_file():
        for line in readme.read_text().splitlines():
            if line.startswith("# "):
                return html.escape(line[2:].strip())
    return DEFAULT_TITLE


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=pathlib.Path, default=ROOT, help="the repository (default: this one)")
    parser.add_argument("--out", type=pathlib.Path, default=None, help="output folder (default: ROOT/site)")
    args = parser.parse_args(argv)
    try:
        build(args.root, args.out)
    except SiteError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

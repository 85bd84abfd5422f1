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
NUMBER_PREFIX = re.compile(r"^(?:Lesson\s+)?\d\d\s*[—–·:.-]\s*", re.I)  # "Lesson 03 — ", "03 · "


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


def rewrite_links(page_html, page_path, source_dir, root, out, lesson_stems, broken):
    """Make the relative links of a rendered notebook resolve on the site.

    page_path is where the page is written (inside out); source_dir the notebook's folder in the
    repository.  Links to lesson notebooks go to their pages; links to other repository files
    copy them to the same place under out; anything else is added to broken.
    """

    def fix_url(url):
        if not _is_relative_url(url):
            return url
        parts = urlsplit(url)
        path = unquote(parts.path)
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        target = (source_dir / path).resolve()
        if target == (root / SOURCES).resolve() and (out / "sources.html").is_file():
            return pathlib.PurePosixPath(os.path.relpath(out / "sources.html", page_path.parent)).as_posix() + fragment
        if target.suffix == ".ipynb" and target.parent == (root / "lessons").resolve() and target.stem in lesson_stems:
            return pathlib.PurePosixPath(path).with_suffix(".html").as_posix() + fragment
        if (page_path.parent / path).resolve().is_file():
            return url  # a figure or notebook this script wrote
        if target.is_file() and target.is_relative_to(root.resolve()):
            dest = out / target.relative_to(root.resolve())
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


def make_exporter():
    exporter = HTMLExporter(template_name="lesson", extra_template_basedirs=[str(TEMPLATES)])
    exporter.exclude_input_prompt = False
    exporter.register_preprocessor(ExtractOutputPreprocessor(enabled=True), enabled=True)
    return exporter


def build(root=ROOT, out=None, quiet=False):
    """Build the site of root/lessons into out (default root/site).

    Returns the lessons in order and the list of broken relative links (also printed).
    """
    root = pathlib.Path(root).resolve()
    out = pathlib.Path(out or root / "site").resolve()
    start = time.perf_counter()
    paths = find_lessons(root / "lessons")
    notebooks, lessons = zip(*(read_lesson(p) for p in paths))

    if out.exists():
        if any(out.iterdir()) and not (out / MARKER).exists():
            raise SiteError(f"{out} exists and was not built by this script; remove it or choose --out")
        shutil.rmtree(out)
    (out / "lessons").mkdir(parents=True)
    (out / MARKER).write_text("built by tools/build_site.py; deleted and rebuilt by every build\n")
    copy_static(out)

    exporter = make_exporter()
    stems = {lesson.stem for lesson in lessons}
    broken = []
    entries = []
    sources = build_sources(root, out, stems, broken)
    for i, (nb, lesson) in enumerate(zip(notebooks, lessons)):
        exercise = root / "exercises" / lesson.path.name
        if exercise.is_file():
            (out / "exercises").mkdir(exist_ok=True)
            shutil.copyfile(exercise, out / "exercises" / exercise.name)
        shutil.copyfile(lesson.path, out / "lessons" / lesson.path.name)

        def link(other):
            return {"href": f"{other.stem}.html", "number": other.number, "title_html": other.title_html}

        course = {
            "root": "../",
            "prev": link(lessons[i - 1]) if i > 0 else None,
            "next": link(lessons[i + 1]) if i + 1 < len(lessons) else None,
            "exercise": f"../exercises/{exercise.name}" if exercise.is_file() else None,
            "notebook": lesson.path.name,
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
        body = rewrite_links(body, page, lesson.path.parent, root, out, stems, broken)
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
        course_title=_course_title(root), lessons=entries, sources=sources, resources={"course": {"root": ""}})
    (out / "index.html").write_text(index)

    if not quiet:
        for message in broken:
            print(f"warning: broken link: {message}", file=sys.stderr)
        print(f"{out}: {len(lessons)} lessons in {time.perf_counter() - start:.1f} s")
    return list(lessons), broken


def build_sources(root, out, stems, broken):
    """Render root/SOURCES.md as out/sources.html; return its href for the course map, or None without one."""
    source = root / SOURCES
    if not source.is_file():
        return None
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=False)
    page = out / "sources.html"
    body = env.get_template("sources.html.j2").render(
        course_title=_course_title(root), body=markdown2html_mistune(source.read_text()),
        resources={"course": {"root": ""}})
    page.write_text(rewrite_links(body, page, root, root, out, stems, broken))
    return page.name


def _course_title(root):
    readme = root / "README.md"
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

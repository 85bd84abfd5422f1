"""The static site (`make site`) in a real browser: every lesson page reads right, offline.

The site is built once into a temporary folder and opened from file:// in headless Chromium with
the network cut off (see browser_support).  For the course map and for every lesson page:

* no console error, no uncaught script error, no request that failed or left the machine;
* MathJax finished (``MathJax.startup.promise``) and typeset every formula: at least as many
  display formulas as the notebook's Markdown holds, one more typeset element per LaTeX output,
  no MathJax error box, no raw ``$$``, ``\\begin`` or ``\\command`` left in the reading text,
  and its web fonts loaded (a missing font shows boxes, though the formulas still "count");
* every figure loaded (``naturalWidth > 0``), and there are as many as the notebook's image outputs;
* previous / course map / next go to the neighbouring pages, and every relative link or image
  of the page points to a file of the site.

The same holds for the Chinese edition (``site/zh/``, built from ``lessons/zh/``), and on every page of
both editions the language switch (中文 / English) goes to the same page in the other edition.  On the
Chinese pages the Chinese text is drawn with a CJK font: Chromium reports, through the DevTools
protocol (``CSS.getPlatformFontsForNode``), which installed font drew the glyphs of a paragraph, and
every Chinese character must be drawn by a font that fontconfig lists for Chinese (``fc-list :lang=zh``),
not by a fallback that shows boxes.

Screenshots of the course map and of one lesson per edition go to test-artifacts/ for a person to look at.
"""

import importlib.util
import json
import pathlib
import re
import subprocess
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
from browser_support import ARTIFACTS, ROOT, chromium, expected_math, watch

pytestmark = pytest.mark.xdist_group("browser")

LESSON_FILES = sorted(p for p in (ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))
ZH_LESSON_FILES = sorted(p for p in (ROOT / "lessons" / "zh").glob("[0-9][0-9]_*.ipynb"))
EDITION_LESSONS = [("en", p.stem) for p in LESSON_FILES] + [("zh", p.stem) for p in ZH_LESSON_FILES]
SCREENSHOT_LESSON = "03_output_delta"  # the lesson whose page is photographed (else the first)
CJK = re.compile(r"[\u4e00-\u9fff]")
MATHJAX_TIMEOUT_MS = 20_000

# Run in the page once MathJax is done: what a reader sees, measured.
MEASURE = """async () => {
  await MathJax.startup.promise;
  await document.fonts.ready;
  const prose = document.querySelector('main').cloneNode(true);
  prose.querySelectorAll('pre, code, script, style, mjx-container, nav, .jp-InputArea-editor, .jp-InputPrompt, '
                         + '.jp-OutputPrompt, .jp-RenderedText')
       .forEach(e => e.remove());
  const fonts = [...document.fonts].filter(f => f.family.replace(/["']/g, '').startsWith('MJX'));
  const hrefs = [...document.querySelectorAll('a[href], img[src], link[href], script[src]')].map(
      e => ({tag: e.tagName, attr: e.getAttribute('href') ?? e.getAttribute('src'), url: e.href || e.src}));
  return {
    containers: document.querySelectorAll('mjx-container').length,
    display: document.querySelectorAll('mjx-container[display="true"]').length,
    errors: [...document.querySelectorAll('mjx-merror')].map(e => e.getAttribute('data-mjx-error') || e.textContent),
    undefined: [...document.querySelectorAll('mjx-assistive-mml mtext[mathcolor="red"]')].map(e => e.textContent),
    text: prose.innerText,
    fonts: fonts.map(f => [f.family, f.status]),
    images: [...document.querySelectorAll('img')].map(i => ({src: i.getAttribute('src'), ok: i.complete && i.naturalWidth > 0})),
    links: hrefs,
    nav: Object.fromEntries(['prev', 'index', 'next'].map(rel => [rel,
        [...document.querySelectorAll(`nav a[rel="${rel}"]`)].map(a => a.href)])),
    title: document.title,
  };
}"""


def load_builder():
    spec = importlib.util.spec_from_file_location("build_site", ROOT / "tools" / "build_site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BUILDER = load_builder()
EDITIONS = {e.code: e for e in BUILDER.EDITIONS}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The whole site, both editions: (site folder, {edition: its lessons}, broken links)."""
    out = tmp_path_factory.mktemp("site") / "site"
    lessons, broken = BUILDER.build(ROOT, out, quiet=True)
    editions = {e.code: BUILDER.edition_lessons(ROOT, e) for e in BUILDER.editions(ROOT)}
    assert [lesson.stem for lesson in editions["en"]] == [lesson.stem for lesson in lessons]
    return out, editions, broken


@pytest.fixture(scope="module")
def site(built):
    """The English edition as the tests of one edition see it: (its folder, its lessons, broken links)."""
    out, editions, broken = built
    return out, editions["en"], broken


def edition_dir(site_dir, code):
    return site_dir / EDITIONS[code].folder if EDITIONS[code].folder else site_dir


def counterpart(site_dir, code, page):
    """Where the language switch of ``page`` (a path inside edition ``code``) must lead, in every other edition."""
    out = {}
    for other in EDITIONS.values():
        if other.code == code:
            continue
        same = edition_dir(site_dir, other.code) / page
        out[other.code] = same if same.is_file() else edition_dir(site_dir, other.code) / "index.html"
    return out


def switch_problems(page, site_dir, code, path):
    """The switch (a[rel=alternate]) of a page leads to the same page in the other edition, labelled in its language."""
    links = page.eval_on_selector_all('a[rel="alternate"].course-language', """links => links.map(a => ({
        href: a.href, lang: a.getAttribute('hreflang'), label: a.textContent.trim()}))""")
    want = counterpart(site_dir, code, path.relative_to(edition_dir(site_dir, code)).as_posix())
    problems = []
    if not links:
        return [f"{path.name}: no language switch"]
    for link in links:
        target = local_file(link["href"])
        other = next((e for e in EDITIONS.values() if e.language == link["lang"]), None)
        if other is None or other.code == code:
            problems.append(f"switch link {link} names no other edition")
        elif target != want[other.code]:
            problems.append(f"switch to {other.code} goes to {target}, expected {want[other.code]}")
        elif not target.is_file():
            problems.append(f"switch to {other.code}: {target} does not exist")
        elif link["label"] != other.name:
            problems.append(f"switch to {other.code} is labelled {link['label']!r}, expected {other.name!r}")
    if {EDITIONS[c].language for c in want} != {link["lang"] for link in links}:
        problems.append(f"switch links {links} do not cover the editions {sorted(want)}")
    return problems


def cjk_font_families():
    """The font families fontconfig lists for Chinese (what Chromium can draw Chinese text with)."""
    try:
        listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return set()
    return {name.strip() for line in listed.splitlines() for name in line.split(",") if name.strip()}


def cjk_rendering_problems(page):
    """Which fonts drew the Chinese characters of the first Chinese paragraph; all must be CJK fonts."""
    families = cjk_font_families()
    if not families:
        return ["no CJK font is installed (fc-list :lang=zh is empty): apt-get install fonts-wqy-microhei, "
                "which `make test` does itself when run as root"]
    page.evaluate("""() => {
        const p = [...document.querySelectorAll('main p, main li, main h1, main td')]
            .find(e => /[\u4e00-\u9fff]{4}/.test(e.textContent) && !e.querySelector('mjx-container, code'));
        if (p) p.setAttribute('data-cjk-probe', '1');
    }""")
    text = page.evaluate("() => document.querySelector('[data-cjk-probe]')?.textContent ?? null")
    if text is None:
        return ["no paragraph of Chinese text on the page"]
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    document = cdp.send("DOM.getDocument", {"depth": -1})
    node = cdp.send("DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": "[data-cjk-probe]"})
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    drawn_by_cjk = sum(f["glyphCount"] for f in fonts if f["familyName"] in families)
    wanted = len(CJK.findall(text))
    if drawn_by_cjk < wanted:
        return [f"{wanted} Chinese characters in {text[:40]!r}…, but CJK fonts drew {drawn_by_cjk} glyphs: {fonts}"]
    return []


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.seen = watch(context)
    yield page
    context.close()


def local_file(url):
    parts = urlsplit(url)
    return pathlib.Path(unquote(parts.path)) if parts.scheme == "file" else None


def open_and_measure(page, path):
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise",
                           timeout=MATHJAX_TIMEOUT_MS)
    return page.evaluate(MEASURE)


def reading_problems(m):
    """Raw TeX or math errors that a reader would see."""
    problems = [f"MathJax error: {e}" for e in m["errors"]]
    problems += [f"undefined TeX macro: {e}" for e in m["undefined"]]
    for pattern, what in [(r"\$\$", "raw $$"), (r"\\begin\{|\\end\{", "raw \\begin/\\end"),
                          (r"\\[A-Za-z]+", "raw TeX command"), (r"\$[^$\n]+\$", "raw $…$")]:
        for hit in re.finditer(pattern, m["text"]):
            excerpt = " ".join(m["text"][max(0, hit.start() - 40):hit.end() + 40].split())
            problems.append(f"{what} in the text: …{excerpt}…")
            break
    broken_fonts = [family for family, status in m["fonts"] if status == "error"]
    if broken_fonts:
        problems.append(f"MathJax fonts failed to load: {broken_fonts}")
    if m["containers"] and not any(status == "loaded" for _, status in m["fonts"]):
        problems.append(f"math was typeset but no MathJax font loaded: {m['fonts']}")
    return problems


def link_problems(m, site_dir):
    problems = []
    for link in m["links"]:
        path = local_file(link["url"])
        if path is None or link["attr"].startswith("#"):
            continue
        if not path.is_file():
            problems.append(f"<{link['tag'].lower()}> {link['attr']!r} → {path} does not exist")
        elif not path.resolve().is_relative_to(site_dir.resolve()):
            problems.append(f"<{link['tag'].lower()}> {link['attr']!r} leaves the site: {path}")
    return problems


@pytest.mark.parametrize("code", ["en", "zh"])
def test_course_map(built, page, code):
    root_dir, editions, broken = built
    assert code in editions, f"edition {code} not built: {ROOT / EDITIONS[code].lessons} has no lessons"
    site_dir, lessons = edition_dir(root_dir, code), editions[code]
    assert lessons, "no lessons/NN_slug.ipynb to build a site from"
    m = open_and_measure(page, site_dir / "index.html")
    problems = page.seen.problems() + reading_problems(m) + link_problems(m, root_dir)
    problems += switch_problems(page, root_dir, code, site_dir / "index.html")
    if code == "zh":
        problems += cjk_rendering_problems(page)
    problems += [f"the builder found a broken link: {b}" for b in broken]
    entries = page.eval_on_selector_all(".course-map > li", """items => items.map(li => ({
        number: li.querySelector('.course-number').textContent.trim(),
        title: li.querySelector('a.course-lesson').textContent.trim(),
        href: li.querySelector('a.course-lesson').href,
        summary: li.querySelector('.course-summary').textContent.trim(),
        exercise: li.querySelector('a.course-exercise')?.href ?? null}))""")
    assert [e["number"] for e in entries] == [lesson.number for lesson in lessons]
    for entry, lesson in zip(entries, lessons):
        assert local_file(entry["href"]) == site_dir / "lessons" / f"{lesson.stem}.html"
        assert entry["title"] and entry["summary"], f"lesson {lesson.number} has no title or summary on the map"
        has_exercise = (ROOT / EDITIONS[code].exercises / lesson.path.name).is_file()
        assert (entry["exercise"] is not None) == has_exercise, f"lesson {lesson.number}: exercise link"
        if has_exercise:
            assert local_file(entry["exercise"]) == site_dir / "exercises" / lesson.path.name
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / ("site-index.png" if code == "en" else f"site-{code}-index.png"), full_page=True)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("code, name", EDITION_LESSONS or [("en", "no lessons in lessons/")])
def test_lesson_page(built, page, code, name):
    root_dir, editions, _ = built
    site_dir, lessons = edition_dir(root_dir, code), editions.get(code, [])
    stems = [lesson.stem for lesson in lessons]
    assert name in stems, f"{name}: not built (lessons built: {stems})"
    i = stems.index(name)
    lesson = lessons[i]
    nb = nbformat.read(lesson.path, as_version=4)
    want_display, want_latex, want_images = expected_math(nb)

    m = open_and_measure(page, site_dir / "lessons" / f"{name}.html")
    problems = page.seen.problems() + reading_problems(m) + link_problems(m, root_dir)
    problems += switch_problems(page, root_dir, code, site_dir / "lessons" / f"{name}.html")
    if code == "zh":
        problems += cjk_rendering_problems(page)
    if m["display"] < want_display:
        problems.append(f"{m['display']} display formulas typeset, the Markdown has {want_display}")
    if m["containers"] < want_display + want_latex:
        problems.append(f"{m['containers']} formulas typeset, expected at least {want_display} display "
                        f"formulas and {want_latex} LaTeX outputs")
    problems += [f"figure did not load: {img['src'][:80]}" for img in m["images"] if not img["ok"]]
    if len(m["images"]) < want_images:
        problems.append(f"{len(m['images'])} figures on the page, the notebook has {want_images}")
    if lesson.title_text not in m["title"]:
        problems.append(f"page title {m['title']!r} does not name the lesson {lesson.title_text!r}")

    # Navigation, above and below the lesson: previous, course map, next.
    expect = {"prev": stems[i - 1] if i > 0 else None, "next": stems[i + 1] if i + 1 < len(stems) else None}
    for rel, stem in expect.items():
        want = [site_dir / "lessons" / f"{stem}.html"] * 2 if stem else []
        got = [local_file(url) for url in m["nav"][rel]]
        if got != want:
            problems.append(f"{rel} links go to {got}, expected {want}")
    if [local_file(url) for url in m["nav"]["index"]] != [site_dir / "index.html"] * 2:
        problems.append(f"course-map links go to {m['nav']['index']}")

    if name == SCREENSHOT_LESSON or (SCREENSHOT_LESSON not in stems and i == 0):
        ARTIFACTS.mkdir(exist_ok=True)
        page.evaluate("""() => (document.querySelector('mjx-container[display="true"]')
                               || document.querySelector('mjx-container') || document.body).scrollIntoView()""")
        page.evaluate("() => window.scrollBy(0, -250)")
        shot = f"site-{name}" if code == "en" else f"site-{code}-{name}"
        page.screenshot(path=ARTIFACTS / f"{shot}.png")
        (ARTIFACTS / f"{shot}.json").write_text(json.dumps(
            {k: m[k] for k in ("containers", "display", "fonts")}, indent=1))

    assert not problems, f"{code}/{name}.html:\n" + "\n".join(problems)


def test_sources_page(site, page):
    """SOURCES.md becomes sources.html, linked from the course map and from the lessons that cite it."""
    site_dir, _, broken = site
    assert (ROOT / "SOURCES.md").is_file(), "SOURCES.md, the sources page, is missing"
    m = open_and_measure(page, site_dir / "sources.html")
    problems = page.seen.problems() + reading_problems(m) + link_problems(m, site_dir)
    problems += [f"the builder found a broken link: {b}" for b in broken]
    for seed in ("Seed 000", "Seed 001", "Seed 002", "Seed 003", "Seed 004"):
        if seed not in m["text"]:
            problems.append(f"{seed} is not on the sources page")
    index = open_and_measure(page, site_dir / "index.html")
    if site_dir / "sources.html" not in [local_file(link["url"]) for link in index["links"]]:
        problems.append("the course map does not link to sources.html")
    welcome = open_and_measure(page, site_dir / "lessons" / "00_welcome.html")
    if site_dir / "sources.html" not in [local_file(link["url"]) for link in welcome["links"]]:
        problems.append("lesson 00 does not link to sources.html")
    assert not problems, "\n".join(problems)


def test_chinese_sources_page(built, page):
    """zh/sources.html: the sources (in English, said so in Chinese), the switch, and lesson 00 of zh links to it."""
    root_dir, editions, _ = built
    zh = edition_dir(root_dir, "zh")
    m = open_and_measure(page, zh / "sources.html")
    problems = page.seen.problems() + reading_problems(m) + link_problems(m, root_dir)
    problems += switch_problems(page, root_dir, "zh", zh / "sources.html")
    if "Seed 000" not in m["text"] or "本页只有英文版" not in m["text"]:
        problems.append("zh/sources.html lacks the seeds or the note that the page is in English")
    english = open_and_measure(page, root_dir / "sources.html")
    problems += switch_problems(page, root_dir, "en", root_dir / "sources.html")
    assert english["text"]
    welcome = open_and_measure(page, zh / "lessons" / "00_welcome.html")
    if zh / "sources.html" not in [local_file(link["url"]) for link in welcome["links"]]:
        problems.append("lesson 00 of the Chinese edition does not link to zh/sources.html")
    assert not problems, "\n".join(problems)

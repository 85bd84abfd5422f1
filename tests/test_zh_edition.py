"""The Chinese edition (issue 18) cannot drift from the English one.

``lessons/zh/`` and ``solutions/zh/`` are written by ``tools/translate.py build`` from the English
notebooks and ``i18n/zh/``.  These tests hold the two editions together:

* the same notebooks exist in both editions;
* every code cell is the same, token for token (comments may be translated);
* every output is the same, except the prose that ``check(...)`` prints in the notebook's language,
  which must be Chinese in the Chinese edition and report the same passes and failures;
* every stored Chinese notebook is what ``build`` writes now from the English one and its translation
  (so a change on the English side that was not carried over fails);
* every Markdown cell is translated (``translate.py check``): this one fails while the translators
  are still at work, and names the notebooks and cells that are left;

and ``tools/translate.py`` itself is tested on a small notebook of its own (nbval runs the Chinese
notebooks themselves, like the English ones).
"""

import importlib.util
import io
import re
import tokenize

import nbformat
import pytest

from nnlib.data import GLOSSARY_PATH

ROOT = GLOSSARY_PATH.parent.parent
FOLDERS = ("lessons", "solutions")

_spec = importlib.util.spec_from_file_location("translate", ROOT / "tools" / "translate.py")
translate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(translate)

ENGLISH = sorted(p for folder in FOLDERS for p in (ROOT / folder).glob("[0-9][0-9]_*.ipynb"))
PAIRS = [pytest.param(p, translate.zh_notebook(p), id=f"{p.parent.name}/{p.stem}") for p in ENGLISH]
CJK = re.compile(r"[\u4e00-\u9fff]")
MARKS = re.compile(r"[✓✗]")


def read(path):
    return nbformat.read(str(path), as_version=4)


def code_tokens(source):
    """The tokens of a code cell, comments and blank lines left out; IPython magics (``%…``) tokenize as operators."""
    try:
        return [(tok.type, tok.string) for tok in tokenize.generate_tokens(io.StringIO(source + "\n").readline)
                if tok.type not in (tokenize.COMMENT, tokenize.NL)]
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return [("source", source)]


def coalesced(outputs):
    """Consecutive stream outputs of one stream joined, as nbval compares them (a kernel may split a print)."""
    merged = []
    for out in outputs:
        if merged and out.output_type == "stream" and merged[-1].output_type == "stream" \
                and merged[-1].name == out.name:
            merged[-1] = nbformat.from_dict({**merged[-1], "text": merged[-1].text + out.text})
        else:
            merged.append(out)
    return merged


def output_text(out):
    return out.get("text") or "".join(str(v) for v in out.get("data", {}).values())


@pytest.mark.parametrize("folder", FOLDERS)
def test_the_same_notebooks_in_both_editions(folder):
    english = sorted(p.name for p in (ROOT / folder).glob("[0-9][0-9]_*.ipynb"))
    chinese = sorted(p.name for p in (ROOT / folder / "zh").glob("*.ipynb"))
    assert english, folder
    assert chinese == english, "run `make zh` (python tools/translate.py build)"


EXERCISES = sorted((ROOT / "exercises").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda p: p.stem)
def test_every_exercise_exists_in_chinese_with_the_same_code(exercise):
    """exercises/zh/ is written by `python -m nnlib.grading build` from solutions/zh/ (issue 18)."""
    chinese = ROOT / "exercises" / "zh" / exercise.name
    assert chinese.is_file(), f"{chinese.relative_to(ROOT)} is missing: run `python -m nnlib.grading build`"
    en, zh = read(exercise), read(chinese)
    assert [c.cell_type for c in zh.cells] == [c.cell_type for c in en.cells]
    for i, (a, b) in enumerate(zip(en.cells, zh.cells)):
        if a.cell_type == "code":
            assert code_tokens(b.source) == code_tokens(a.source), f"code cell {i} differs"


def test_nbval_collects_the_chinese_notebooks():
    """pytest's testpaths reach lessons/zh: nothing in conftest.py leaves a lesson out.

    Only the Chinese solutions are left to the tests here (their code and outputs are the English ones',
    which nbval re-executes), so that nbval does not run the same solutions twice.
    """
    import conftest

    ignored = [pattern for pattern in conftest.collect_ignore_glob if pattern.split("/")[0] in FOLDERS]
    assert ignored == ["solutions/zh/*"]
    text = (ROOT / "pyproject.toml").read_text()
    assert re.search(r'testpaths = \[[^]]*"lessons"[^]]*"solutions"', text)
    assert "--nbval" in text


@pytest.mark.parametrize("english, chinese", PAIRS)
def test_code_is_the_same_token_for_token(english, chinese):
    en, zh = read(english), read(chinese)
    assert [c.cell_type for c in zh.cells] == [c.cell_type for c in en.cells]
    for i, (a, b) in enumerate(zip(en.cells, zh.cells)):
        if a.cell_type == "code":
            assert code_tokens(b.source) == code_tokens(a.source), f"code cell {i} differs"
            assert b.metadata.get("tags") == a.metadata.get("tags"), f"cell {i}: tags differ"


@pytest.mark.parametrize("english, chinese", PAIRS)
def test_outputs_are_the_same_except_checks_prose(english, chinese):
    en, zh = read(english), read(chinese)
    checks = set(translate.language_dependent(en))
    for i, (a, b) in enumerate(zip(en.cells, zh.cells)):
        if a.cell_type != "code":
            continue
        assert b.get("execution_count") == a.get("execution_count"), f"cell {i}"
        if i not in checks:
            assert b.outputs == a.outputs, f"code cell {i}: outputs differ"
            continue
        # check(...) speaks the notebook's language: the same outputs, passes and failures, in Chinese.
        outs_en, outs_zh = coalesced(a.outputs), coalesced(b.outputs)
        assert [(o.output_type, o.get("name")) for o in outs_zh] == [(o.output_type, o.get("name")) for o in outs_en]
        for out_en, out_zh in zip(outs_en, outs_zh):
            text_en, text_zh = output_text(out_en), output_text(out_zh)
            assert MARKS.findall(text_zh) == MARKS.findall(text_en), f"cell {i}: other passes or failures"
            if CJK.search(text_en) is None and re.search(r"[A-Za-z]{3}", text_en):
                assert CJK.search(text_zh), f"cell {i}: check(...) printed English in the Chinese edition:\n{text_zh}"


@pytest.mark.parametrize("english, chinese", PAIRS)
def test_the_chinese_notebook_is_built_from_the_current_english_one(english, chinese):
    assert translate.up_to_date(english), (
        f"{chinese.relative_to(ROOT)} is not what `python tools/translate.py build` writes now from "
        f"{english.relative_to(ROOT)} and {translate.translation_file(english).relative_to(ROOT)}: run `make zh`")
    zh = read(chinese)
    assert zh.metadata["nnlib"] == {"language": "zh", "english": translate.english_digest(read(english))}


@pytest.mark.parametrize("english, chinese", PAIRS)
def test_every_markdown_cell_is_translated(english, chinese):
    """Fails until the translators have filled every block of i18n/zh/ (issue 18); it names what is left."""
    problems = [p for p in translate.problems(english) if "out of date" not in p]
    assert problems == [], "\n".join(problems)


# ---- tools/translate.py on a notebook of its own ----------------------------------------------------------------

@pytest.fixture
def demo(tmp_path, monkeypatch):
    """An English notebook ``lessons/99_demo.ipynb`` in a temporary course, with its own i18n folder."""
    monkeypatch.setattr(translate, "I18N", tmp_path / "i18n" / "zh")
    (tmp_path / "lessons").mkdir()
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
                   "language_info": {"name": "python"}}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Demo\n\nSee [the sources](../SOURCES.md) and [lesson 98](98_other.ipynb).",
                                      id="cell-00"),
        nbformat.v4.new_code_cell("x = 1  # one\nprint(x)", id="cell-01", execution_count=1,
                                  outputs=[nbformat.v4.new_output("stream", name="stdout", text="1\n")]),
        nbformat.v4.new_markdown_cell("The **error** $\\delta$.", id="cell-02"),
        nbformat.v4.new_code_cell("check(f)", id="cell-03", execution_count=2,
                                  outputs=[nbformat.v4.new_output("stream", name="stdout", text="f: 1 of 1 passed\n  ✓ a\n")]),
    ]
    path = tmp_path / "lessons" / "99_demo.ipynb"
    nbformat.write(nb, str(path))
    nbformat.write(nbformat.v4.new_notebook(), str(tmp_path / "lessons" / "98_other.ipynb"))
    return path


def fill(path, translations):
    """Write Chinese text under each English block of the translation file, as a translator does."""
    text = path.read_text(encoding="utf-8")
    blocks = re.split(r"(?=<!-- en [0-9a-f]{12}\n)", text)
    out = []
    for block, zh in zip([b for b in blocks if b], translations):
        head = block[: block.index("\n-->\n") + 5]
        out.append(f"{head}{zh}\n")
    path.write_text("\n".join(out), encoding="utf-8")


def test_template_writes_one_block_per_markdown_cell_and_keeps_translations(demo):
    md = translate.template(demo)
    assert md == translate.I18N / "lessons" / "99_demo.md"
    blocks = translate.read_blocks(md)
    assert [(h, en) for h, en, _ in blocks] == [
        (translate.key(c.source), c.source) for c in read(demo).cells if c.cell_type == "markdown"]
    assert all(zh == "" for _, _, zh in blocks)
    fill(md, ["# 演示\n\n见[来源](../SOURCES.md)和[第 98 课](98_other.ipynb)。", "**误差** $\\delta$。"])
    translate.template(demo)                     # a refresh keeps what is translated
    assert [zh for _, _, zh in translate.read_blocks(md)] == [
        "# 演示\n\n见[来源](../SOURCES.md)和[第 98 课](98_other.ipynb)。", "**误差** $\\delta$。"]


def test_a_stale_translation_is_detected_kept_and_not_built(demo):
    md = translate.template(demo)
    fill(md, ["# 演示", "**误差** $\\delta$。"])
    translate.build(demo, run=False)
    assert translate.problems(demo) == []
    nb = read(demo)
    nb.cells[2].source = "The **error of layer $l$** $\\delta^l$."      # the English changes
    nbformat.write(nb, str(demo))
    problems = translate.problems(demo)
    assert any("Markdown cell 2 has no translation (or its English text changed)" in p for p in problems)
    assert any("out of date" in p for p in problems)
    translate.template(demo)
    blocks = translate.read_blocks(md)
    assert blocks[1][1] == "The **error of layer $l$** $\\delta^l$."
    assert blocks[1][2] == f"{translate.STALE}\n**误差** $\\delta$。"   # the old translation, marked for revision
    assert any("Markdown cell 2 is not translated yet" in p for p in translate.problems(demo))
    zh = read(translate.build(demo, run=False))
    assert zh.cells[2].source == "The **error of layer $l$** $\\delta^l$."  # a stale translation falls back to English
    assert translate.main(["check", str(demo)]) == 1


def test_build_replaces_only_the_markdown(demo):
    md = translate.template(demo)
    fill(md, ["# 演示\n\n见[来源](../SOURCES.md)和[第 98 课](98_other.ipynb)。", "**误差** $\\delta$。"])
    en = read(demo)
    out = translate.build(demo, run=False)
    assert out == demo.parent / "zh" / "99_demo.ipynb"
    zh = read(out)
    assert zh.cells[0].source == "# 演示\n\n见[来源](../../SOURCES.md)和[第 98 课](98_other.ipynb)。"  # relinked from zh/
    assert zh.cells[2].source == "**误差** $\\delta$。"
    for a, b in zip(en.cells, zh.cells):
        assert (a.cell_type, a.id, a.metadata) == (b.cell_type, b.id, b.metadata)
        if a.cell_type == "code":
            assert (a.source, a.outputs, a.execution_count) == (b.source, b.outputs, b.execution_count)
    assert zh.metadata["kernelspec"] == en.metadata["kernelspec"]
    assert zh.metadata["nnlib"] == {"language": "zh", "english": translate.english_digest(en)}
    assert translate.up_to_date(demo) and translate.problems(demo) == []
    assert translate.main(["check", "--summary", str(demo)]) == 0
    # A translation edited after the build leaves the stored notebook out of date.
    fill(md, ["# 演示（修订）", "**误差** $\\delta$。"])
    assert not translate.up_to_date(demo)


def test_build_keeps_the_chinese_check_output_only_while_the_english_is_unchanged(demo):
    translate.template(demo)
    out = translate.build(demo, run=False)
    zh = read(out)
    zh.cells[3].outputs = [nbformat.v4.new_output("stream", name="stdout", text="f：1 个公开测试中通过了 1 个\n  ✓ a\n")]
    nbformat.write(zh, str(out))                       # as a run in the zh folder leaves it
    rebuilt = read(translate.build(demo, run=False))
    assert "通过" in rebuilt.cells[3].outputs[0].text   # reused: the English code and outputs did not change
    assert rebuilt.cells[1].outputs[0].text == "1\n"
    assert translate.up_to_date(demo)
    nb = read(demo)
    nb.cells[1].source = "x = 2  # two\nprint(x)"
    nb.cells[1].outputs[0].text = "2\n"
    nbformat.write(nb, str(demo))
    assert not translate.up_to_date(demo)
    rebuilt = read(translate.build(demo, run=False))   # not reused: it belonged to other code
    assert rebuilt.cells[3].outputs == nb.cells[3].outputs
    assert rebuilt.cells[1].outputs[0].text == "2\n"


def test_code_tokens_ignore_comments_only():
    assert code_tokens("x = f(1)  # English\n") == code_tokens("x = f(1)  # 中文注释\n")
    assert code_tokens("x = f(1)\n") != code_tokens("x = f(2)\n")
    assert code_tokens("s = 'text'\n") != code_tokens("s = '文本'\n")          # strings are code, not comments
    assert code_tokens("%matplotlib inline\nimport numpy") == code_tokens("%matplotlib inline\n\nimport numpy  # np")


def test_relink_points_relative_targets_back_at_their_files():
    lessons = ROOT / "lessons"
    text = ('[s](../SOURCES.md) [l](03_output_delta.ipynb#bp1) [u](https://example.org/a.md) [a](#top) '
            '<img src="figure.png">')
    assert translate.relink(text, lessons, lessons / "zh") == (
        '[s](../../SOURCES.md) [l](03_output_delta.ipynb#bp1) [u](https://example.org/a.md) [a](#top) '
        '<img src="../figure.png">')


@pytest.mark.parametrize("english, chinese", PAIRS)
def test_the_translation_file_has_a_block_for_every_markdown_cell(english, chinese):
    """The template is current: each English Markdown cell has its block (translated or not) in i18n/zh/."""
    path = translate.translation_file(english)
    assert path.is_file(), f"{path.relative_to(ROOT)}: run `python tools/translate.py template {english}`"
    hashes = [h for h, _, _ in translate.read_blocks(path)]
    wanted = [translate.key(c.source) for c in read(english).cells if c.cell_type == "markdown"]
    assert hashes == wanted, f"run `python tools/translate.py template {english.relative_to(ROOT)}`"


def test_build_runs_a_notebook_with_check_cells_in_the_zh_folder(demo):
    """Without a previous Chinese notebook, build runs the English one in the zh folder and keeps check's outputs."""
    nb = read(demo)
    nb.cells[1].source = "import os\n\ndef check(f):\n    print('check ran in', os.path.basename(os.getcwd()))"
    nb.cells[1].outputs = []
    nb.cells[3].source = "check(len)"
    nbformat.write(nb, str(demo))
    translate.template(demo)
    zh = read(translate.build(demo))
    assert zh.cells[3].outputs[0].text == "check ran in zh\n"
    assert zh.cells[1].outputs == []                        # every other output is the English one
    assert zh.cells[3].outputs != read(demo).cells[3].outputs
    assert translate.up_to_date(demo)

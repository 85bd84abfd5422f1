"""check(...) and the grader speak Chinese in a Chinese notebook (issue 18).

Every message template and every fixed string of every question has a Chinese entry with the same
placeholders; check() in Chinese names each classic mistake in Chinese; the grader's feedback for a
Chinese notebook is Chinese (in this process, and once with a real kernel); English stays as it was;
and no Chinese message gives an answer away.  Also: the Chinese question headings are read for the
points, and ``build`` writes the Chinese exercises from the Chinese solutions.
"""

import ast
import functools
import json
import re

import nbformat
import numpy as np
import pytest
from test_grading_support import ASSIGNMENT_NAMES, ROOT, mutate, normalise_heading, read, solution_namespace, write

from nnlib.grading import check_report, i18n, set_language, withheld, zh
from nnlib.grading.assignments import ASSIGNMENTS, QUESTIONS
from nnlib.grading.build import build, exercise_from_solution
from nnlib.grading.grader import STATUSES, Options, feedback_text, find_assignment, grade, grade_namespace, prepare
from nnlib.grading.spec import parse_points

CJK = re.compile(r"[\u4e00-\u9fff]")
QUESTION_HOME = {}
for _name in ASSIGNMENT_NAMES:
    for _q, _ in ASSIGNMENTS[_name].questions:
        QUESTION_HOME.setdefault(_q, _name)
VARIANT_CASES = [(q, v.name) for q in sorted(QUESTION_HOME) if QUESTIONS[q].kind != "training"
                 for v in QUESTIONS[q].variants]


@pytest.fixture(autouse=True)
def _english_unless_told(monkeypatch):
    """Each test starts with no explicit language and no NNLIB_LANG, and leaves none behind."""
    monkeypatch.delenv("NNLIB_LANG", raising=False)
    set_language(None)
    yield
    set_language(None)


@functools.cache
def _namespace(assignment):
    return solution_namespace(assignment)


@functools.cache
def _prepared(assignment):
    return prepare(find_assignment(assignment), 3)


def _flat(text):
    return " ".join(text.split())


def _dense(text):
    """Without any whitespace: check wraps Chinese lines where there is no space."""
    return re.sub(r"\s+", "", text)


# ------------------------------------------------------------------ the catalogue is complete
def _templates():
    """The English templates passed to t(...) anywhere in the grading package, and the statuses."""
    found = []
    for path in sorted((ROOT / "nnlib" / "grading").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t" and node.args:
                arg = node.args[0]
                if isinstance(arg, ast.Subscript) and getattr(arg.value, "id", "") == "STATUSES":
                    continue                                            # the statuses are added below
                assert isinstance(arg, ast.Constant) and isinstance(arg.value, str), \
                    f"{path.name}:{node.lineno}: t() needs a literal template, so that it can be translated"
                found.append(arg.value)
    return found + list(STATUSES.values())


def test_the_templates_are_found():
    templates = _templates()
    assert len(templates) > 100
    assert "Reread {section}." in templates and "hidden test {k} ({case})" in templates


@pytest.mark.parametrize("template", sorted(set(_templates())))
def test_every_template_has_a_chinese_entry_with_the_same_placeholders(template):
    assert template in zh.MESSAGES, f"no Chinese for {template!r}"
    chinese = zh.MESSAGES[template]
    assert i18n.placeholders(chinese) == i18n.placeholders(template), (template, chinese)
    if re.search(r"[a-z]{3,} [a-z]{3,}", re.sub(r"\{[^}]*\}", "", template)):      # a phrase, not a symbol
        assert CJK.search(chinese), chinese


def test_the_kernel_messages_have_chinese_entries_that_match_them():
    for template, chinese in zh.RAISED.items():
        assert i18n.placeholders(chinese) == i18n.placeholders(template), (template, chinese)
    set_language("zh")
    text = withheld.message("nnlib.activations.sigmoid_prime")
    said = i18n.translate_raised(text)
    assert said != text and said.startswith("nnlib.activations.sigmoid_prime 在本练习中不可用"), said
    assert i18n.translate_raised("a student's own message") == "a student's own message"


def _static_strings(q):
    out = [q.title, q.allowed, q.section]
    for v in q.variants:
        out += [v.name, v.diagnosis, v.section]
    out += [p for p in getattr(q, "parts", ()) or () if " " in p]
    return [s for s in out if s]


def _labels(q):
    labels = [c.label for c in q.public_cases()]
    for seed in range(12):
        labels += [c.label for c in q.hidden_cases(np.random.default_rng(seed))]
    return sorted(set(labels))


@pytest.mark.parametrize("qname", sorted(QUESTIONS))
def test_every_fixed_string_and_case_label_of_a_question_has_chinese(qname):
    q = QUESTIONS[qname]
    for text in _static_strings(q):
        assert text in zh.STRINGS, f"{qname}: no Chinese for {text!r}"
        if re.search(r"[a-z]{3,} [a-z]{2,}", text):                       # words, not only symbols
            assert CJK.search(zh.STRINGS[text]), (text, zh.STRINGS[text])
    for label in _labels(q):
        chinese = i18n.lookup(label)
        assert chinese is not None, f"{qname}: no Chinese for the case label {label!r} ({i18n.skeleton(label)[0]!r})"
        numbers = i18n.skeleton(label)[1]
        assert all(n in chinese for n in numbers), (label, chinese)       # every number and shape survives


def test_the_label_entries_keep_their_numbered_placeholders():
    for key, chinese in zh.LABELS.items():
        assert i18n.placeholders(chinese) == i18n.placeholders(key), (key, chinese)


@pytest.mark.parametrize("qname", sorted(QUESTIONS))
def test_no_chinese_fixed_string_contains_an_answer_form(qname):
    q = QUESTIONS[qname]
    for text in _static_strings(q):
        chinese = _dense(zh.STRINGS[text])
        assert not [f for f in q.answer_forms if _dense(f) in chinese], (qname, chinese)


@functools.cache
def _chinese_headings(lesson):
    """The Chinese headings of lesson NN from its translation file (empty while it is not translated)."""
    path = next((ROOT / "i18n" / "zh" / "lessons").glob(f"{lesson}_*.md"), None)
    if path is None:
        return []
    text = re.sub(r"<!-- en [0-9a-f]{12}\n.*?\n-->", "", path.read_text(encoding="utf-8"), flags=re.S)
    return [normalise_heading(line) for line in text.splitlines() if line.startswith("#") and CJK.search(line)]


@pytest.mark.parametrize("qname", sorted(QUESTIONS))
def test_the_chinese_sections_quote_the_chinese_headings_of_the_lessons(qname):
    q = QUESTIONS[qname]
    for section in {q.section} | {v.section for v in q.variants}:
        chinese = zh.STRINGS[section]
        lesson = re.match(r"第 (\d\d) 课", chinese)
        quoted = re.findall(r"“([^”]+)”", chinese)
        assert lesson and quoted, chinese
        headings = _chinese_headings(lesson.group(1))
        for name in quoted if headings else []:
            assert any(h.startswith(normalise_heading(name)) for h in headings), \
                f"{qname}: no heading “{name}” in the Chinese lesson {lesson.group(1)}"


# ------------------------------------------------------------------ which language
def test_the_language_comes_from_the_setting_the_environment_or_the_folder(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert i18n.language() == "en"
    (tmp_path / "zh").mkdir()
    monkeypatch.chdir(tmp_path / "zh")
    assert i18n.language() == "zh"                       # a Chinese notebook's kernel runs in its zh folder
    monkeypatch.setenv("NNLIB_LANG", "en")
    assert i18n.language() == "en"
    set_language("zh")
    assert i18n.language() == "zh"                       # the explicit setting wins
    set_language("en")
    monkeypatch.setenv("NNLIB_LANG", "zh_CN")
    assert i18n.language() == "en"
    set_language(None)
    assert i18n.language() == "zh"
    with i18n.using("en"):
        assert i18n.language() == "en"
    with pytest.raises(ValueError):
        set_language("fr")


def test_a_notebook_is_chinese_by_its_metadata_or_its_markdown():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("## Question 1: `f` (2 points)\nWrite f.")]
    assert i18n.notebook_language(nb) == "en"
    nb.metadata["nnlib"] = {"language": "zh"}
    assert i18n.notebook_language(nb) == "zh"
    del nb.metadata["nnlib"]
    nb.cells.append(nbformat.v4.new_markdown_cell("本练习用链式法则推导输出层的误差，然后写出反向传播的一步。"))
    assert i18n.notebook_language(nb) == "zh"


# ------------------------------------------------------------------ check() in Chinese
@pytest.mark.parametrize("qname, vname", VARIANT_CASES)
def test_check_names_each_known_mistake_in_chinese(qname, vname):
    q = QUESTIONS[qname]
    v = next(v for v in q.variants if v.name == vname)
    set_language("zh")
    report = check_report(v.impl, name=qname)
    dense = _dense(report)
    n = len(q.public_cases())
    assert report.startswith(f"{qname}："), report
    assert f"{n} 个公开测试中通过了 {n} 个" not in report
    assert _dense(f"这看起来是一个常见错误——“{zh.STRINGS[v.name]}”") in dense, report
    assert _dense(zh.STRINGS[v.diagnosis]) in dense and _dense(f"请重读{zh.STRINGS[v.section]}。") in dense, report
    assert _dense(v.diagnosis) not in dense and "Reread" not in report and "public tests" not in report
    assert not [f for f in q.answer_forms if _dense(f) in dense], report


def test_check_speaks_chinese_in_a_zh_folder_and_english_elsewhere(monkeypatch, tmp_path):
    ns = _namespace("03_output_delta")
    (tmp_path / "zh").mkdir()
    monkeypatch.chdir(tmp_path)
    english = check_report(ns["sigmoid_prime"])
    assert english.startswith("sigmoid_prime: 4 of 4 public tests passed."), english
    monkeypatch.chdir(tmp_path / "zh")
    chinese = check_report(ns["sigmoid_prime"])
    assert chinese.startswith("sigmoid_prime：4 个公开测试中通过了 4 个。"), chinese
    assert "做得好" in chinese and "Well done" not in chinese

    def sigmoid_prime(z):
        raise NotImplementedError("write your code here")
    assert "还没有实现" in check_report(sigmoid_prime)
    assert "check() 不认识名为 'no_such' 的评分函数" in check_report(lambda z: z, name="no_such")


def test_a_withheld_helper_is_explained_in_chinese():
    import nnlib
    set_language("zh")
    report = check_report(lambda z: nnlib.activations.sigmoid_prime(z), name="sigmoid_prime")
    assert "在本练习中不可用" in report and "is not available" not in report, report


# ------------------------------------------------------------------ the grader in Chinese
def test_the_grader_writes_chinese_feedback_for_a_chinese_class_of_two():
    assignment = "03_output_delta"
    prepared = _prepared(assignment)
    mistake = next(v for v in QUESTIONS["output_delta"].variants if v.name == "σ′ is missing")
    good = grade_namespace(prepared, _namespace(assignment), "good", language="zh")
    bad = grade_namespace(prepared, {**_namespace(assignment), "output_delta": mistake.impl}, "bad", language="zh")
    assert good.total == prepared.max_score and bad.total < prepared.max_score
    text = feedback_text(prepared, bad)
    assert text.startswith(f"作业 {assignment}，提交 bad\n得分：{bad.total:g} / {prepared.max_score:g}"), text
    assert "第 3 题：output_delta" in text and "隐藏测试 1（" in text
    assert f"诊断：这看起来是“{zh.STRINGS[mistake.name]}”" in text, text
    assert zh.STRINGS[mistake.diagnosis] in text
    for english in ("Diagnosis", "Reread", "hidden test", "Question", "Score"):
        assert english not in text, english
    assert not [f for f in QUESTIONS["output_delta"].answer_forms if _dense(f) in _dense(text)], text
    assert "做得好" not in text and "✓ 隐藏测试" in feedback_text(prepared, good)
    # English stays English, word for word the same lines as before.
    english = grade_namespace(prepared, {**_namespace(assignment), "output_delta": mistake.impl}, "bad")
    lines = next(q for q in english.questions if q.name == "output_delta").lines
    assert any(line.startswith(f"Diagnosis: this looks like “{mistake.name}”: {mistake.diagnosis} Reread ")
               for line in lines), lines
    assert feedback_text(prepared, english).startswith(f"Assignment {assignment}, submission bad\nScore: ")


def test_a_real_kernel_grades_a_chinese_notebook_in_chinese(tmp_path):
    name = "03_output_delta"
    folder = tmp_path / "subs"
    folder.mkdir()
    nb = mutate(read(name), "return s * (1 - s)", "return s")
    nb.metadata["nnlib"] = {"language": "zh"}
    nb.cells.append(nbformat.v4.new_code_cell("import nnlib\nnnlib.activations.sigmoid_prime(0.0)"))   # withheld
    write(nb, folder / "zhang.ipynb")
    (folder / "zhang.ipynb").write_bytes(b"\xef\xbb\xbf" + (folder / "zhang.ipynb").read_bytes())   # a BOM: a note
    write(mutate(read(name), "return s * (1 - s)", "return s"), folder / "smith.ipynb")
    out = tmp_path / "out"
    results = grade(name, [str(folder)], out, Options(seed=5, timeout=90, total_timeout=400),
                    progress=False)
    by = {r.name: r for r in results}
    assert by["zhang"].language == "zh" and by["smith"].language == "en"
    zh_text = (out / "feedback" / "zhang.txt").read_text(encoding="utf-8")
    en_text = (out / "feedback" / "smith.txt").read_text(encoding="utf-8")
    assert "诊断：这看起来是“σ(z) 而不是 σ′(z)”" in zh_text and "Diagnosis" not in zh_text, zh_text
    assert "备注：\n  - 文件以 UTF-8 字节顺序标记（BOM）开头（已忽略）" in zh_text, zh_text
    assert f"第 {len(nb.cells)} 个单元格抛出了 WithheldError：nnlib.activations.sigmoid_prime 在本练习中不可用" in zh_text
    assert "Diagnosis: this looks like “σ(z) instead of σ′(z)”" in en_text and "诊断" not in en_text
    doc = json.loads((out / "results" / "zhang" / "results.json").read_text(encoding="utf-8"))
    assert doc["tests"][0]["name"] == "第 1 题：sigmoid_prime" and doc["output"].startswith("状态：")
    state = json.loads((out / ".state" / "zhang.json").read_text(encoding="utf-8"))
    assert state["language"] == "zh"
    again = grade(name, [str(folder)], out, Options(seed=5, timeout=90, total_timeout=400),
                  progress=False)        # read back from the stored state: still Chinese
    assert {r.name: r.language for r in again} == {"smith": "en", "zhang": "zh"}
    assert (out / "feedback" / "zhang.txt").read_text(encoding="utf-8") == zh_text


# ------------------------------------------------------------------ Chinese headings and exercises
def test_the_chinese_question_headings_state_the_points():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("## 第 1 题：`sigmoid_prime`（2 分）\n写出 σ′。"),
                nbformat.v4.new_markdown_cell("## 第 2 题：`output_delta`（1.5 分）"),
                nbformat.v4.new_markdown_cell("## Question 3: `hidden_delta` (3 points)"),
                nbformat.v4.new_markdown_cell("## 第 4 题：`no_points`\n## 第 5 题 `no_colon`（1 分）")]
    assert parse_points(nb) == [("sigmoid_prime", 2), ("output_delta", 1.5), ("hidden_delta", 3)]


def _chinese_solution(name):
    """A Chinese solution notebook as tools/translate.py writes it: the headings in Chinese, the language noted."""
    nb = read(name)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = re.sub(r"^(#+)\s*Question\s+(\d+)\s*:\s*(`\w+`)(.*?)\((\d+(?:\.\d+)?) points?\)\s*$",
                                 r"\1 第 \2 题：\3\4（\5 分）", cell.source, flags=re.M)
    nb.metadata["nnlib"] = {"language": "zh", "english": "0123456789abcdef"}
    return nb


def test_build_writes_the_chinese_exercises_from_the_chinese_solutions(tmp_path):
    solutions, exercises = tmp_path / "solutions", tmp_path / "exercises"
    (solutions / "zh").mkdir(parents=True)
    name = "03_output_delta"
    write(read(name), solutions / f"{name}.ipynb")
    write(_chinese_solution(name), solutions / "zh" / f"{name}.ipynb")
    said = []
    assert len(build(solutions, exercises, out=said.append)) == 2
    ex = nbformat.read(str(exercises / "zh" / f"{name}.ipynb"), as_version=4)
    assert ex.metadata["nnlib"] == {"language": "zh"}
    assert parse_points(ex) == list(ASSIGNMENTS[name].questions)
    assert "### BEGIN SOLUTION" not in "\n".join(c.source for c in ex.cells)
    assert "nnlib" not in nbformat.read(str(exercises / f"{name}.ipynb"), as_version=4).metadata
    assert build(solutions, exercises, check=True, out=said.append) == []
    (exercises / "zh" / f"{name}.ipynb").write_text("{}", encoding="utf-8")
    said.clear()
    assert build(solutions, exercises, check=True, out=said.append) == [str(exercises / "zh" / f"{name}.ipynb")]
    assert any("differs from what" in line for line in said), said
    assert exercise_from_solution(_chinese_solution(name), name).metadata["nnlib"]["language"] == "zh"

"""The course glossary (nnlib/glossary.tsv), read by nnlib.data.glossary() and shown by lesson 00 in both editions."""

import re

import nbformat
import pytest

from nnlib.data import GLOSSARY_PATH, Term, glossary

ROOT = GLOSSARY_PATH.parent.parent

# The terms the translators are told to use (issue 18) and the Traditional forms as seed 004 writes them.
REQUIRED = {
    "残差", "带权输入", "点乘", "外积", "局部梯度", "广播", "独热", "饱和", "权重衰减", "词袋", "softmax",
    "反向传播", "链式法则", "计算图", "梯度检验", "小批量随机梯度下降", "学习率", "均方误差", "误差",
}
SEED_004_HANT = {"numerical differentiation": "數值微分", "analytic differentiation": "解析微分"}
# Characters that exist only in Simplified script; none may appear in the Traditional column.
SIMPLIFIED_ONLY = set("传导数层权经网络输误检验习测样标签阵积转参敛则过拟饱减词独热编广处练双线单结节复变随图计们这")


def test_glossary_reads_every_row_in_order():
    terms = glossary()
    assert all(isinstance(t, Term) for t in terms)
    lines = [line for line in GLOSSARY_PATH.read_text(encoding="utf-8").splitlines()[1:] if line]
    assert [t.english for t in terms] == [line.split("\t")[0] for line in lines]
    assert len(terms) >= 60


def test_glossary_has_the_seeds_terms_and_traditional_variants():
    terms = glossary()
    chinese = {word.strip() for t in terms for word in re.split(r"[,;()]", t.zh)}
    assert REQUIRED <= chinese, REQUIRED - chinese
    by_english = {t.english: t for t in terms}
    for english, hant in SEED_004_HANT.items():
        assert by_english[english].zh_hant == hant
    assert "偏導數" in by_english["derivative, partial derivative"].zh_hant
    for t in terms:
        assert not SIMPLIFIED_ONLY & set(t.zh_hant), (t.english, t.zh_hant)
        # one Traditional item for each Simplified one, in the same order
        assert len(re.split(r"[,;]", t.zh)) == len(re.split(r"[,;]", t.zh_hant)), t.english


def test_glossary_warns_where_terms_mislead():
    by_english = {t.english: t for t in glossary()}
    mse, error = by_english["mean squared error"].note, by_english["error"].note
    assert mse.startswith("misleads") and r"\tfrac12\lVert a - y\rVert^2" in mse
    assert error.startswith("misleads") and r"\partial C / \partial a" in error and "delta" in error
    assert "$\\delta^l$" in by_english["residual"].note


def test_glossary_keeps_the_terms_lesson_00_had():
    """Every English term of lesson 00's former Markdown table is still in the data file."""
    former = ["backpropagation", "forward pass, forward propagation", "chain rule", "composite function",
              "computation graph", "node, edge", "local derivative", "upstream, downstream",
              "derivative, partial derivative", "gradient", "neural network", "neuron, unit", "layer",
              "input layer", "hidden layer", "output layer", "weight", "weight matrix", "bias",
              "activation function", "sigmoid function", "weighted input $z$", "loss function", "cost function",
              "quadratic cost", "mean squared error", "cross-entropy", "absolute error", "error", "gradient descent",
              "stochastic gradient descent", "learning rate", "mini-batch", "batch", "epoch",
              "training set, test set", "sample, label", "numerical differentiation", "analytic differentiation",
              "gradient checking", "vectorization", "matrix, vector, transpose", "elementwise product", "parameter",
              "initialization", "convergence", "regularization", "overfitting", "vanishing gradient"]
    assert set(former) <= {t.english for t in glossary()}


@pytest.mark.parametrize("text, message", [
    ("english\tzh\n", "header"),
    ("english\tzh\tzh_hant\tnote\nlayer\t层\n", "fields"),
    ("english\tzh\tzh_hant\tnote\nlayer\t层\t\t\n", "must not be empty"),
    ("english\tzh\tzh_hant\tnote\nlayer\t层\t層\t\nlayer\t层\t層\t\n", "twice"),
])
def test_glossary_refuses_a_malformed_file(tmp_path, text, message):
    path = tmp_path / "glossary.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        glossary(path)


def test_lesson_00_shows_the_data_file():
    """Lesson 00's stored glossary table is the data file, row for row (nbval re-runs the cell)."""
    nb = nbformat.read(ROOT / "lessons" / "00_welcome.ipynb", as_version=4)
    cells = [c for c in nb.cells if c.cell_type == "code" and "glossary()" in c.source]
    assert len(cells) == 1
    table = cells[0].outputs[-1]["data"]["text/markdown"].splitlines()
    assert table[2:] == [f"| {t.english} | {t.zh} | {t.zh_hant} | {t.note} |" for t in glossary()]
    assert not any("| 反向传播 |" in c.source for c in nb.cells if c.cell_type == "markdown")

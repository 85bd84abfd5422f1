"""Write lessons/04_recursive_delta.ipynb (unexecuted); then run tools/execute.py on it.

    .venv/bin/python tools/lessons_src/04_recursive_delta.py
    .venv/bin/python tools/execute.py lessons/04_recursive_delta.ipynb
"""

from notebook_builder import SETUP, code, md, write

# One row of the side-by-side table in lesson 04 (a Markdown table row cannot be wrapped).
BP2_ROW = (r"| BP2 | $\delta^l = \big((W^{l+1})^\mathsf{T}\delta^{l+1}\big)\odot\sigma'(z^l)$ "
           r"| $\delta^{(l)} = (w^{(l)})^\mathsf{T}\delta^{(l+1)}\;.\!*\;g'(z^{(l)})$ |")

md(r"""
# Lesson 04 — The recursive δ rule (BP2)

**After this lesson you will be able to**

- carry the error $\delta$ of one layer back to the layer below it, one chain-rule path at a time;
- explain why the derivative with respect to a weight deep in a network is a **sum over paths**, using the
  two-path example from the Andrew Ng course notes (seed 001);
- write BP2, $\delta^l = \big((W^{l+1})^\mathsf{T}\delta^{l+1}\big)\odot\sigma'(z^l)$, with indices and as matrices,
  and translate it into Ng's layer numbering;
- name the common wrong versions of BP2, and explain why a shape check catches only some of them;
- check BP2 against `sympy.diff` and against `nnlib.Network.deltas`.
""")

code(SETUP)

md(r"""
## Where we are

Lesson 03 defined the **error** of unit $j$ in layer $l$ as the sensitivity of the cost to that unit's
weighted input,

$$\delta^l_j = \frac{\partial C}{\partial z^l_j},$$

and derived it for the output layer (BP1): $\delta^L = \nabla_a C \odot \sigma'(z^L)$, which for the quadratic cost
$C = \tfrac12\lVert a^L - y\rVert^2$ is $(a^L - y)\odot\sigma'(z^L)$.

This lesson answers the next question: **given $\delta^{l+1}$, what is $\delta^l$?** Once every layer's $\delta$ is
known, every weight gradient follows in one line (lesson 05), so this recursion is the heart of backpropagation.

We let SymPy do the bookkeeping. The network below has a symbol for every weight, bias, input and target, so its
cost $J$ is one explicit (long) formula, and `sympy.diff` can differentiate it directly. The activation is a
*generic* function $g$: SymPy knows only that its derivative is $g'$. Whatever we prove with $g$ therefore holds
for every differentiable activation.
""")

code("""
from IPython.display import display

from nnlib.symbolic import SymbolicNetwork, equal, g, hadamard

sizes = [2, 3, 2, 2, 2]
net = SymbolicNetwork(sizes, activation="g")   # one example (m = 1), quadratic cost
L = net.L

for l in range(1, L + 1):
    assert net.W[l].shape == (sizes[l], sizes[l - 1])
    assert net.z[l].shape == net.b[l].shape == (sizes[l], 1)
    print(f"W^{l}: {net.W[l].shape}    b^{l}, z^{l}, a^{l}, δ^{l}: {net.z[l].shape}")
""")

md(r"""
The network has an input of two units, **three hidden layers** of 3, 2 and 2 units, and two outputs, so $L = 4$.
The widths are chosen on purpose: $W^2$ is not square ($2\times3$), while $W^3$ and $W^4$ are ($2\times2$). That
difference will matter when we look at wrong versions of BP2.

The entries of $z^l$ and $a^l$ are nested formulas: $a^4$ contains $z^4$, which contains $a^3$, and so on down to
the inputs. To print them readably, `net.compact` writes each layer's values as short symbols $z^l_j$, $a^l_j$
(and `net.full` undoes that). Here is the last layer, written with the short symbols of the layer below it:
""")

code("""
display(sp.Eq(net.z_sym[4], net.W[4] * net.a_sym[3] + net.b[4], evaluate=False))
display(sp.Eq(sp.Symbol("J"), net.compact(net.J), evaluate=False))
""")

md(r"""
## Seed 001's two-path example

The notes on Ng's course (seed 001) derive BP2 from one weight, $w^{(3)}_{11}$ in Ng's numbering. It is the weight
from unit 1 of a hidden layer into unit 1 of the **last** hidden layer, whose units both feed the two output
units. In this course's numbering the same weight is $w^3_{11}$ (the matrix superscript happens to be the same in
both numberings; the layer numbers of $z$, $a$ and $\delta$ shift by one, as the index bridge below shows).

Follow $w^3_{11}$ forward. It enters only $z^3_1$, so it changes only $a^3_1$; but $a^3_1$ enters **both**
$z^4_1$ and $z^4_2$:

$$
w^3_{11} \;\to\; z^3_1 \;\to\; a^3_1 \;\to\;
\begin{cases}
z^4_1 \to a^4_1 \to J_1 = \tfrac12 (a^4_1 - y_1)^2 \\[2pt]
z^4_2 \to a^4_2 \to J_2 = \tfrac12 (a^4_2 - y_2)^2
\end{cases}
$$

The cost of this example is the sum of the two output terms, $J = J_1 + J_2$ (the seed writes
$J_i = J_{i1} + J_{i2}$ for example $i$). The derivative of a sum is the sum of the derivatives, so

$$\frac{\partial J}{\partial w^3_{11}} = \frac{\partial J_1}{\partial w^3_{11}} + \frac{\partial J_2}{\partial w^3_{11}}:$$

**one term per path**. Each term is an ordinary chain rule along its path. For the first path,

$$
\frac{\partial J_1}{\partial w^3_{11}} =
\underbrace{\frac{\partial J_1}{\partial a^4_1}\,\frac{\partial a^4_1}{\partial z^4_1}}_{\delta^4_1}\;
\frac{\partial z^4_1}{\partial a^3_1}\;
\frac{\partial a^3_1}{\partial z^3_1}\;
\frac{\partial z^3_1}{\partial w^3_{11}} .
$$

Each factor is the derivative of one small local formula. SymPy takes them one at a time, using the short symbols
as independent variables:
""")

code("""
z3, a3, z4, a4 = net.z_sym[3], net.a_sym[3], net.z_sym[4], net.a_sym[4]
a2, y = net.a_sym[2], net.Y
w = net.W[3][0, 0]                        # w^3_11
z3_local = net.W[3] * a2 + net.b[3]       # z^3 = W^3 a^2 + b^3
z4_local = net.W[4] * a3 + net.b[4]       # z^4 = W^4 a^3 + b^4
J1 = (a4[0] - y[0]) ** 2 / 2
J2 = (a4[1] - y[1]) ** 2 / 2

factors = {
    "∂J_1/∂a^4_1": sp.diff(J1, a4[0]),
    "∂a^4_1/∂z^4_1": sp.diff(g(z4[0]), z4[0]),
    "∂z^4_1/∂a^3_1": sp.diff(z4_local[0], a3[0]),
    "∂a^3_1/∂z^3_1": sp.diff(g(z3[0]), z3[0]),
    "∂z^3_1/∂w^3_11": sp.diff(z3_local[0], w),
}
for name, factor in factors.items():
    print(f"{name:>15} = {factor}")

assert factors["∂z^4_1/∂a^3_1"] == net.W[4][0, 0]     # the weight on the path
assert factors["∂z^3_1/∂w^3_11"] == a2[0]             # the input to the weight
""")

md(r"""
The first two factors are $\delta^4_1 = (a^4_1 - y_1)\,g'(z^4_1)$, BP1 from lesson 03. The second path differs only
where it leaves $a^3_1$: it goes through $z^4_2$, whose weight from $a^3_1$ is $w^4_{21}$. So

$$
\frac{\partial J_1}{\partial w^3_{11}} = \delta^4_1\, w^4_{11}\, g'(z^3_1)\, a^2_1, \qquad
\frac{\partial J_2}{\partial w^3_{11}} = \delta^4_2\, w^4_{21}\, g'(z^3_1)\, a^2_1 .
$$

Now the check. `net.full` turns the hand-made path products back into formulas in the weights and inputs, and we
compare them with `sympy.diff` of the cost terms themselves, taken the long way through the whole nested formula:
""")

code("""
delta4 = net.compact(net.delta[4])            # BP1, with short symbols: (a^4 - y) ⊙ g'(z^4)
path1 = delta4[0] * net.W[4][0, 0] * net.prime(z3)[0] * a2[0]
path2 = delta4[1] * net.W[4][1, 0] * net.prime(z3)[0] * a2[0]
display(sp.Eq(sp.Symbol(r"\\text{path 1}"), path1, evaluate=False),
        sp.Eq(sp.Symbol(r"\\text{path 2}"), path2, evaluate=False))

J1_full, J2_full = net.full(J1), net.full(J2)
assert equal(J1_full + J2_full, net.J)                        # J = J_1 + J_2
assert equal(sp.diff(J1_full, w), net.full(path1))            # path 1 is ∂J_1/∂w^3_11
assert equal(sp.diff(J2_full, w), net.full(path2))            # path 2 is ∂J_2/∂w^3_11
assert equal(sp.diff(net.J, w), net.full(path1 + path2))      # the two paths add up
print("∂J/∂w^3_11 = path 1 + path 2, checked against sympy.diff")
""")

md(r"""
Both paths end in the same two factors, $g'(z^3_1)\,a^2_1$. Pulling them out,

$$
\frac{\partial J}{\partial w^3_{11}} =
\underbrace{\big(\delta^4_1 w^4_{11} + \delta^4_2 w^4_{21}\big)\, g'(z^3_1)}_{\text{call it } \delta^3_1}\; a^2_1 .
$$

The bracket depends only on unit 1 of layer 3, not on which weight into it we chose, and it is exactly
$\partial J/\partial z^3_1$: everything downstream of $z^3_1$. So it deserves the name $\delta^3_1$, and the
derivative has the same shape as for a weight of the last layer, $\partial J/\partial w^4_{jk} = \delta^4_j a^3_k$:
**error of the unit the weight enters, times the activation the weight multiplies**. Lesson 05 builds on that.
We check both claims, using `net.delta_by_diff(3)`, which computes $\partial C/\partial z^3$ with `sympy.diff`:
""")

code("""
delta3_1 = (delta4[0] * net.W[4][0, 0] + delta4[1] * net.W[4][1, 0]) * net.prime(z3)[0]
display(sp.Eq(sp.Symbol(r"\\delta^{3}_{1}"), delta3_1, evaluate=False))

assert equal(net.full(delta3_1 * a2[0]), sp.diff(net.J, w))      # ∂J/∂w^3_11 = δ^3_1 a^2_1
assert equal(net.full(delta3_1), net.delta_by_diff(3)[0])        # the bracket is ∂C/∂z^3_1
print("δ^3_1 = ∂C/∂z^3_1 and ∂J/∂w^3_11 = δ^3_1 · a^2_1, checked against sympy.diff")
""")

md(r"""
## From one unit to every unit

Nothing in that argument was special to unit 1 or to layer 3. Take any unit $j$ of a hidden layer $l$. Its
weighted input $z^l_j$ influences the cost only through $a^l_j = g(z^l_j)$, and $a^l_j$ enters every weighted input
of the next layer,

$$z^{l+1}_k = \sum_i w^{l+1}_{ki}\, a^l_i + b^{l+1}_k, \qquad k = 1,\dots,n_{l+1},$$

so there is one path per unit $k$ of layer $l+1$. The multivariable chain rule adds the paths:

$$
\delta^l_j = \frac{\partial C}{\partial z^l_j}
= \sum_{k=1}^{n_{l+1}} \frac{\partial C}{\partial z^{l+1}_k}\,
  \frac{\partial z^{l+1}_k}{\partial a^l_j}\,\frac{\partial a^l_j}{\partial z^l_j}
= \Big(\sum_{k=1}^{n_{l+1}} w^{l+1}_{kj}\,\delta^{l+1}_k\Big)\, g'(z^l_j).
$$

Mind the index order: $w^{l+1}_{kj}$ is row $k$, column $j$ of $W^{l+1}$. The sum runs down **column** $j$,
over the weights that *leave* unit $j$.

The cell below checks the middle factor for every pair $(k, j)$, then the whole index formula for every hidden
unit of the network. On the right-hand side it uses the true $\delta^{l+1}$ from `sympy.diff`, so each layer's
step is checked on its own: if the rule turns a correct $\delta^{l+1}$ into a correct $\delta^l$, and BP1 gives a
correct $\delta^L$, then by induction every layer is correct.
""")

code("""
def bp2_by_index(net, l, j):
    \"\"\"δ^l_j as the sum over the paths through layer l + 1, starting from the true δ^{l+1}.\"\"\"
    delta_next = net.delta_by_diff(l + 1)
    return sum(net.W[l + 1][k, j] * delta_next[k] for k in range(net.sizes[l + 1])) * net.prime(net.z[l])[j]


checked = 0
for l in range(L - 1, 0, -1):
    z_next_local = net.W[l + 1] * net.a_sym[l] + net.b[l + 1]
    for j in range(sizes[l]):
        for k in range(sizes[l + 1]):
            assert sp.diff(z_next_local[k], net.a_sym[l][j]) == net.W[l + 1][k, j]   # ∂z^{l+1}_k/∂a^l_j
        assert equal(bp2_by_index(net, l, j), net.delta_by_diff(l)[j])
        checked += 1
print(f"index form of BP2 equals sympy.diff for all {checked} hidden units (layers 1-{L - 1})")
""")

md(r"""
## The matrix form

The sum $\sum_k w^{l+1}_{kj}\,\delta^{l+1}_k$ runs over the first index of $w$, so it is entry $j$ of the
**transpose** times the vector: $\sum_k (W^{l+1})^\mathsf{T}_{jk}\,\delta^{l+1}_k = \big((W^{l+1})^\mathsf{T}\delta^{l+1}\big)_j$.
Multiplying entry $j$ by $g'(z^l_j)$ for every $j$ at once is the elementwise (Hadamard) product $\odot$. That gives

$$\boxed{\;\delta^l = \big((W^{l+1})^\mathsf{T}\,\delta^{l+1}\big)\odot\sigma'(z^l)\;}\qquad\text{(BP2)}$$

with shapes $(n_l, n_{l+1})\,(n_{l+1}, 1) \to (n_l, 1)$, the shape of $z^l$. Read it as: send the errors back
along the same weights that carried the signal forward, then scale each by the local slope of its unit.

`SymbolicNetwork` builds its `net.delta[l]` with exactly this formula. We check it entry by entry against
`sympy.diff` for every hidden layer, and print one entry of $\delta^2$ to see the recursion unfold: the two
entries of $\delta^3$ appear inside it, weighted by column 1 of $W^3$.
""")

code("""
for l in range(L - 1, 0, -1):
    bp2 = hadamard(net.W[l + 1].T * net.delta[l + 1], net.prime(net.z[l]))
    truth = net.delta_by_diff(l)
    assert bp2.shape == truth.shape == (sizes[l], 1)
    assert all(equal(u, v) for u, v in zip(bp2, truth))
    assert all(equal(u, v) for u, v in zip(net.delta[l], truth))
print(f"BP2 in matrix form equals sympy.diff entry by entry for δ^{L - 1}, …, δ^1")
display(sp.Eq(sp.Symbol(r"\\delta^{2}_{1}"), net.compact(net.delta[2][0]), evaluate=False))
""")

md(r"""
## The same equation in Ng's numbering

Ng's course, and the notes in seed 001, number the layers from 1 (the input is layer 1) and name the matrix that
maps layer $l$ to layer $l+1$ $w^{(l)}$. This course numbers the layers from 0 and names the matrix *into*
layer $l$ $W^l$. So Ng's layer $l$ is our layer $l-1$, while the matrix names agree: $w^{(l)} = W^l$.

| | this course (Nielsen, deeplearning.ai) | Ng's course (seed 001) |
|---|---|---|
| layers | $0,\dots,L$; input $a^0 = x$ | $1,\dots,L+1$; input $a^{(1)} = x$ |
| matrix | $W^l$ maps layer $l-1$ to $l$ | $w^{(l)}$ maps layer $l$ to $l+1$ |
""" + BP2_ROW + r"""
| two-path weight | $w^3_{11}$, into $z^3_1$ | $w^{(3)}_{11}$, into $z^{(4)}_1$ |
| its gradient | $\delta^3_1\,a^2_1$ | $\delta^{(4)}_1\,a^{(3)}_1$ |

($.\!*$ is MATLAB's elementwise product, our $\odot$; Ng writes $L$ for the number of layers, which is our
$L + 1$.) Written for the same layer, Ng's $l$ being our $l - 1$, our BP2 reads
$\delta^{l-1} = \big((W^{l})^\mathsf{T}\delta^{l}\big)\odot\sigma'(z^{l-1})$, and $W^l$ is Ng's $w^{(l)}$: the same
matrix and the same equation. The cell renames every quantity into Ng's numbering and checks his form:
""")

code("""
ng_w = {l: net.W[l] for l in range(1, L + 1)}              # w^(l) = W^l: maps Ng layer l to l + 1
ng_z = {l: net.z[l - 1] for l in range(2, L + 2)}          # z^(l) = z^{l-1}
ng_delta = {l: net.delta[l - 1] for l in range(2, L + 2)}  # δ^(l) = δ^{l-1}

for l in range(2, L + 1):                                   # Ng's hidden layers 2 … L
    ng_bp2 = hadamard(ng_w[l].T * ng_delta[l + 1], net.prime(ng_z[l]))
    assert all(equal(u, v) for u, v in zip(ng_bp2, net.delta_by_diff(l - 1)))
print("Ng's δ^(l) = (w^(l))ᵀ δ^(l+1) .* g'(z^(l)) equals sympy.diff for Ng layers 2 … 4")
""")

md(r"""
## "This formula is written wrong in many places"

The blog post of seed 000 ends with BP2 and the remark that this formula is written wrong in many places on
the web. Here are the usual mistakes, each written as a *rule*: a function `rule(net, l)` that returns a
candidate $\delta^l$ from $\delta^{l+1}$. `net.check_delta_rule(rule)` compares every entry with `sympy.diff` and
reports, for each hidden layer, `equal`, `differs` (right shape, wrong formula) or `shape error`.
""")

code("""
rules = {
    "correct: (W^{l+1})ᵀ δ ⊙ σ'(z^l)": lambda n, l: hadamard(n.W[l + 1].T * n.delta[l + 1], n.prime(n.z[l])),
    "W^{l+1} instead of its transpose": lambda n, l: hadamard(n.W[l + 1] * n.delta[l + 1], n.prime(n.z[l])),
    "σ'(a^l) instead of σ'(z^l)": lambda n, l: hadamard(n.W[l + 1].T * n.delta[l + 1], n.prime(n.a[l])),
    "σ' missing": lambda n, l: n.W[l + 1].T * n.delta[l + 1],
    "σ'(z^{l+1}) instead of σ'(z^l)": lambda n, l: hadamard(n.W[l + 1].T * n.delta[l + 1], n.prime(n.z[l + 1])),
    "W^l instead of W^{l+1}": lambda n, l: hadamard(n.W[l].T * n.delta[l + 1], n.prime(n.z[l])),
}
verdicts = {name: net.check_delta_rule(rule) for name, rule in rules.items()}

print(f"{'rule':<36}" + "".join(f"{'layer ' + str(l):>14}" for l in range(L - 1, 0, -1)))
for name, v in verdicts.items():
    print(f"{name:<36}" + "".join(f"{v[l]:>14}" for l in range(L - 1, 0, -1)))
""")

code("""
E, D, S = "equal", "differs", "shape error"
assert verdicts["correct: (W^{l+1})ᵀ δ ⊙ σ'(z^l)"] == {3: E, 2: E, 1: E}
assert verdicts["W^{l+1} instead of its transpose"] == {3: D, 2: D, 1: S}
assert verdicts["σ'(a^l) instead of σ'(z^l)"] == {3: D, 2: D, 1: D}
assert verdicts["σ' missing"] == {3: D, 2: D, 1: D}
assert verdicts["σ'(z^{l+1}) instead of σ'(z^l)"] == {3: D, 2: D, 1: S}
assert verdicts["W^l instead of W^{l+1}"] == {3: D, 2: S, 1: S}
for name, v in verdicts.items():
    if not name.startswith("correct"):
        assert E not in v.values(), name       # every wrong version is rejected in every layer
print("the correct rule passes every layer; every wrong version fails every layer")
""")

md(r"""
Every wrong version is rejected in every layer, but only some rejections are **loud**. A shape error appears only
where the widths happen to disagree; wherever the matrices are square, the wrong formula runs and returns a
plausible vector of the right shape. Let us look at each mistake.

### $W$ instead of $W^\mathsf{T}$

Going backwards through $W^2$, which is $2\times3$, the untransposed product does not even exist:
""")

code("""
try:
    net.W[2] * net.delta[2]          # (2, 3) times (2, 1)
except sp.ShapeError as err:
    print("ShapeError:", err)
else:
    raise AssertionError("W^2 δ^2 should not be defined: W^2 is 2×3")
""")

md(r"""
Going backwards through the square $W^4$, it exists and has the right shape, and it is wrong. The correct
$\delta^3_1$ collects column 1 of $W^4$ (the weights $w^4_{11}, w^4_{21}$ leaving unit 1); the wrong one collects
row 1 ($w^4_{11}, w^4_{12}$, the weights *entering* output unit 1):
""")

code("""
right = hadamard(net.W[4].T * net.delta[4], net.prime(net.z[3]))
wrong = hadamard(net.W[4] * net.delta[4], net.prime(net.z[3]))
assert wrong.shape == right.shape == (2, 1)
display(sp.Eq(sp.Symbol(r"\\text{wrong } \\delta^{3}_{1}"), net.compact(wrong[0]), evaluate=False),
        sp.Eq(sp.Symbol(r"\\text{right } \\delta^{3}_{1}"), net.compact(right[0]), evaluate=False))
assert not equal(wrong[0], net.delta_by_diff(3)[0]) and equal(right[0], net.delta_by_diff(3)[0])
""")

md(r"""
This slip is easy to make even when you know the rule. Seed 001 derives the two entries correctly,
$\delta^{(4)}_1 = (\delta^{(5)}_1 w^{(4)}_{11} + \delta^{(5)}_2 w^{(4)}_{21})\,g'(z^{(4)}_1)$, and states the
compact form with $(w^{(4)})^\mathsf{T}$, but when it writes the product out as matrices, the matrix it prints
has rows $(w^{(4)}_{11}, w^{(4)}_{12})$ and $(w^{(4)}_{21}, w^{(4)}_{22})$: that is $w^{(4)}$ itself, not its transpose.
The layer is square, so nothing about the shapes warns the reader. In our numbering $w^{(4)} = W^4$ and
$\delta^{(4)} = \delta^3$:
""")

code("""
W4 = net.W[4]
printed = sp.Matrix([[W4[0, 0], W4[0, 1]], [W4[1, 0], W4[1, 1]]])   # the matrix as the seed prints it
assert printed == W4 and printed != W4.T
seed_entries = sp.Matrix([(net.delta[4][0] * W4[0, 0] + net.delta[4][1] * W4[1, 0]) * net.prime(net.z[3])[0],
                          (net.delta[4][0] * W4[0, 1] + net.delta[4][1] * W4[1, 1]) * net.prime(net.z[3])[1]])
seed_matrix_form = hadamard(printed * net.delta[4], net.prime(net.z[3]))
truth = net.delta_by_diff(3)
assert all(equal(u, v) for u, v in zip(seed_entries, truth))           # its entry formulas are right
assert not all(equal(u, v) for u, v in zip(seed_matrix_form, truth))   # its printed matrix product is not
print("seed 001's entry formulas: correct; its printed matrix product: rejected")
""")

md(r"""
### $\sigma'(a^l)$ instead of $\sigma'(z^l)$

The slope belongs at the unit's *input* $z^l_j$. With the generic $g$, $g'(a^l_j) = g'(g(z^l_j))$ is simply a
different number, and the checker rejects it in every layer (table above).

Seed 000 itself writes the rule as $\delta^{(l)} = \big((W^{(l)})^\mathsf{T}\delta^{(l+1)}\big)\circ f'(a^{(l)})$, with
$f'$ applied to the activation. That notation is **right when $f'$ means "the derivative, expressed through the
output"**. For the sigmoid, lesson 03 showed $\sigma'(z) = \sigma(z)\,(1-\sigma(z)) = a\,(1-a)$, so the
derivative can be computed from $a$ alone; the seed's code does exactly that, passing the layer's output to its
derivative helper. (For tanh the same trick gives $1 - a^2$.) What is wrong is to feed $a$ into the derivative
*as a function of $z$*, that is $\sigma'(a) = \sigma(a)\,(1-\sigma(a))$. A sigmoid network tells the two apart:
""")

code("""
net_sigmoid = SymbolicNetwork([2, 3, 2, 2], activation="sigmoid")
from_output = net_sigmoid.check_delta_rule(
    lambda n, l: hadamard(n.W[l + 1].T * n.delta[l + 1], n.a[l].applyfunc(lambda a: a * (1 - a))))
sigma_prime_of_a = net_sigmoid.check_delta_rule(rules["σ'(a^l) instead of σ'(z^l)"])
print("a ⊙ (1 − a):", from_output)
print("σ'(a):      ", sigma_prime_of_a)
assert set(from_output.values()) == {"equal"}
assert set(sigma_prime_of_a.values()) == {"differs"}

z0 = 0.0
a0 = nnlib.sigmoid(z0)
assert np.isclose(nnlib.sigmoid_prime(z0), a0 * (1 - a0))
print(f"at z = 0: σ'(z) = {nnlib.sigmoid_prime(z0):.4f} = a(1 − a) = {a0 * (1 - a0):.4f},",
      f"but σ'(a) = {nnlib.sigmoid_prime(a0):.4f}")
""")

md(r"""
### $\sigma'$ missing

Dropping the factor $\sigma'(z^l)$ forgets the last link of every path, $\partial a^l_j/\partial z^l_j$. It is right
only when that link is 1, that is for a **linear** unit. Seed 000's hidden layer is linear, which is why its code
can set the hidden $\delta$ equal to the back-propagated error; in a sigmoid layer the same line would be a bug.
A linear activation that SymPy knows has slope 1 shows the exception:
""")

code("""
class linear(sp.Function):
    \"\"\"An activation with slope 1 everywhere (the identity, left unevaluated).\"\"\"

    def fdiff(self, argindex=1):
        return sp.Integer(1)


net_linear = SymbolicNetwork(sizes, activation=linear)
without_slope = net_linear.check_delta_rule(rules["σ' missing"])
print("linear units, σ' dropped:", without_slope)
assert set(without_slope.values()) == {"equal"}
assert set(verdicts["σ' missing"].values()) == {"differs"}     # but not for the generic g
""")

md(r"""
### The wrong layer index

$\sigma'(z^{l+1})$ takes the slope of the wrong layer; $(W^l)^\mathsf{T}$ goes back through the wrong matrix (the one
that *produced* $z^l$, rather than the one that consumes $a^l$). Both fail loudly only where neighbouring widths
differ, and silently in the square part of the network.

**The moral.** A shape check is a good first test, and networks whose layers all have *different* widths make it
catch more. But only a comparison with the derivative itself catches every wrong version, which is why this course
checks every formula against `sympy.diff`, and why lesson 06 checks code against finite differences.
""")

md(r"""
## Numbers: BP2 against `nnlib`

Finally, the symbolic $\delta^1,\dots,\delta^4$ become numbers. `net.lambdify_delta()` turns the BP1/BP2 formulas
into a numpy function, with the generic $g$ replaced by the sigmoid and $g'$ by $\sigma'$. `nnlib.Network.deltas`
computes the same errors with its own loop over BP2 (for the sigmoid it computes $\sigma'(z^l)$ as $a^l(1-a^l)$,
the derivative from the output discussed above). With two examples (columns), random weights and random
inputs, the two agree to round-off:
""")

code("""
m = 2
net_batch = SymbolicNetwork(sizes, activation="g", m=m)
deltas_from_sympy = net_batch.lambdify_delta()

network = nnlib.Network(sizes, activations="sigmoid", seed=4)
X = rng.standard_normal((sizes[0], m))
Y = rng.random((sizes[-1], m))

expected = deltas_from_sympy(network.weights, network.biases, X, Y)
actual = network.deltas(X, Y)
errors = [nnlib.rel_error(e, a) for e, a in zip(expected, actual)]
for l, (e, a) in enumerate(zip(expected, actual), start=1):
    assert e.shape == a.shape == (sizes[l], m)
assert max(errors) < 1e-10
print(f"δ^1 … δ^{L}: shapes {[a.shape for a in actual]}")
print(f"largest relative error between SymPy's δ and Network.deltas: {max(errors):.0e} (< 1e-10)")
""")

md(r"""
## Summary

- The error of a hidden unit collects **every path** from it to the cost: in seed 001's example, $w^3_{11}$ reaches
  the cost through two output units, and $\partial J/\partial w^3_{11}$ is the sum of the two chain-rule products.
- Factoring the common tail gives $\delta^l_j = \big(\sum_k w^{l+1}_{kj}\delta^{l+1}_k\big)\,g'(z^l_j)$, and in matrix
  form **BP2**: $\delta^l = \big((W^{l+1})^\mathsf{T}\delta^{l+1}\big)\odot\sigma'(z^l)$. Both were checked against
  `sympy.diff` for every hidden unit of a network with three hidden layers and a generic activation.
- Ng's $\delta^{(l)} = (w^{(l)})^\mathsf{T}\delta^{(l+1)}\,.\!*\,g'(z^{(l)})$ is the same equation, with the layers of
  $z$, $a$, $\delta$ numbered one higher.
- The usual wrong versions ($W$ for $W^\mathsf{T}$, $\sigma'(a)$ for $\sigma'(z)$, a missing $\sigma'$, a wrong layer
  index) are all rejected by the check, but a shape error exposes them only where layer widths differ. Writing
  $f'(a)$ is fine when it means the derivative expressed through the output, such as $a(1-a)$ for the sigmoid.
- The symbolic $\delta$s match `nnlib.Network.deltas` to round-off.

**Next:** lesson 05 turns the $\delta$s into the gradients of every weight and bias (BP3, BP4).
""")

write("04_recursive_delta")

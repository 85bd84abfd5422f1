# %% [markdown]
# # Lesson 06 — Gradient checking
#
# **After this lesson you will be able to**
#
# - tell **analytic** from **numerical** differentiation, and answer the question of seed 004 about Nielsen's
#   `cost_derivative`;
# - estimate a derivative with forward and central differences, and predict from Taylor's theorem that their errors
#   shrink like $h$ and $h^2$;
# - compare two gradients with the relative error and read a per-parameter gradient-check report;
# - choose the step $h$, by reading the V-shaped error curve in which truncation error meets round-off;
# - recognise when a gradient check misleads (a ReLU kink, float32 arithmetic, a step that is too large), and see
#   it catch a real bug.

# %%
# %matplotlib inline
# %config InlineBackend.figure_formats = ['png']
import matplotlib.pyplot as plt
import numpy as np
import sympy as sp

import nnlib

sp.init_printing(use_latex="mathjax")
np.set_printoptions(precision=6, suppress=True, linewidth=100)
plt.rcParams.update({"figure.dpi": 80, "figure.figsize": (7, 4), "font.size": 11})
rng = np.random.default_rng(0)

# %% [markdown]
# ## Two ways to a derivative
#
# In seed 004 a reader of Nielsen's book is puzzled by this method of the book's network:
#
# ```python
# def cost_derivative(self, output_activations, y):
#     return (output_activations - y)
# ```
#
# The docstring promises the partial derivatives $\partial C_x/\partial a$, but the code returns only a *difference*,
# $a - y$. Shouldn't a derivative be a change in the cost **divided by** a change in the activation?
#
# The answer separates two ways of computing a derivative.
#
# - **Numerical differentiation** follows the definition literally: change $a$ by a small step $h$, measure the change
#   in $C$, divide by $h$. It needs only a way to evaluate $C$, and it gives an approximation.
# - **Analytic differentiation** takes the limit $h \to 0$ once, on paper or in SymPy, and obtains a *formula* for the
#   derivative. For $C = \tfrac12 (a - y)^2$ that formula is $\partial C/\partial a = a - y$. The division by the change
#   has already happened inside the limit; nothing is left to divide. `cost_derivative` simply evaluates the formula.
#
# SymPy shows both, and how the difference quotient turns into the formula:

# %%
from IPython.display import display

from nnlib.symbolic import Label, equal   # equal is expand-based: True when a − b expands to 0

a, y, h = sp.symbols("a y h")
C = (a - y) ** 2 / 2

analytic = sp.diff(C, a)
forward_quotient = (C.subs(a, a + h) - C) / h
central_quotient = (C.subs(a, a + h) - C.subs(a, a - h)) / (2 * h)

display(sp.Eq(Label("∂C/∂a", r"\frac{\partial C}{\partial a}"), analytic, evaluate=False))
display(sp.Eq(Label("(C(a+h) − C(a))/h", r"\frac{C(a+h) - C(a)}{h}"), sp.expand(forward_quotient), evaluate=False))
display(sp.Eq(Label("(C(a+h) − C(a−h))/2h", r"\frac{C(a+h) - C(a-h)}{2h}"), sp.expand(central_quotient),
              evaluate=False))

assert analytic == a - y                                  # Nielsen's cost_derivative
assert sp.limit(forward_quotient, h, 0) == a - y          # the limit of the quotient is the formula
assert equal(forward_quotient, a - y + h / 2)             # a finite step leaves an error h/2 ...
assert equal(central_quotient, a - y)                     # ... which the symmetric quotient cancels here

# %% [markdown]
# The answer quoted in seed 004 makes the same point with $f(x, y) = \tfrac12 (x - y)^2$, whose partial
# derivative with respect to $x$ is simply $x - y$: nothing is left to divide. The seed's copy has lost the minus
# signs; it prints `0.5*(xy)^2` and gives the derivative as `xxy`. Read literally, $\tfrac12 (xy)^2$ would have
# the derivative $x y^2$, which is not the quadratic cost's gradient:

# %%
x_, y_ = sp.symbols("x y")
restored, garbled = sp.Rational(1, 2) * (x_ - y_) ** 2, sp.Rational(1, 2) * (x_ * y_) ** 2
assert sp.diff(restored, x_) == x_ - y_                   # the answer's example, minus signs restored
assert not equal(sp.diff(garbled, x_), x_ - y_)           # the garbled copy, read literally
sp.diff(garbled, x_)

# %% [markdown]
# The forward quotient is off by exactly $h/2$ for this cost, and the limit removes it. With numbers, $a = 0.8$,
# $y = 1$ and $h = 10^{-3}$:

# %%
cost = lambda a_value: 0.5 * (a_value - 1.0) ** 2
a0, step = 0.8, 1e-3
print(f"analytic  a − y             = {a0 - 1.0:+.6f}")
print(f"forward   (C(a+h) − C(a))/h = {(cost(a0 + step) - cost(a0)) / step:+.6f}   (off by h/2 = {step / 2})")
print(f"central   (C(a+h) − C(a−h))/2h = {(cost(a0 + step) - cost(a0 - step)) / (2 * step):+.6f}")
assert abs((cost(a0 + step) - cost(a0)) / step - (a0 - 1.0 + step / 2)) < 1e-9

# %% [markdown]
# Backpropagation is analytic differentiation, organised so that shared factors are computed once. Numerical
# differentiation is too slow to train with: it needs two cost evaluations **per parameter**, where backprop needs one
# forward and one backward pass for all of them. But it needs no formulas, so it is the natural **independent check**
# of backprop code. That check is called gradient checking.
#
# ## How wrong is a difference quotient? Taylor's theorem
#
# Write $f(x \pm h)$ as a Taylor series with coefficients $f_k = f^{(k)}(x)$:
#
# $$f(x \pm h) = f_0 \pm h f_1 + \tfrac{h^2}{2} f_2 \pm \tfrac{h^3}{6} f_3 + \tfrac{h^4}{24} f_4 \pm \dots$$
#
# The forward quotient keeps the $h f_2/2$ term, so its error shrinks like $h$. In the central quotient the even
# terms cancel and the error starts at $h^2 f_3/6$:

# %%
f = sp.symbols("f0:6")
x_plus = sum(f[k] * h ** k / sp.factorial(k) for k in range(6))      # f(x + h), up to h^5
x_minus = x_plus.subs(h, -h)                                         # f(x − h)

forward_error = sp.expand((x_plus - f[0]) / h - f[1])
central_error = sp.expand((x_plus - x_minus) / (2 * h) - f[1])
display(sp.Eq(Label("forward − f'", r"\text{forward} - f'"), forward_error, evaluate=False))
display(sp.Eq(Label("central − f'", r"\text{central} - f'"), central_error, evaluate=False))

assert equal(forward_error, h * f[2] / 2 + h ** 2 * f[3] / 6 + h ** 3 * f[4] / 24 + h ** 4 * f[5] / 120)
assert equal(central_error, h ** 2 * f[3] / 6 + h ** 4 * f[5] / 120)

# %% [markdown]
# So a smaller $h$ should always be better? No: the computer stores $J$ with a relative precision of about
# $\varepsilon = 2.2\times10^{-16}$ (float64). Subtracting two nearly equal values $J(\theta + h) - J(\theta - h)$ keeps
# their absolute rounding error, about $\varepsilon\,|J|$, and dividing by $2h$ magnifies it. The total error of the
# central difference behaves like
#
# $$\underbrace{c_1 h^2}_{\text{truncation}} + \underbrace{c_2\,\varepsilon/h}_{\text{round-off}},$$
#
# smallest near $h \approx \varepsilon^{1/3} \approx 6\times10^{-6}$; for the forward difference, $c_1 h + c_2\varepsilon/h$ is
# smallest near $h \approx \varepsilon^{1/2} \approx 1.5\times10^{-8}$. That is why `nnlib.numerical_gradient`
# (central) uses $h = 10^{-5}$ by default. We will measure both regimes below.
#
# ## Comparing two gradients: the relative error
#
# Gradients come in every scale: an absolute difference of $10^{-6}$ is excellent for a gradient of size 100 and
# useless for one of size $10^{-7}$. So we compare with the scale-free **relative error**
#
# $$\operatorname{rel\_error}(g_1, g_2) = \frac{\lVert g_1 - g_2\rVert}{\lVert g_1\rVert + \lVert g_2\rVert}.$$
#
# It is 0 for equal vectors and at most 1. `nnlib.gradcheck` reads it with two thresholds: below
# `GOOD` $=10^{-7}$ the gradients agree (`ok`), above `SUSPECT` $=10^{-4}$ something is almost certainly wrong (`WRONG`),
# and in between, `check`.

# %%
from nnlib.gradcheck import (GOOD, SUSPECT, format_report, forward_gradient, gradient_report,
                             numerical_gradient, rel_error, verdict)

g1 = np.array([1.0, -2.0, 3.0])
g2 = g1 + np.array([1e-9, 0.0, -1e-9])
print(f"rel_error = {rel_error(g1, g2):.2e}  →  {verdict(rel_error(g1, g2))}")
assert rel_error(g1, g1) == 0.0
assert np.isclose(rel_error(1e-6 * g1, 1e-6 * g2), rel_error(g1, g2))   # the scale does not matter
assert np.isclose(rel_error(g1, -g1), 1.0)                                # the worst case
assert (GOOD, SUSPECT) == (1e-7, 1e-4)

# %% [markdown]
# ## A gradient-check report for a correct network
#
# `gradient_report(net, X, Y)` runs `net.backprop(X, Y)`, estimates the same gradient by central differences of
# `net.cost(X, Y)` (two cost evaluations per parameter), and reports the relative error for each parameter array. We
# check a sigmoid network with two hidden layers on a batch of five examples:

# %%
net = nnlib.Network([3, 4, 4, 2], activations="sigmoid", seed=1)
X = rng.standard_normal((3, 5))
Y = rng.random((2, 5))

rows = gradient_report(net, X, Y)
print(format_report(rows))
assert all(row["verdict"] == "ok" for row in rows)
assert max(row["rel_error"] for row in rows) < 1e-8


# %% [markdown]
# Every array agrees to about $10^{-10}$, as the estimate above predicts for $h = 10^{-5}$: truncation
# $\sim h^2 = 10^{-10}$, round-off $\sim\varepsilon/h \approx 2\times10^{-11}$.
#
# ## Choosing $h$: the error curve
#
# Now we sweep $h$ over thirteen orders of magnitude and compare the numerical gradient of **all** parameters with
# backprop, for the forward and the central difference. On a log–log plot a power law $h^p$ is a straight line of
# slope $p$, so the two regimes are easy to see. The right panel repeats the central difference with the cost computed
# in **float32**, whose precision is $\varepsilon_{32} \approx 1.2\times10^{-7}$ instead of $2.2\times10^{-16}$.

# %%
def numerical_parameters_gradient(J, params, h, difference):
    """One numerical gradient of the cost J over a list of parameter arrays, flattened."""
    return np.concatenate([difference(J, P, h).ravel() for P in params])


def float64_cost(_):
    return net.cost(X, Y)


# The same network and batch, with the forward pass in float32 arithmetic.
params64 = [P for _, P in net.parameters()]                   # W1, b1, W2, b2, W3, b3
params32 = [P.astype(np.float32) for P in params64]
X32, Y32 = X.astype(np.float32), Y.astype(np.float32)


def float32_cost(_):
    a = X32
    for W, b in zip(params32[0::2], params32[1::2]):
        a = nnlib.sigmoid(W @ a + b)                          # stays float32
    return 0.5 * np.sum((a - Y32) ** 2) / X32.shape[1]


assert float32_cost(None).dtype == np.float32
assert abs(float32_cost(None) - net.cost(X, Y)) < 1e-6        # the same J, to float32 precision

nabla_b, nabla_w = net.backprop(X, Y)
backprop = np.concatenate([g.ravel() for pair in zip(nabla_w, nabla_b) for g in pair])

steps = np.logspace(-14, -0.5, 28)
errors = {
    "forward, float64": [rel_error(numerical_parameters_gradient(float64_cost, params64, s, forward_gradient), backprop)
                         for s in steps],
    "central, float64": [rel_error(numerical_parameters_gradient(float64_cost, params64, s, numerical_gradient), backprop)
                         for s in steps],
    "central, float32": [rel_error(numerical_parameters_gradient(float32_cost, params32, s, numerical_gradient), backprop)
                         for s in steps],
}
errors = {name: np.array(e) for name, e in errors.items()}

# %%
eps64, eps32 = np.finfo(np.float64).eps, np.finfo(np.float32).eps
fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.8), sharey=True)


def guide(ax, lo, hi, fn, **style):
    """A reference power law, drawn a little below the data it describes."""
    hs = np.logspace(np.log10(lo), np.log10(hi), 2)
    ax.loglog(hs, fn(hs), **style)


left.loglog(steps, errors["forward, float64"], "o-", color="tab:orange", label="forward difference")
left.loglog(steps, errors["central, float64"], "s-", color="tab:blue", label="central difference")
guide(left, 1e-9, 0.3, lambda s: 0.05 * s, ls=":", lw=2, color="tab:orange", label="slope 1: truncation ~ h")
guide(left, 1e-6, 0.3, lambda s: 0.03 * s ** 2, ls=":", lw=2, color="tab:blue", label="slope 2: truncation ~ h²")
guide(left, 1e-14, 1e-6, lambda s: 0.3 * eps64 / s, ls="--", lw=2, color="gray", label="slope −1: round-off ~ ε/h")
left.set_title("float64: truncation meets round-off")

right.loglog(steps, errors["central, float64"], "s-", color="tab:blue", label="central, float64")
right.loglog(steps, errors["central, float32"], "^-", color="tab:red", label="central, float32")
guide(right, 1e-7, 3e-2, lambda s: 0.3 * eps32 / s, ls="--", lw=2, color="gray", label="round-off ~ ε₃₂/h")
right.text(1e-13, 2.2, "θ + h rounds to θ in float32:\nnumerical gradient 0", fontsize=9, color="tab:red")
right.set_title("float32: a far higher floor")

for ax in (left, right):
    ax.axvline(1e-5, color="black", lw=0.8, alpha=0.5)
    ax.text(1.3e-5, 2e-13, "nnlib default\nh = 1e-5", fontsize=9)
    ax.axhline(SUSPECT, color="tab:red", lw=1, alpha=0.5, label="WRONG above 1e-4")
    ax.axhline(GOOD, color="tab:green", lw=1, alpha=0.7, label="ok below 1e-7")
    ax.set_xlabel("step h")
    ax.set_ylim(1e-13, 20)
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=8, loc="lower left")
left.set_ylabel("relative error against backprop")
fig.suptitle("Gradient-check error as a function of the step h")
fig.tight_layout()
plt.show()


# %% [markdown]
# Read the left panel from right to left. For large $h$ the error is truncation: the forward difference falls along
# a line of slope 1, the central difference along slope 2, as Taylor's theorem predicted. For small $h$ both turn
# around and climb along slope $-1$: round-off, $\varepsilon/h$. The central difference reaches about $10^{-10}$ at
# $h \approx 10^{-5}$; the forward difference bottoms out near $10^{-8}$, at a smaller $h$, and is worse everywhere.
# In float32 (right) the round-off line sits about nine orders of magnitude higher, so the V bottoms out at a few times
# $10^{-5}$; below $h \approx 10^{-7}$ the step is smaller than the spacing of float32 numbers near the parameters,
# $\theta + h$ rounds back to $\theta$, the numerical gradient is exactly 0 and the relative error is 1.
# The cell below measures the slopes and minima.

# %%
def slope(name, lo, hi):
    """The log–log slope of an error curve between steps lo and hi."""
    keep = (steps >= lo) & (steps <= hi)
    return np.polyfit(np.log10(steps[keep]), np.log10(errors[name][keep]), 1)[0]


best = {name: (steps[np.argmin(e)], e.min()) for name, e in errors.items()}
for name, (h_best, e_best) in best.items():
    print(f"{name}: smallest error {e_best:.0e} at h ≈ {h_best:.0e}")
print(f"slopes for large h: forward {slope('forward, float64', 1e-4, 0.4):.2f}, "
      f"central {slope('central, float64', 1e-3, 0.4):.2f};  for small h: central {slope('central, float64', 1e-14, 1e-8):.2f}")

assert 0.9 < slope("forward, float64", 1e-4, 0.4) < 1.1          # truncation ~ h
assert 1.8 < slope("central, float64", 1e-3, 0.4) < 2.2          # truncation ~ h²
assert -1.3 < slope("central, float64", 1e-14, 1e-8) < -0.7      # round-off ~ ε/h
assert best["central, float64"][1] < 1e-9 and 1e-6 <= best["central, float64"][0] <= 1e-4
assert best["forward, float64"][1] > 10 * best["central, float64"][1]
assert best["central, float32"][1] > 1e4 * best["central, float64"][1]
assert errors["central, float32"][0] == 1.0                      # h = 1e-14: θ + h == θ in float32, gradient 0

# %% [markdown]
# ## When the check misleads, and when it catches a bug
#
# A gradient check compares two computations. When they disagree, either one can be at fault. Four situations are
# worth recognising.
#
# ### 1. A step that is too large
#
# At $h = 0.1$ the truncation error alone is about $10^{-3}$: the report cries `WRONG` on a network whose
# backprop we have just verified.

# %%
rows = gradient_report(net, X, Y, h=0.1)
print(format_report(rows))
assert any(row["verdict"] == "WRONG" for row in rows)


# %% [markdown]
# ### 2. float32
#
# A float32 cost carries only about seven significant digits. With the float64 step $h = 10^{-5}$, the difference
# $J(\theta+h) - J(\theta-h)$ is largely rounding noise; even the best step for float32 (near $\varepsilon_{32}^{1/3}$) gets
# only to a few times $10^{-5}$, hundreds of times above the `ok` threshold. The report for the same correct network:

# %%
def float32_report(h):
    names = [name for name, _ in net.parameters()]
    numeric = [numerical_gradient(float32_cost, P, h) for P in params32]
    analytic = [g for pair in zip(nabla_w, nabla_b) for g in pair]
    return [{"name": n, "shape": A.shape, "rel_error": rel_error(A, N), "verdict": verdict(rel_error(A, N))}
            for n, A, N in zip(names, analytic, numeric)]


for h_32 in (1e-5, 1e-2):
    print(f"float32 cost, h = {h_32:.0e}")
    print(format_report(float32_report(h_32)), end="\n\n")
assert all(row["verdict"] == "WRONG" for row in float32_report(1e-5))
assert all(row["verdict"] != "ok" for row in float32_report(1e-2))

# %% [markdown]
# Gradient checks therefore run in float64, even for a network that trains in float32.
#
# ### 3. A kink: ReLU near $z = 0$
#
# $\mathrm{ReLU}(z) = \max(0, z)$ has slope 0 on the left and 1 on the right, and no derivative at $z = 0$ itself.
# Backprop uses the slope of the side $z$ is on. A central difference, however, evaluates the cost at
# $z \pm h$ (roughly); if $z$ lies within $h$ of the kink, the two evaluations fall on **different sides** and the
# quotient measures an average of the two slopes. Neither computation is buggy, yet they disagree.
#
# We move a hidden unit of a small ReLU network to $z^1_1 = 2\times10^{-6}$, closer to the kink than $h = 10^{-5}$:

# %%
relu_net = nnlib.Network([2, 3, 1], activations=["relu", "sigmoid"], seed=3)
x = np.array([[0.2], [-0.5]])
y_target = np.array([[1.0]])
z1 = relu_net.forward(x)[0][0]
relu_net.biases[0][0, 0] += 2e-6 - z1[0, 0]          # shift b^1_1 so that z^1_1 = 2e-6
z1 = relu_net.forward(x)[0][0]
print("z^1 =", z1.ravel())

near_kink = np.abs(z1) < 1e-5
print(f"units within h = 1e-5 of the kink: {int(near_kink.sum())}")
rows = gradient_report(relu_net, x, y_target)
print(format_report(rows))

assert near_kink.sum() == 1 and near_kink[0, 0]
verdicts = {row["name"]: row["verdict"] for row in rows}
assert verdicts["W1"] == verdicts["b1"] == "WRONG"            # the parameters feeding the unit at the kink
assert verdicts["W2"] == verdicts["b2"] == "ok"               # everything else agrees

# %% [markdown]
# Only the parameters that feed the unit at the kink are flagged. Two checks tell a kink from a bug: the flagged unit
# has $|z| < h$, and with a step smaller than its distance to the kink, the disagreement disappears:

# %%
rows_small_h = gradient_report(relu_net, x, y_target, h=1e-7)
print(format_report(rows_small_h))
assert all(row["verdict"] == "ok" for row in rows_small_h)


# %% [markdown]
# In a large ReLU network a few of the thousands of weighted inputs land within $h$ of zero by chance, so a few
# `check` or `WRONG` entries are expected there. Count the units with $|z| < h$ before suspecting the code, or check
# at a point where there are none.
#
# ### 4. A real bug
#
# Finally, what the check is for. The network below has one of the wrong versions of BP2 from lesson 04: it forgets
# the factor $\sigma'(z^l)$. Everything else, BP1, BP3 and BP4, is `nnlib`'s own code.

# %%
class ForgetsSigmaPrime(nnlib.Network):
    """A deliberately broken network: BP2 without the factor σ'(z^l)."""

    def _deltas(self, zs, activations, Y):
        L = self.L
        deltas = [None] * L
        deltas[L - 1] = self.cost_function.delta(zs[L - 1], activations[L], Y, self.sigmas[L - 1])   # BP1, correct
        for l in range(L - 1, 0, -1):
            deltas[l - 1] = self.weights[l].T @ deltas[l]                    # BUG: ⊙ σ'(z^l) is missing
        return deltas


broken = ForgetsSigmaPrime([3, 4, 4, 2], activations="sigmoid", seed=1)   # same weights as `net`
rows = gradient_report(broken, X, Y)
print(format_report(rows))
verdicts = {row["name"]: row["verdict"] for row in rows}
assert verdicts["W3"] == verdicts["b3"] == "ok"                            # the output layer: BP1 and BP4 are fine
assert all(verdicts[name] == "WRONG" for name in ("W1", "b1", "W2", "b2"))  # every layer BP2 reaches is wrong

# %% [markdown]
# The report does more than say "wrong": the output layer passes, so BP1 and BP4 are fine, and every layer below it
# fails, so the error enters where $\delta$ is passed back: BP2.
#
# ## Sources
#
# - **Seed 004**, a Chinese mirror of the Stack Overflow question "Deep learning: the code for backpropagation in
#   Python", about `cost_derivative` in Michael Nielsen's `network.py` (*Neural Networks and Deep Learning*): the
#   numerical-against-analytic question, and its answer's garbled `0.5*(xy)^2` example, restored above.
#
# All seeds and works: [`SOURCES.md`](../SOURCES.md).
#
# ## Summary
#
# - **Analytic** differentiation produces a formula for the derivative ($\partial C/\partial a = a - y$ for the
#   quadratic cost, which is all Nielsen's `cost_derivative` returns); **numerical** differentiation divides a
#   measured change by a finite step. Backprop is analytic; finite differences are the independent check.
# - Forward differences err by $\sim h$, central differences by $\sim h^2$ (Taylor, checked in SymPy). Round-off
#   adds $\sim\varepsilon/h$, so the error curve is a V; in float64 central differences do best near
#   $h \approx 10^{-5}$ with a relative error near $10^{-10}$.
# - Compare gradients with the **relative error**; below $10^{-7}$ is agreement, above $10^{-4}$ a bug, or one of
#   the traps.
# - The traps: a step that is too large (truncation), float32 (round-off, a floor near $10^{-5}$), and kinks such as
#   ReLU at $z \approx 0$, where a central difference straddles two slopes.
# - A deliberately broken BP2 is flagged `WRONG` in exactly the layers it reaches.
#
# **Next:** lesson 07 uses the verified gradients to train, one mini-batch at a time.

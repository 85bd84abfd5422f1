# %% [markdown]
# # Lesson 02 — The chain rule and computation graphs
#
# Backpropagation is the chain rule, organized so that no derivative is computed twice. The clearest way to see
# the organization is a *computation graph*: a picture of a calculation as small operations joined by arrows.
# Values flow forward along the arrows; derivatives flow backward against them, and each node only ever needs
# its own small, *local* derivative.
#
# **After this lesson you will be able to**
#
# - apply the chain rule to a composition such as $(x + y)^2$, and check the result with SymPy;
# - draw a calculation as a computation graph, and run it forward and backward;
# - state the backward rules of an add node and of a multiply node, and say why a multiply node must remember
#   its inputs;
# - add up the contributions of several paths that lead into one node;
# - compute every derivative of seed `003`'s apple and apple-and-orange shopping bills with `nnlib.graph`, and
#   confirm them with `sympy.diff`.

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
# ## 1. The chain rule
#
# If $z$ depends on $t$, and $t$ depends on $x$, then a small change in $x$ changes $t$ by
# $\frac{\partial t}{\partial x}$ times as much, which changes $z$ by $\frac{dz}{dt}$ times *that*:
#
# $$\frac{\partial z}{\partial x} = \frac{dz}{dt}\,\frac{\partial t}{\partial x}.$$
#
# Take $z = (x + y)^2$. Split it into two steps, $t = x + y$ and $z = t^2$. The local derivatives are
# $\frac{dz}{dt} = 2t$ and $\frac{\partial t}{\partial x} = 1$, so
#
# $$\frac{\partial z}{\partial x} = 2t \cdot 1 = 2(x + y).$$

# %%
from nnlib.symbolic import equal

x, y, t = sp.symbols("x y t")
z = (x + y) ** 2

dz_dt = sp.diff(t ** 2, t).subs(t, x + y)     # local derivative of the square, at t = x + y
dt_dx = sp.diff(x + y, x)                     # local derivative of the sum
assert equal(sp.diff(z, x), 2 * (x + y))      # the claim, against sympy.diff of the whole expression
assert equal(sp.diff(z, x), dz_dt * dt_dx)    # ... and it is the product of the local derivatives
assert equal(sp.diff(z, y), 2 * (x + y))      # by symmetry, the same for y
sp.diff(z, x)

# %% [markdown]
# As a graph, the calculation is an add node followed by a squaring node. The backward pass starts at the output
# with $\frac{\partial z}{\partial z} = 1$. Each node multiplies what arrives from its right (the *upstream*
# derivative) by its own local derivative and passes the product to its left (*downstream*). The squaring node
# sends $1 \cdot 2t$; the add node passes it on unchanged to both $x$ and $y$. With $x = 3$ and $y = 2$, $t = 5$
# and both derivatives are $10$. In the figure, the black number above a node is its value, and the red number
# below is the derivative of the output with respect to it.

# %%
from nnlib.graph import AddLayer, Graph, MulLayer

graph = Graph()
graph.add_input("x", 3)
graph.add_input("y", 2)
graph.add_op("t", "+", ["x", "y"])                      # t = x + y = 5
graph.add_op("z", "**2", ["t"], value=graph.nodes["t"]["value"] ** 2)   # z = t² = 25
dz = 1                                                  # ∂z/∂z
dt = dz * 2 * graph.nodes["t"]["value"]                 # squaring node: upstream × 2t
for name, grad in {"z": dz, "t": dt, "x": dt * 1, "y": dt * 1}.items():
    graph.set_grad(name, grad)

numbers = {x: 3, y: 2}
assert dt == sp.diff(z, x).subs(numbers) == sp.diff(z, y).subs(numbers) == 10
nnlib.plot.computation_graph(graph, title="z = (x + y)²: forward values and backward derivatives")
plt.show()

# %% [markdown]
# ## 2. The backward rules of two nodes
#
# A node that computes $\text{out} = f(x, y)$ receives the upstream derivative
# $d_\text{out} = \partial L / \partial\,\text{out}$, where $L$ is whatever the graph finally computes, and
# returns
#
# $$\frac{\partial L}{\partial x} = d_\text{out}\,\frac{\partial f}{\partial x},\qquad
# \frac{\partial L}{\partial y} = d_\text{out}\,\frac{\partial f}{\partial y}.$$
#
# - **Add**, $f = x + y$: both local derivatives are 1, so the node passes $d_\text{out}$ unchanged to both
#   inputs. It needs nothing from the forward pass.
# - **Multiply**, $f = xy$: $\partial f / \partial x = y$ and $\partial f / \partial y = x$, so each input
#   receives $d_\text{out}$ times the *other* input. The inputs are "swapped", which is why a multiply node must
#   store them during the forward pass.

# %%
assert sp.diff(x + y, x) == 1 and sp.diff(x + y, y) == 1
assert sp.diff(x * y, x) == y and sp.diff(x * y, y) == x

# %% [markdown]
# Seed `003` shows numbers (in figures taken from chapter 5 of Koki Saitoh's *Deep Learning from Scratch*): a
# multiply node with inputs $x = 10$ and $y = 5$ that receives $1.3$ from upstream
# sends back $1.3 \times 5 = 6.5$ to $x$ and $1.3 \times 10 = 13$ to $y$. An add node would send $1.3$ to both.
# `nnlib.graph.MulLayer` and `AddLayer` implement the two rules, each with a `forward` and a `backward`:

# %%
mul = MulLayer()
assert mul.forward(10, 5) == 50
dx, dy = mul.backward(1.3)
assert abs(dx - 6.5) < 1e-12 and abs(dy - 13) < 1e-12       # floats: 1.3 is not exact in binary

add = AddLayer()
assert add.forward(10, 5) == 15
assert add.backward(1.3) == (1.3, 1.3)
print(f"multiply node: {dx:g}, {dy:g}    add node: {add.backward(1.3)}")

# %% [markdown]
# ## 3. Several paths add up
#
# When a variable feeds more than one node, it influences the output along several paths, and the multivariable
# chain rule adds their contributions. If $x$ feeds both $u$ and $v$, then
#
# $$\frac{\partial L}{\partial x} = \frac{\partial L}{\partial u}\frac{\partial u}{\partial x}
# + \frac{\partial L}{\partial v}\frac{\partial v}{\partial x}.$$
#
# The smallest example is $x \cdot x$: one multiply node that receives $x$ on both inputs. Its backward pass
# sends $x$ to each input, and the two contributions add to $2x$, which is $\frac{d}{dx}x^2$. Keeping only one
# of them (overwriting instead of adding) gives $x$: wrong.

# %%
square = MulLayer()
square.forward(3.0, 3.0)
via_first, via_second = square.backward(1.0)
assert via_first + via_second == float(sp.diff(x * x, x).subs(x, 3)) == 6
assert via_second != 6                   # one path alone is not the derivative

# %% [markdown]
# A less symmetric example: $f = xy + x$. The variable $x$ reaches $f$ directly through the add node, and through
# the multiply node. The two paths contribute $1$ and $y$, so $\partial f / \partial x = y + 1$.
# `Graph.backward` walks any graph of add and multiply nodes from the output back and *adds* (`+=`) every
# contribution that arrives at a node, so it gets this right without being told about the two paths:

# %%
mul, add = MulLayer(), AddLayer()
x_val, y_val = 3.0, 4.0
f_val = add.forward(mul.forward(x_val, y_val), x_val)
d_u, dx_direct = add.backward(1.0)
dx_via_u, dy = mul.backward(d_u)
dx = dx_via_u + dx_direct                                   # the two paths add up

f = x * y + x
assert f_val == float(f.subs({x: x_val, y: y_val}))
assert dx == float(sp.diff(f, x).subs(y, y_val)) == y_val + 1
assert dy == float(sp.diff(f, y).subs(x, x_val))

graph = Graph()
graph.add_input("x", x_val)
graph.add_input("y", y_val)
graph.add_op("u", "×", ["x", "y"])
graph.add_op("f", "+", ["u", "x"])
grads = graph.backward()
assert grads["x"] == dx and grads["y"] == dy
nnlib.plot.computation_graph(graph, title="f = x·y + x: the two paths from x add up to y + 1")
plt.show()

# %% [markdown]
# ## 4. The apple (seed 003, from *Deep Learning from Scratch*)
#
# The shopping examples of this section and the next are the worked examples of chapter 5 of Koki Saitoh's
# *Deep Learning from Scratch* (斋藤康毅, ゼロから作る Deep Learning); seed 003 reproduces the book's figures as
# images, so the numbers are the book's. You buy 2 apples at 100 each, and pay 10% consumption tax. The bill is two multiplications:
#
# $$\text{price} = (\text{apple} \times \text{apple\_num}) \times \text{tax} = (100 \times 2) \times 1.1 = 220.$$
#
# Backward from $\partial\,\text{price}/\partial\,\text{price} = 1$: the tax node sends back $1 \times 1.1 = 1.1$
# to the apple subtotal and $1 \times 200 = 200$ to the tax; the apple node sends $1.1 \times 2 = 2.2$ to the
# apple's price and $1.1 \times 100 = 110$ to the number of apples. So one more unit of apple price raises the
# bill by 2.2; one more apple raises it by 110; and one more unit of tax rate raises it by 200.

# %%
apple, apple_num, tax = 100, 2, 1.1
apple_node, tax_node = MulLayer(), MulLayer()

# forward
apple_price = apple_node.forward(apple, apple_num)          # 200
price = tax_node.forward(apple_price, tax)                  # 220 (in floats, 220.00000000000003)

# backward
d_apple_price, d_tax = tax_node.backward(1)
d_apple, d_apple_num = apple_node.backward(d_apple_price)


def close(u, v):
    return abs(u - v) <= 1e-12 * max(1.0, abs(v))


assert apple_price == 200 and close(price, 220)
assert close(d_apple_price, 1.1) and close(d_tax, 200)
assert close(d_apple, 2.2) and close(d_apple_num, 110)
print(f"price {price:g};  ∂price/∂apple = {d_apple:g},  ∂price/∂apple_num = {d_apple_num:g},  ∂price/∂tax = {d_tax:g}")

# %% [markdown]
# ## 5. Apples and oranges
#
# Now 2 apples at 100 and 3 oranges at 150, with the same tax: two multiply nodes, an add node that sums the
# subtotals, and the tax node.
#
# $$\text{price} = (100 \times 2 + 150 \times 3) \times 1.1 = 650 \times 1.1 = 715.$$
#
# Backward: the tax node sends $1.1$ to the sum and $650$ to the tax. The add node passes $1.1$ unchanged to
# both subtotals. The apple node then sends $1.1 \times 2 = 2.2$ to the apple's price and
# $1.1 \times 100 = 110$ to the number of apples; the orange node sends $1.1 \times 3 = 3.3$ to the orange's
# price and $1.1 \times 150 = 165$ to the number of oranges.

# %%
apple, apple_num, orange, orange_num, tax = 100, 2, 150, 3, 1.1
apple_node, orange_node, sum_node, tax_node = MulLayer(), MulLayer(), AddLayer(), MulLayer()

# forward
apple_price = apple_node.forward(apple, apple_num)              # 200
orange_price = orange_node.forward(orange, orange_num)          # 450
all_price = sum_node.forward(apple_price, orange_price)         # 650
price = tax_node.forward(all_price, tax)                        # 715

# backward
d_all_price, d_tax = tax_node.backward(1)
d_apple_price, d_orange_price = sum_node.backward(d_all_price)
d_apple, d_apple_num = apple_node.backward(d_apple_price)
d_orange, d_orange_num = orange_node.backward(d_orange_price)

assert (apple_price, orange_price, all_price) == (200, 450, 650) and close(price, 715)
assert close(d_all_price, 1.1) and close(d_apple_price, 1.1) and close(d_orange_price, 1.1)
assert close(d_apple_num, 110) and close(d_apple, 2.2) and close(d_orange, 3.3)
assert close(d_orange_num, 165) and close(d_tax, 650)
print(f"price {price:g}")
print(f"∂price/∂apple_num = {d_apple_num:g}, ∂price/∂apple = {d_apple:g}, ∂price/∂orange = {d_orange:g}, "
      f"∂price/∂orange_num = {d_orange_num:g}, ∂price/∂tax = {d_tax:g}")

# %% [markdown]
# The same bill recorded as a `Graph` gets the same derivatives from `Graph.backward`, and draws as the familiar
# picture:

# %%
bill = Graph()
for name, value in [("apple", apple), ("apple_num", apple_num), ("orange", orange), ("orange_num", orange_num),
                    ("tax", tax)]:
    bill.add_input(name, value)
bill.add_op("apple_price", "×", ["apple", "apple_num"])
bill.add_op("orange_price", "×", ["orange", "orange_num"])
bill.add_op("all_price", "+", ["apple_price", "orange_price"])
bill.add_op("price", "×", ["all_price", "tax"])
grads = bill.backward()

by_layers = {"apple": d_apple, "apple_num": d_apple_num, "orange": d_orange, "orange_num": d_orange_num,
             "tax": d_tax, "apple_price": d_apple_price, "orange_price": d_orange_price, "all_price": d_all_price}
assert all(grads[name] == value for name, value in by_layers.items())
nnlib.plot.computation_graph(bill, title="Seed 003: 2 apples at 100, 3 oranges at 150, tax 1.1")
plt.show()

# %% [markdown]
# ## 6. Cross-check with `sympy.diff`
#
# The graph computed every derivative from local rules alone. SymPy can differentiate the bill as one formula,
# $\text{price} = (a\,n_a + o\,n_o)\,t$, and in exact rational arithmetic ($t = 11/10$). The two agree for both
# examples:

# %%
s = {name: sp.Symbol(name) for name in ["apple", "apple_num", "orange", "orange_num", "tax"]}
exact = {s["apple"]: 100, s["apple_num"]: 2, s["orange"]: 150, s["orange_num"]: 3, s["tax"]: sp.Rational(11, 10)}

apple_bill = s["apple"] * s["apple_num"] * s["tax"]
assert apple_bill.subs(exact) == 220
apple_graph = {s["apple"]: 2.2, s["apple_num"]: 110, s["tax"]: 200}                  # from section 4
for v, number in apple_graph.items():
    assert nnlib.rel_error(float(sp.diff(apple_bill, v).subs(exact)), number) < 1e-10

bill_formula = (s["apple"] * s["apple_num"] + s["orange"] * s["orange_num"]) * s["tax"]
assert bill_formula.subs(exact) == 715
bill_graph = {s["apple"]: d_apple, s["apple_num"]: d_apple_num, s["orange"]: d_orange,    # from section 5
              s["orange_num"]: d_orange_num, s["tax"]: d_tax}
for v, number in bill_graph.items():
    assert nnlib.rel_error(float(sp.diff(bill_formula, v).subs(exact)), number) < 1e-10
{v: sp.diff(bill_formula, v).subs(exact) for v in bill_graph}

# %% [markdown]
# ## 7. A neuron is a computation graph too
#
# The cost of one sigmoid neuron on one example, $C = \tfrac12(\sigma(wx + b) - y)^2$, is the graph
# multiply → add → sigmoid → cost. Backward, with the local derivatives $\partial C / \partial a = a - y$ and
# $\sigma'(z) = a(1 - a)$ (lesson 03 proves this one):
#
# $$\frac{\partial C}{\partial z} = (a - y)\,a(1 - a),\qquad
# \frac{\partial C}{\partial b} = \frac{\partial C}{\partial z}\ \text{(add node)},\qquad
# \frac{\partial C}{\partial w} = \frac{\partial C}{\partial z}\,x\ \text{(multiply node: the other input)}.$$
#
# The quantity arriving at $z$ is what the next lessons call the error $\delta = \partial C / \partial z$; the
# add and multiply rules then give the bias and weight gradients. We check the graph's numbers against
# `sympy.diff` of the cost written with $\sigma(z) = 1/(1 + e^{-z})$, so that nothing about $\sigma'$ is assumed:

# %%
w_val, x_val, b_val, y_val = 0.8, 1.5, -0.3, 1.0
mul, add = MulLayer(), AddLayer()
z_val = add.forward(mul.forward(w_val, x_val), b_val)
a_val = float(nnlib.sigmoid(z_val))

d_a = a_val - y_val                       # cost node: ∂(½(a − y)²)/∂a
d_z = d_a * a_val * (1 - a_val)           # sigmoid node: × σ'(z) = a(1 − a)
d_wx, d_b = add.backward(d_z)             # add node: passes δ unchanged
d_w, d_x = mul.backward(d_wx)             # multiply node: swaps

w, x, b, y = sp.symbols("w x b y")
C = sp.Rational(1, 2) * (1 / (1 + sp.exp(-(w * x + b))) - y) ** 2
point = {w: w_val, x: x_val, b: b_val, y: y_val}
for symbol, graph_value in [(w, d_w), (b, d_b), (x, d_x)]:
    assert nnlib.rel_error(float(sp.diff(C, symbol).subs(point)), graph_value) < 1e-10
print(f"δ = ∂C/∂z = {d_z:.6f},  ∂C/∂b = {d_b:.6f},  ∂C/∂w = {d_w:.6f}")

# %% [markdown]
# ## 8. Four gates, four intuitions
#
# Every backward pass so far used the same few moves. They are worth knowing by heart, because they let you read
# a backward pass at a glance:
#
# - an **add** gate *distributes*: each input gets the upstream derivative unchanged;
# - a **multiply** gate *swaps*: each input gets the upstream derivative times the *other* input;
# - a **max** gate *routes*: the larger input gets the upstream derivative, the other gets 0 (locally, only the
#   winner affects the output);
# - a **copy** (a value used in several places, "fan-out") *sums*: the derivatives coming back along its uses add up.
#
# All four at work in one small function, $f = (x y + \max(z, w))\,x$, where $x$ is used twice. The backward
# pass below applies the four rules by hand, one gate at a time, and the cell checks each rule's answer against
# central differences of $f$ (lesson 06 explains them), which know nothing of the rules:

# %%
x_val, y_val, z_val, w_val = 2.0, -1.5, 0.5, -1.0

def f_of(v):                                   # v = [x, y, z, w]
    x, y, z, w = v
    return (x * y + max(z, w)) * x

# Forward, one gate at a time.
q = x_val * y_val                              # multiply gate
r = max(z_val, w_val)                          # max gate
s = q + r                                      # add gate
f_val = s * x_val                              # multiply gate; x is used a second time here (copy)

# Backward, one rule at a time, from df/df = 1.
d_s, dx_from_f = 1.0 * x_val, 1.0 * s          # multiply swaps: s gets x, x gets s
d_q, d_r = d_s, d_s                            # add distributes: both get d_s unchanged
d_z, d_w = (d_r, 0.0) if z_val > w_val else (0.0, d_r)    # max routes d_r to the larger input
dx_from_q, d_y = d_q * y_val, d_q * x_val      # multiply swaps again
d_x = dx_from_q + dx_from_f                    # copy: the two uses of x add up

numeric = nnlib.numerical_gradient(f_of, np.array([x_val, y_val, z_val, w_val]))
for name, by_rules, by_differences in zip("xyzw", (d_x, d_y, d_z, d_w), numeric):
    assert abs(by_rules - by_differences) < 1e-8, name
    print(f"∂f/∂{name}: gate rules {by_rules:+.4f}   central differences {by_differences:+.6f}")

assert d_q == d_r == d_s                       # add: the same number goes to both inputs
assert (dx_from_q, d_y) == (d_q * y_val, d_q * x_val)   # multiply: each input gets the other one
assert d_w == 0 and abs(numeric[3]) < 1e-8     # max: the loser gets nothing ...
assert d_z == d_r                              # ... and the winner gets all of it
assert abs(dx_from_q - numeric[0]) > 1 and abs(dx_from_f - numeric[0]) > 1   # copy: neither use alone is right

# %% [markdown]
# The same computation as a graph, with the derivatives the rules gave written in red below each node. Read it
# right to left: the $+$ node hands the same $2$ to both inputs; the max node sends it all to $z$ and $0$ to
# $w$; each $\times$ node sends each input the other input's value times what it received; and $x$, drawn with two
# outgoing arrows, collects $-3 + (-2.5) = -5.5$. `Graph.backward` knows only $+$ and $\times$, so the cell
# attaches the derivatives with `set_grad`, after asserting that `Graph.backward` gets the same numbers for the
# part without the max node:

# %%
graph = Graph()
for name, value in [("x", x_val), ("y", y_val), ("z", z_val), ("w", w_val)]:
    graph.add_input(name, value)
graph.add_op("q", "×", ["x", "y"])
graph.add_op("r", "max", ["z", "w"], value=r)
graph.add_op("s", "+", ["q", "r"])
graph.add_op("f", "×", ["s", "x"])
assert graph.nodes["f"]["value"] == f_val
for name, grad in {"f": 1.0, "s": d_s, "q": d_q, "r": d_r, "x": d_x, "y": d_y, "z": d_z, "w": d_w}.items():
    graph.set_grad(name, grad)

check = Graph()                                  # the same graph with max(z, w) frozen to an input r
for name, value in [("x", x_val), ("y", y_val), ("r", r)]:
    check.add_input(name, value)
check.add_op("q", "×", ["x", "y"])
check.add_op("s", "+", ["q", "r"])
check.add_op("f", "×", ["s", "x"])
grads = check.backward()
assert (grads["x"], grads["y"], grads["r"]) == (d_x, d_y, d_r)

nnlib.plot.computation_graph(graph, title="f = (x·y + max(z, w))·x: add distributes, × swaps, max routes, copy sums")
plt.show()

# %% [markdown]
# ## Sources
#
# - **Seed 003**, a Chinese blog post ("DL之BP…") on backpropagation by the chain rule and computation graphs,
#   whose figures come from chapter 5 of Koki Saitoh (斋藤康毅), *Deep Learning from Scratch* (ゼロから作る Deep
#   Learning, O'Reilly Japan, 2016): the $(x + y)^2$ graph, the multiply node's $1.3 \times 5 = 6.5$ and
#   $1.3 \times 10 = 13$, the apple bill ($220 \to 2.2, 110, 200$) and the apple-and-orange bill
#   ($715 \to 110, 2.2, 3.3, 165, 650$), and the `MulLayer`/`AddLayer` names, which are the book's.
#
# All seeds and works: [`SOURCES.md`](../SOURCES.md).

# %% [markdown]
# ## Summary
#
# - **Chain rule:** the derivative of a composition is the product of the local derivatives along the way;
#   $\frac{\partial}{\partial x}(x + y)^2 = 2(x + y)$, checked by SymPy.
# - **Computation graph:** values flow forward; derivatives flow backward, each node multiplying the upstream
#   derivative by its local derivative.
# - **Add node:** passes the upstream derivative unchanged to both inputs. **Multiply node:** sends each input the
#   upstream derivative times the *other* input (seed 003's $1.3 \times 5 = 6.5$ and $1.3 \times 10 = 13$), so it
#   stores its inputs.
# - **Several paths into one node add up** ($x \cdot x \to 2x$; $xy + x \to y + 1$); `Graph.backward` accumulates
#   with `+=`.
# - The bills of *Deep Learning from Scratch*, chapter 5 (seed 003): apples $220 \to (2.2, 110, 200)$; apples and oranges
#   $715 \to (110, 2.2, 3.3, 165, 650)$, from `MulLayer`/`AddLayer`, from `Graph.backward`, and from
#   `sympy.diff`, all equal.
# - Four intuitions, each checked against central differences: **add distributes**, **multiply swaps**,
#   **max routes** (all to the larger input, 0 to the other), **copy sums** (a value used twice collects both).
# - A neuron's cost is a small graph whose backward pass produces $\delta = \partial C/\partial z$ and from it
#   $\partial C/\partial b$ and $\partial C/\partial w$. Lesson 03 derives $\delta$ for a whole output layer.

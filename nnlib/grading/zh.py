"""The Chinese (Simplified) catalogue of check(...) and the grader: every English message → its Chinese version.

* ``MESSAGES``: the templates of :func:`nnlib.grading.i18n.t`, keyed by the exact English template, with the
  same named placeholders.
* ``RAISED``: messages written in English by a graded kernel (a withheld call, a result nnlib could not read,
  an expression the grader will not rebuild), matched with their placeholders by
  :func:`nnlib.grading.i18n.translate_raised`.
* ``STRINGS``: the fixed strings of the questions (titles, case labels, classic mistakes, diagnoses, sections,
  allowed helpers), keyed by the exact English, or for case labels by their skeleton (numbers and shapes as
  ``{0}``, ``{1}`` …, see :func:`nnlib.grading.i18n.skeleton`).

Terms as in the course glossary: 残差, 带权输入, 点乘, 外积, 局部梯度, 广播, 独热, 饱和, 权重衰减, 词袋,
反向传播, 链式法则, 计算图, 梯度检验, 小批量随机梯度下降, 学习率.  Section titles quote the Chinese
headings of the lessons.
"""

MESSAGES = {
    # check(...)
    "check() does not know a graded function called {shown}.\nGraded names: {known}.":
        "check() 不认识名为 {shown} 的评分函数。\n可评分的名字：{known}。",
    "{name} is not defined yet (or is not a function): run the cell that defines it first.":
        "{name} 还没有定义（或者不是函数）：请先运行定义它的那个单元格。",
    "{name} is not implemented yet: replace the line `raise NotImplementedError(...)` with your code, run that cell, "
    "then run check({name}) again.":
        '{name} 还没有实现：把 `raise NotImplementedError(...)` 这一行换成你的代码，运行该单元格，再运行一次 check({name})'
        '。',
    "{name}: {passed} of {total} public tests passed.": "{name}：{total} 个公开测试中通过了 {passed} 个。",
    "Well done. When your work is graded, hidden tests run on new inputs, so keep it general.":
        "做得好。正式评分时，隐藏测试会用新的输入来检验，所以请保持代码的通用性。",
    "Part of your code still raises NotImplementedError: finish it and run check again.":
        "你的代码有一部分仍会抛出 NotImplementedError：请写完它，再运行一次 check。",
    "check() could not run the tests: {error}": "check() 无法运行测试：{error}",
    " (partly: {score:.0%})": "（部分正确：{score:.0%}）",
    "Your {helper} fails its own tests, and {name} calls it: fix {helper} first (check({helper})); "
    "{name} may be right once it is.":
        "你的 {helper} 没有通过它自己的测试，而 {name} 调用了它：请先修正 {helper}（check({helper}））；"
        "修好之后，{name} 也许就对了。",
    "This looks like a known mistake, “{mistake}”: {diagnosis}": "这看起来是一个常见错误——“{mistake}”：{diagnosis}",
    "Reread {section}.": "请重读{section}。",
    "✗ {label}{part}: {message}": "✗ {label}{part}：{message}",
    "Your code stopped with an error in every failing test: the messages above say where. Reread {section}.":
        "在每个未通过的测试中，你的代码都因出错而中止：上面的信息指出了出错的位置。请重读{section}。",
    "Your answer fails on {cases}. ": "你的答案在{cases}上不正确。",
    "A clue: {clue}. ": "提示：{clue}。",
    # comparing results
    "a {type}": "一个 {type}",
    "shape {shape}": "形状 {shape}",
    "raised {ename}": "抛出了 {ename}",
    "; close, but not within the tolerance: the largest relative error is {rel:.1e}, and the test allows "
    "|got − expected| ≤ {atol:g} + {rtol:g}·|expected|":
        '；很接近，但超出了容差：最大相对误差是 {rel:.1e}，而测试允许 |got − expected| ≤ {atol:g} + {rtol:g}·|expected|',
    "a dict": "一个 dict",
    "a string": "一个字符串",
    "a SymPy expression": "一个 SymPy 表达式",
    " (the transposed shape)": "（恰好是转置后的形状）",
    ' (a 1-D array: keep the column shape, e.g. with keepdims=True)':
        '（一维数组：请保持列向量的形状，例如用 keepdims=True）',
    "not implemented yet": "还没有实现",
    "no result: {reason}": "没有结果：{reason}",
    "raised {ename}: {evalue}": "抛出了 {ename}：{evalue}",
    "{where}: ": "{where}：",
    "your result is the transpose of the expected one": "你的结果是期望结果的转置",
    "your result has the expected size but the opposite sign everywhere": "你的结果大小正确，但处处符号相反",
    "a single number": "一个数",
    "an array of shape {shape}": "形状为 {shape} 的数组",
    "a list of 1 item": "含 1 个元素的列表",
    "a list of {n} items": "含 {n} 个元素的列表",
    ". Your result is {dtype}, which keeps about 7 significant digits: compute in float64":
        "。你的结果是 {dtype}，它只保留约 7 位有效数字：请用 float64 计算",
    "your result is a constant multiple of the expected one: {factor:.4g} times it":
        "你的结果是期望结果的常数倍：恰好是它的 {factor:.4g} 倍",
    "expected {n} results ({names}), got {got}": "应返回 {n} 个结果（{names}），实际得到{got}",
    "unexpected result {got}": "意外的结果：{got}",
    ". Your numbers look rounded to {digits} decimals: return them unrounded":
        "。你的数看起来被舍入到了小数点后 {digits} 位：请返回不经舍入的值",
    ". Your numbers look rounded to 1 decimal: return them unrounded":
        "。你的数看起来被舍入到了小数点后 1 位：请返回不经舍入的值",
    "expected a SymPy expression, got {got}": "应返回一个 SymPy 表达式，实际得到{got}",
    "expected {expected}, got {got}": "期望{expected}，实际得到{got}",
    "expected shape {expected}, got shape {got}": "期望形状 {expected}，实际形状 {got}",
    'your result contains NaN or inf ({bad} of {size} entries)':
        '你的结果含有 NaN 或 inf（{size} 个元素中有 {bad} 个）',
    "the {shape} is right but the values differ (largest difference {worst:.2g})":
        "{shape} 正确，但数值不同（最大差 {worst:.2g}）",
    "expected None, got {got}": "期望 None，实际得到{got}",
    " and ": "和",
    "expected shape {expected} {expected_values}, got shape {got} {got_values}":
        "期望形状 {expected} {expected_values}，实际形状 {got} {got_values}",
    "expected {expected}, got {got} ({shape} is right)": "期望 {expected}，实际得到 {got}（{shape} 正确）",
    # SymPy answers
    "expected a SymPy expression": "应返回一个 SymPy 表达式",
    "your expression uses the symbol(s) {extra}; write it with {allowed} only":
        "你的表达式用到了符号 {extra}；请只用 {allowed} 来写",
    "your expression is not equal to the right one, although the two agree to about 8 digits at random points: "
    "look for a small extra term or factor":
        "你的表达式与正确答案不相等，尽管两者在随机点上约有 8 位数字相同：请找找多出来的一个小项或因子",
    "your expression is not a finite real number at {where}": "你的表达式在 {where} 处不是有限实数",
    "could not read your expression: {error}": "无法读取你的表达式：{error}",
    " where the right answer is {want:.6g}": "，而正确答案是 {want:.6g}",
    "your expression differs from the right answer: at {where} it gives {got:.6g}":
        "你的表达式与正确答案不同：在 {where} 处它的值是 {got:.6g}",
    # the grader
    "exit code {code}": "退出码 {code}",
    "signal {signal}": "信号 {signal}",
    "hidden test {k} ({case})": "隐藏测试 {k}（{case}）",
    "Assignment {assignment}, submission {name}": "作业 {assignment}，提交 {name}",
    "Score: {score:g} / {max:g}    Status: {status}": "得分：{score:g} / {max:g}    状态：{status}",
    "Status: {status} ({meaning})": "状态：{status}（{meaning}）",
    "Question {i}: {name}: {score:g} / {points:g}": "第 {i} 题：{name}：{score:g} / {points:g}",
    "Question {i}: {name}": "第 {i} 题：{name}",
    "Notes:": "备注：",
    "not run from {label} on: the total time limit of {limit:g} s was reached":
        "从{label}起没有运行：已达到总时限 {limit:g} 秒",
    "this notebook looks like exercise {other}, not {name} (its question headings and functions); "
    "it was graded as {name}":
        "这个 notebook 看起来是练习 {other}，而不是 {name}（从它的题目标题和函数判断）；仍按 {name} 评分",
    "{name} is missing or not callable": "{name} 不存在或不可调用",
    "Note: your code emitted {warning}": "注意：你的代码发出了警告 {warning}",
    "the kernel could not start: {error}": "内核无法启动：{error}",
    "the kernel exited after {label} ({signal})": "内核在{label}之后退出了（{signal}）",
    "not run from {label} on: the kernel died {n} times": "从{label}起没有运行：内核已崩溃 {n} 次",
    "the total time limit was reached while restarting the kernel": "重启内核时已达到总时限",
    "not run from {label} on: replaying the earlier cells after a restart failed":
        "从{label}起没有运行：重启后重放之前的单元格失败",
    "{label} is not done yet (it raises NotImplementedError)": "{label}还没有完成（它抛出 NotImplementedError）",
    "not graded: {problem}": "未评分：{problem}",
    "cell {number}": "第 {number} 个单元格",
    "the tests of {name}": "{name} 的测试",
    "✗ not tested: {why}": "✗ 未测试：{why}",
    "✗ not tested: {name} the kernel died before tested": "✗ 未测试：测试 {name} 之前内核已崩溃",
    "✗ not tested: {name} could not be tested": "✗ 未测试：{name} 无法测试",
    "✗ {name} is defined but is a {type}, not a function or class": "✗ {name} 已定义，但它是一个 {type}，不是函数或类",
    " (did you rename it? found {similar})": "（你是不是改了名字？找到了 {similar}）",
    "✗ no function or class named {name} was found": "✗ 没有找到名为 {name} 的函数或类",
    " [partial credit {fraction:.0%}]": " [部分得分 {fraction:.0%}]",
    "Diagnosis: this looks like “{mistake}”: {diagnosis} Reread {section}.":
        "诊断：这看起来是“{mistake}”：{diagnosis} 请重读{section}。",
    "Hint: {clue}. Reread {section}.": "提示：{clue}。请重读{section}。",
    "Hint: Reread {section}.": "提示：请重读{section}。",
    "Note: your {helper} fails its tests, and {name} calls it: fix {helper} first; {name} may be right once it is.":
        "注意：你的 {helper} 没有通过它的测试，而 {name} 调用了它：请先修正 {helper}；修好之后，{name} 也许就对了。",
    "in {label}, a process was killed: the submission used more than its memory cap of {mb} MB "
    "(all its processes together)":
        "在{label}中，一个进程被终止：这份提交使用的内存超过了 {mb} MB 的上限（所有进程合计）",
    "the tests of {name} ran past the time limit": "{name} 的测试超过了时限",
    "{label} ran out of memory (MemoryError; the cap is {mb} MB)": "{label}内存不足（MemoryError；上限为 {mb} MB）",
    "interrupted": "已中断",
    "the kernel did not respond and was restarted": "内核没有响应，已重启",
    "the kernel died while running this test": "运行这个测试时内核崩溃了",
    "this test did not run": "这个测试没有运行",
    "{label} raised {ename}: {evalue}": "{label}抛出了 {ename}：{evalue}",
    "{label} raised {ename}": "{label}抛出了 {ename}",
    "the grader could not test {label} ({ename})": "评分程序无法运行{label}（{ename}）",
    '{label} was stopped by the total time limit of {limit:g} s ({how})':
        '{label}因总时限 {limit:g} 秒而被停止（{how}）',
    "{label} ran longer than {limit:g} s ({how})": "{label}运行超过了 {limit:g} 秒（{how}）",
    "the kernel was killed in {label}: the submission used more than its memory cap of {mb} MB "
    "(all its processes together)":
        "内核在{label}中被终止：这份提交使用的内存超过了 {mb} MB 的上限（所有进程合计）",
    "the run stopped before this question": "运行在这道题之前就停止了",
    "{label} called exit() or quit(), which ends the kernel": "{label}调用了 exit() 或 quit()，这会结束内核",
    "the kernel died in {label} ({signal})": "内核在{label}中崩溃了（{signal}）",
    # the statuses
    "nothing was handed in (a student on the roster without a file, or an empty upload)":
        "没有提交任何内容（名单上的学生没有文件，或上传了空文件）",
    "the file is not a readable notebook (empty, not JSON, not nbformat 4, or another kind of file, which the note "
    "names); nothing was run":
        "文件不是可读的 notebook（空文件、不是 JSON、不是 nbformat 4，或是备注中指出的其他类型文件）；没有运行任何代码",
    "the kernel process ended (exit(), os._exit, a crash or a kill); the grader restarted it without the fatal cell "
    "and tested what it could":
        "内核进程结束了（exit()、os._exit、崩溃或被终止）；评分程序去掉致命的单元格后重启了内核，并测试了能测试的部分",
    "the code ran out of the memory cap for the submission (MemoryError, or a process killed by it)":
        "代码用尽了这份提交的内存上限（MemoryError，或有进程因此被终止）",
    "a cell or a graded function ran past the per-cell limit (it was interrupted), or the whole submission ran past "
    "the total limit":
        "某个单元格或评分函数超过了单元格时限（已被中断），或整份提交超过了总时限",
    "a cell raised an error, or a graded name is missing; everything that could be tested was":
        "某个单元格抛出了错误，或缺少某个评分名字；能测试的部分都已测试",
    "the notebook ran to the end without errors and every graded answer was tested":
        "notebook 无错误地运行到了最后，每个评分答案都已测试",
    # messages of single questions
    "x is not the same after your function returned: restore each entry after perturbing it ({message})":
        "你的函数返回后 x 变了：每扰动一个元素之后，都要把它恢复原值（{message}）",
    "your function changed net in place; return new lists and leave net as it was ({message})":
        "你的函数原地修改了 net；请返回新的列表，并让 net 保持原样（{message}）",
    "expected a pair (weights, biases), got {got}": "应返回一对 (weights, biases)，实际得到{got}",
    "expected an nnlib.Network, got {got}": "应返回一个 nnlib.Network，实际得到{got}",
    "the network's weights are not a list of matrices": "网络的权重不是由矩阵组成的列表",
    "the network has sizes {sizes}: it needs 64 inputs (8×8 pixels) and 10 outputs (digits 0–9)":
        "网络的各层大小是 {sizes}：它需要 64 个输入（8×8 像素）和 10 个输出（数字 0–9）",
    "the network's weights and biases have inconsistent shapes": "网络的权重与偏置形状不一致",
    "the network's activations are unreadable": "无法读取网络的激活函数",
    "the network could not be rebuilt: {error}": "无法重建网络：{error}",
    "the network's parameters contain NaN or inf": "网络的参数含有 NaN 或 inf",
    "test accuracy {accuracy:.1%} on {n} held-out digits; goals {goals}: {met} of {total} met":
        "在 {n} 个留出的数字上测试准确率为 {accuracy:.1%}；目标 {goals}：达到了 {total} 个中的 {met} 个",
}

RAISED = {
    "{what} is not available in this exercise: it computes the answer to one of the exercise's questions. "
    "Write that part yourself; each question says which helpers it allows.":
        "{what} 在本练习中不可用：它会算出本练习某道题的答案。请自己写这一部分；每道题都说明了允许使用哪些辅助函数。",
    "the tests of {name} ran past the time limit": "{name} 的测试超过了时限",
    "the kernel died while running this test": "运行这个测试时内核崩溃了",
    "this test did not run": "这个测试没有运行",
    "not a network with lists .weights and .biases": "不是带有列表 .weights 和 .biases 的网络",
    "unreadable result file": "结果文件无法读取",
    "nested too deeply": "嵌套太深",
    "could not be read as an array ({error})": "无法读成数组（{error}）",
    "an array of dtype {dtype}, not of numbers": "dtype 为 {dtype} 的数组，不是数值数组",
    "more than {n} numbers in total": "总共超过 {n} 个数",
    "more than {n} items": "超过 {n} 个元素",
    "too many items or keys that are not strings": "元素太多，或有不是字符串的键",
    "not a number, array, list or SymPy expression": "不是数、数组、列表或 SymPy 表达式",
    "malformed result": "结果格式错误",
    "missing or malformed array": "数组缺失或格式错误",
    "the expression is too large": "表达式太大",
    "malformed expression": "表达式格式错误",
    "the expression raises to a power above 1000": "表达式含有高于 1000 次的幂",
    'the expression uses {head}, which is not one of + − × / ** {funcs}':
        '表达式用到了 {head}，它不在 + − × / ** {funcs} 之列',
    "the expression has more than {n} nodes": "表达式的节点超过 {n} 个",
    "the expression is nested too deeply": "表达式嵌套太深",
    "the expression contains a {type}, not a SymPy object": "表达式中含有一个 {type}，它不是 SymPy 对象",
    "the expression contains an integer with more than 40 digits": "表达式中含有超过 40 位的整数",
    "the expression contains a fraction with more than 40 digits": "表达式中含有超过 40 位的分数",
    # notes on reading a submission (nnlib.grading.collect)
    "the file starts with a UTF-8 byte-order mark (ignored)": "文件以 UTF-8 字节顺序标记（BOM）开头（已忽略）",
    "the stored outputs ({mb} MB) were dropped before running": "运行前已丢弃保存的输出（{mb} MB）",
    "cell {cell} (line {lines}): bytes that are not UTF-8, read as {label}":
        "第 {cell} 个单元格（第 {lines} 行）：有不是 UTF-8 的字节，已按 {label} 读取",
    "cell {cell} (lines {lines}): bytes that are not UTF-8, read as {label}":
        "第 {cell} 个单元格（第 {lines} 行）：有不是 UTF-8 的字节，已按 {label} 读取",
    "cell {cell} (line {lines}): bytes that are not UTF-8 and fit no known encoding could not be decoded; "
    "they were replaced by �":
        "第 {cell} 个单元格（第 {lines} 行）：有不是 UTF-8、也不符合任何已知编码的字节，无法解码；已替换为 �",
    "cell {cell} (lines {lines}): bytes that are not UTF-8 and fit no known encoding could not be decoded; "
    "they were replaced by �":
        "第 {cell} 个单元格（第 {lines} 行）：有不是 UTF-8、也不符合任何已知编码的字节，无法解码；已替换为 �",
    "{n} files handed in; graded {chosen} (notebooks first, then one named for the assignment, then the newest); "
    "not graded: {others}":
        "交了 {n} 个文件；评分的是 {chosen}（优先 notebook，其次以作业命名的文件，再次最新的文件）；未评分：{others}",
}

# Case labels, by skeleton: {0}, {1} … are the numbers and shapes of the English label, in order.
LABELS = {
    "W of shape {0}, b of shape {1}": "形状为 {0} 的 W，形状为 {1} 的 b",
    "a {0} network, a batch of {1} examples: X of shape {2}": "{0} 网络，{1} 个样本的批量：X 的形状为 {2}",
    "a {0} network, one example: X of shape {1}": "{0} 网络，一个样本：X 的形状为 {1}",
    "a {0} network, a batch of {1} examples: X of shape {2} (every matrix square)":
        "{0} 网络，{1} 个样本的批量：X 的形状为 {2}（所有矩阵都是方阵）",
    "numbers: forward(x, y), then backward(dout)": "数：先 forward(x, y)，再 backward(dout)",
    "arrays of shape {0}": "形状为 {0} 的数组",
    "two MulLayers in a chain ((x·y)·w, like apples × count × tax), backward from dout":
        "两个串联的 MulLayer（(x·y)·w，就像苹果单价 × 个数 × 税率），从 dout 开始反向",
    'two AddLayers in a chain ((x + y) + w), backward from dout':
        '两个串联的 AddLayer（(x + y) + w），从 dout 开始反向',
    "a SymPy expression in x, y": "关于 x, y 的 SymPy 表达式",
    "z = {0} (a single number)": "z = {0}（一个数）",
    "a vector z of shape {0}": "形状为 {0} 的向量 z",
    "a matrix z of shape {0}": "形状为 {0} 的矩阵 z",
    "large |z| (±{0}, ±{1}), shape {2}": "很大的 |z|（±{0}、±{1}），形状 {2}",
    "a single number": "一个数",
    "a vector of shape {0}": "形状为 {0} 的向量",
    "a matrix of shape {0}": "形状为 {0} 的矩阵",
    "a matrix of shape {0} with large |z|": "形状为 {0}、|z| 很大的矩阵",
    "a SymPy expression in z": "关于 z 的 SymPy 表达式",
    "one example, n_L = {0}: a, y, z of shape {1}": "一个样本，n_L = {0}：a、y、z 的形状为 {1}",
    "a batch of {0} examples, n_L = {1}: a, y, z of shape {2}": "{0} 个样本的批量，n_L = {1}：a、y、z 的形状为 {2}",
    "a SymPy expression in z, y": "关于 z, y 的 SymPy 表达式",
    "W_next {0}, delta_next {1}, z {2}": "W_next {0}，delta_next {1}，z {2}",
    "delta {0}, a_prev {1}": "delta {0}，a_prev {1}",
    "delta of shape {0}": "形状为 {0} 的 delta",
    "a {0} network, a batch of {1} example": "{0} 网络，{1} 个样本的批量",
    "a {0} network, a batch of {1} examples": "{0} 网络，{1} 个样本的批量",
    "x of shape {0}, default h": "形状为 {0} 的 x，默认的 h",
    "x of shape {0}, h = {1}": "形状为 {0} 的 x，h = {1}",
    "the seed's starting weights (np.random.seed{0}) on the four XOR examples":
        "种子代码的初始权重（np.random.seed{0}），作用于四个 XOR 样本",
    "other weights, syn0 {0} and syn1 {1}, on XOR": "另一组权重 syn0 {0} 和 syn1 {1}，作用于 XOR",
    "a {0} network, X {1}, Y {2}": "{0} 网络，X {1}，Y {2}",
    "syn0 {0}, syn1 {1} on XOR": "syn0 {0}、syn1 {1}，作用于 XOR",
    "a {0} network, a batch of {1}": "{0} 网络，{1} 个样本的批量",
    "a {0} network on XOR": "XOR 上的 {0} 网络",
    "the seed's starting weights, {0},{1} iterations, a report every {2},{3} (the program printed {4} and {5})":
        "种子代码的初始权重，迭代 {0},{1} 次，每 {2},{3} 次报告一次（程序打印了 {4} 和 {5}）",
    "other weights on XOR, {0} iterations, a report every {1}": "XOR 上的另一组权重，迭代 {0} 次，每 {1} 次报告一次",
    "a {0} network, X {1}, {2} iterations, a report every {3}": "{0} 网络，X {1}，迭代 {2} 次，每 {3} 次报告一次",
    "syn0 {0}, syn1 {1} on XOR, {2} iterations, a report every {3}":
        "syn0 {0}、syn1 {1}，作用于 XOR，迭代 {2} 次，每 {3} 次报告一次",
    "a {0} network, a batch of {1}, {2} iterations, a report every {3}":
        "{0} 网络，{1} 个样本的批量，迭代 {2} 次，每 {3} 次报告一次",
    "train on {0} digits, test on {1} held-out digits": "在 {0} 个数字上训练，在另外留出的 {1} 个数字上测试",
    "one review, {0} words, {1} hidden units, η = {2}, weights_0_1 = {3} (the seed's start)":
        "一条评论，{0} 个词，{1} 个隐藏单元，η = {2}，weights_0_1 = {3}（种子代码的起点）",
    "one review, {0} words, {1} hidden units, η = {2}": "一条评论，{0} 个词，{1} 个隐藏单元，η = {2}",
    'a stack of {0} reviews, {1} words, {2} hidden units, η = {3}':
        '叠在一起的 {0} 条评论，{1} 个词，{2} 个隐藏单元，η = {3}',
    "one review, {0} words, {1} hidden units, weights_0_1 = {2} (the seed's start)":
        "一条评论，{0} 个词，{1} 个隐藏单元，weights_0_1 = {2}（种子代码的起点）",
    "one review, {0} words, {1} hidden units": "一条评论，{0} 个词，{1} 个隐藏单元",
    "a stack of {0} reviews, {1} words, {2} hidden units": "叠在一起的 {0} 条评论，{1} 个词，{2} 个隐藏单元",
    "one column z of shape {0}": "形状为 {0} 的一列 z",
    "a batch z of shape {0}": "形状为 {0} 的批量 z",
    "large entries (±{0}), shape {1}": "很大的元素（±{0}），形状 {1}",
    "a single unit, shape {0}": "单个单元，形状 {0}",
    "a batch of shape {0}": "形状为 {0} 的批量",
    "a column of shape {0}": "形状为 {0} 的列向量",
    "large entries, shape {0}": "很大的元素，形状 {0}",
    "a square batch of shape {0}": "形状为 {0} 的方阵批量",
    "a SymPy expression in z1, z2, z3, y1, y2": "关于 z1, z2, z3, y1, y2 的 SymPy 表达式",
    "z = [{0}, {1}, {2}] as a column": "z = [{0}, {1}, {2}]，作为列向量",
    "dout, z of shape {0} with two zeros in z": "形状为 {0} 的 dout 和 z，z 中有两个零",
    "dout, z of shape {0} with one zero in z": "形状为 {0} 的 dout 和 z，z 中有一个零",
    "dout, z of shape {0} with zeros in z": "形状为 {0} 的 dout 和 z，z 中有若干个零",
    "dout, z of shape {0} with a zero in z": "形状为 {0} 的 dout 和 z，z 中有一个零",
    "W of shape {0}, λ = {1}, m = {2}": "形状为 {0} 的 W，λ = {1}，m = {2}",
    "W of shape {0}": "形状为 {0} 的 W",
    "A {0}, B {1}, G {2}": "A {0}，B {1}，G {2}",
    "A {0}, B {1}, G {2} (all square)": "A {0}，B {1}，G {2}（全是方阵）",
    "z {0} + a bias column b {1}, G {2}": "z {0} + 偏置列向量 b {1}，G {2}",
    "two arrays of the same shape {0}, G {1}": "两个形状同为 {0} 的数组，G {1}",
    "a row a {0} + b {1}, G {2}": "行向量 a {0} + b {1}，G {2}",
    "a {0} + a number b (shape {1}), G {2}": "a {0} + 一个数 b（形状 {1}），G {2}",
    "a column {0} + a row {1}: both broadcast, G {2}": "列向量 {0} + 行向量 {1}：两者都被广播，G {2}",
    "a {0} + b {1}": "a {0} + b {1}",
    "a, b {0}": "a、b {0}",
    "a {0} + a number b": "a {0} + 一个数 b",
    "x · x at x = {0} (one leaf used twice)": "x · x，x = {0}（一个叶子用了两次）",
    "(x + y) · x at x = {0}, y = {1}": "(x + y) · x，x = {0}，y = {1}",
    'c = a · b, then (c + a) · c at a = {0}, b = {1} (c used twice)':
        'c = a · b，再算 (c + a) · c，a = {0}，b = {1}（c 用了两次）',
    'a longer expression in four leaves, with shared intermediate values':
        '一个更长的、含四个叶子的表达式，带有共享的中间值',
    "an expression in {0} leaves with {1} operations": "一个含 {0} 个叶子、{1} 次运算的表达式",
    'a SymPy expression in x1, x2, x3, g1, g2, g3, gamma, epsilon':
        '关于 x1, x2, x3, g1, g2, g3, gamma, epsilon 的 SymPy 表达式',
    "x of shape {0}, ε = {1}": "形状为 {0} 的 x，ε = {1}",
    "x of shape {0}": "形状为 {0} 的 x",
    "X {0}, K {1}, G {2}": "X {0}，K {1}，G {2}",
}

# The questions' fixed strings: titles, allowed helpers, classic mistakes, diagnoses and sections.
STATIC = {
    "one layer's weights for an input with the bias unit x₀ = 1 on top":
        '某一层的权重，输入的最上面是偏置单元 x₀ = 1',
    'numpy':
        'numpy',
    'lesson 01, section 4 (“A bias unit is a bias vector”)':
        '第 01 课第 4 节（“偏置单元就是偏置向量”）',
    'the bias column at the end':
        '偏置列放在了最后',
    'the constant input x₀ = 1 sits on top of the input column, so its weights belong in the column that multiplies the'
    ' first input, not the last.':
        '常数输入 x₀ = 1 位于输入列向量的最上面，所以它的权重应当放在与第一个输入相乘的那一列，而不是最后一列。',
    'the bias as a row':
        '把偏置写成了一行',
    'rows of the matrix are the units of the layer and columns are its inputs; the bias unit is one more input, so it'
    ' adds a column. A row would be one more unit.':
        '矩阵的行是这一层的单元，列是它的输入；偏置单元是多出来的一个输入，所以它增加的是一列。多出一行则意味着多出一'
        '个单元。',
    'ones instead of the biases':
        '用 1 代替了偏置',
    "the bias unit's value x₀ is 1, but the weights on it are the biases b of the layer's units; the matrix holds weights,"
    " not the unit's value.":
        '偏置单元的值 x₀ 是 1，但连在它上面的权重是这一层各单元的偏置 b；矩阵里放的是权重，而不是单元的值。',
    'the output a^L of a sigmoid network for a batch X with one example per column':
        'sigmoid 网络对一个批量 X（每列一个样本）的输出 a^L',
    'numpy and nnlib.sigmoid':
        'numpy 和 nnlib.sigmoid',
    'lesson 01, sections 2 (“A layer is a matrix product”) and 5 (“Shapes”)':
        '第 01 课第 2 节（“一层就是一次矩阵乘法”）和第 5 节（“形状”）',
    'a @ W: the row-form orientation':
        'a @ W：行向量形式的写法',
    'W^l has one row per unit of layer l and one column per unit of layer l − 1, and the examples are columns; a @ W multiplies'
    ' in the row-form order. With unequal sizes numpy refuses it, with square matrices it silently computes something'
    ' else.':
        'W^l 的每一行对应第 l 层的一个单元，每一列对应第 l − 1 层的一个单元，而样本是列；a @ W 按行向量形式的顺序相乘'
        '。层宽不等时 numpy 会拒绝计算，矩阵是方阵时则会悄无声息地算出别的东西。',
    'the bias added as a row':
        '偏置被当作一行加上去',
    "b^l is a column, one bias per unit, and numpy adds a column to every example's column. A row (b.T, or a 1-D b) is"
    ' broadcast across the examples instead: example k gets the bias of unit k.':
        'b^l 是列向量，每个单元一个偏置，numpy 会把这一列加到每个样本的列上。而一行（b.T 或一维的 b）会沿着样本方向广'
        '播：第 k 个样本得到的是第 k 个单元的偏置。',
    'lesson 01, sections 5 (“Shapes”) and 6 (“A whole batch in one product per layer”)':
        '第 01 课第 5 节（“形状”）和第 6 节（“一整批样本，每层一次乘法”）',
    'a 1-D x: each example taken as X[:, k]':
        '一维的 x：把每个样本取成 X[:, k]',
    'X[:, k] is a 1-D array; the product with W is 1-D too, and adding the column b broadcasts the two into a matrix of'
    ' nonsense, with no error. Keep an example a column (X[:, [k]]), or better, push the whole batch through each layer'
    ' at once.':
        'X[:, k] 是一维数组；它与 W 的乘积也是一维的，再加上列向量 b 会被广播成一个毫无意义的矩阵，而且不报错。请让样'
        '本保持列向量（X[:, [k]]），更好的做法是让整个批量一次通过每一层。',
    'lesson 01, section 7 (“Why must x be an (n, 1) column? (seed 004)”)':
        '第 01 课第 7 节（“为什么 x 必须是 (n, 1) 的列向量？（种子 004）”）',
    'σ applied to the input layer':
        '对输入层也用了 σ',
    'layer 0 is the input itself: a⁰ = x, with no activation. σ acts on the weighted inputs of layers 1 … L only.':
        '第 0 层就是输入本身：a⁰ = x，没有激活函数。σ 只作用于第 1 … L 层的带权输入。',
    'lesson 01, sections 1 (“One neuron”) and 2 (“A layer is a matrix product”)':
        '第 01 课第 1 节（“一个神经元”）和第 2 节（“一层就是一次矩阵乘法”）',
    'no σ on the output layer':
        '输出层没有 σ',
    "every layer of this network, the last one included, applies σ to its weighted input; your result is the last layer's"
    ' weighted input z^L.':
        '这个网络的每一层（包括最后一层）都对带权输入施加 σ；你的结果是最后一层的带权输入 z^L。',
    'the multiply node, forward and backward':
        '乘法节点的前向与反向',
    'lesson 02, sections 2 (“The backward rules of two nodes”) and 4 (“The apple”)':
        '第 02 课第 2 节（“两种节点的反向规则”）和第 4 节（“苹果”）',
    'each input gets its own value':
        '每个输入得到了自己的值',
    'your dx is built from x and your dy from y. Differentiate x·y with respect to x while y is held fixed, and see which'
    ' input is left.':
        '你的 dx 由 x 构成，dy 由 y 构成。固定 y，对 x 求 x·y 的导数，看看剩下的是哪个输入。',
    'dout is ignored':
        '忽略了 dout',
    'your backward returns the same pair whatever dout is. The chain rule combines each local derivative with dout, the'
    " derivative that arrives from the node's output.":
        '无论 dout 是什么，你的 backward 都返回同一对值。链式法则要把每个局部导数与 dout（从节点输出端传来的导数）结'
        '合起来。',
    'backward of an add node':
        '加法节点的反向规则',
    "your backward passes dout through unchanged to both inputs, which is the add node's rule: the local derivatives of"
    ' a product are not 1.':
        '你的 backward 把 dout 原样传给了两个输入，这是加法节点的规则：乘积的局部导数不是 1。',
    'the add node, forward and backward':
        '加法节点的前向与反向',
    'returns 1 instead of dout':
        '返回 1 而不是 dout',
    'your backward returns ones whatever dout is: a local derivative alone. The chain rule combines it with dout, the'
    " derivative that arrives from the node's output.":
        '无论 dout 是什么，你的 backward 都返回全 1：这只是局部导数本身。链式法则要把它与 dout（从节点输出端传来的导'
        '数）结合起来。',
    "the multiply node's rule":
        '用了乘法节点的规则',
    'your backward multiplies dout by the inputs, as a multiply node does; the local derivatives of x + y do not depend'
    ' on x or y.':
        '你的 backward 把 dout 乘上了输入，这是乘法节点的做法；x + y 的局部导数与 x、y 无关。',
    'dout split in half':
        '把 dout 平分了',
    'your backward gives each input half of dout. Differentiate x + y with respect to x alone: the number of terms in'
    ' the sum does not enter it.':
        '你的 backward 给每个输入一半的 dout。单独对 x 求 x + y 的导数：和式里有几项并不影响它。',
    '∂f/∂x for f = (x + y)² as a SymPy expression':
        'f = (x + y)² 的 ∂f/∂x，写成 SymPy 表达式',
    'sympy (for example sympy.diff)':
        'sympy（例如 sympy.diff）',
    'lesson 02, section 1 (“The chain rule”)':
        '第 02 课第 1 节（“链式法则”）',
    'f itself, not its derivative':
        'f 本身，而不是它的导数',
    'your expression equals f = (x + y)² itself (not differentiated, or the derivative of another function), not ∂f/∂x.':
        '你的表达式等于 f = (x + y)² 本身（没有求导，或者是另一个函数的导数），而不是 ∂f/∂x。',
    '2x: the inner function is lost':
        '2x：丢掉了内层函数',
    'your expression is 2x, the derivative of x²: the inner function x + y became x on the way (y dropped, or the outer'
    ' derivative evaluated at x). With t = x + y, the chain rule evaluates df/dt at t and multiplies by ∂t/∂x.':
        '你的表达式是 2x，即 x² 的导数：内层函数 x + y 在推导中变成了 x（丢了 y，或者外层导数在 x 处求值）。令 t = x +'
        ' y，链式法则在 t 处求 df/dt，再乘以 ∂t/∂x。',
    'x + y: the factor 2 is lost':
        'x + y：丢掉了因子 2',
    'your expression is exactly half of ∂f/∂x: check the power rule for the outer square.':
        '你的表达式恰好是 ∂f/∂x 的一半：检查一下外层平方的幂函数求导法则。',
    'σ′(z), elementwise':
        'σ′(z)，逐元素',
    'lesson 03, section 3 (“The sigmoid”)':
        '第 03 课第 3 节（“sigmoid 函数”）',
    'σ(z) instead of σ′(z)':
        'σ(z) 而不是 σ′(z)',
    'your function returns the values of σ(z), the activation itself (or the derivative of another function, such as ln(1'
    ' + e^z)), not the derivative of σ.':
        '你的函数返回的是 σ(z) 的值，也就是激活值本身（或另一个函数的导数，例如 ln(1 + e^z) 的导数），而不是 σ 的导数'
        '。',
    'z(1 − z): the output formula applied to z':
        'z(1 − z)：把输出端的公式用在了 z 上',
    "your function computes z(1 − z). An expression of that shape is σ′ only when it is fed the sigmoid's output; your"
    ' function receives the weighted input z.':
        '你的函数计算的是 z(1 − z)。这种形式的表达式只有在输入是 sigmoid 的输出时才等于 σ′；而你的函数接收的是带权输'
        '入 z。',
    'σ(z)(1 + σ(z)): a sign slip':
        'σ(z)(1 + σ(z))：符号写错了',
    'your values are σ(z)(1 + σ(z)), too large: at z = 0 yours is 0.75, while σ′ is never above 1/4. Check the signs as'
    ' you differentiate 1/(1 + e^{−z}).':
        '你的值是 σ(z)(1 + σ(z))，太大了：在 z = 0 处你的值是 0.75，而 σ′ 从不超过 1/4。对 1/(1 + e^{−z}) 求导时请检'
        '查符号。',
    '1 − σ(z): a factor is missing':
        '1 − σ(z)：少了一个因子',
    'your values are 1 − σ(z) (the same as e^{−z}/(1 + e^{−z})): they tend to 1 as z → −∞, while σ′ tends to 0 at both'
    ' ends. A factor is missing, for example the square of the denominator when you differentiate 1/(1 + e^{−z}).':
        '你的值是 1 − σ(z)（等同于 e^{−z}/(1 + e^{−z})）：当 z → −∞ 时它趋于 1，而 σ′ 在两端都趋于 0。少了一个因子，'
        '例如对 1/(1 + e^{−z}) 求导时分母的平方。',
    'σ′(z) as a SymPy expression in z':
        'σ′(z)，写成关于 z 的 SymPy 表达式',
    'sympy (for example sympy.diff) and nnlib.symbolic.sigma':
        'sympy（例如 sympy.diff）和 nnlib.symbolic.sigma',
    'your expression equals σ(z), the activation itself (or the derivative of another function, such as ln(1 + e^z)),'
    ' not σ′(z), the derivative of σ(z) = 1/(1 + e^{−z}).':
        '你的表达式等于 σ(z)，也就是激活值本身（或另一个函数的导数，例如 ln(1 + e^z) 的导数），而不是 σ′(z)，即 σ(z) ='
        ' 1/(1 + e^{−z}) 的导数。',
    '−σ′(z): a minus sign is lost':
        '−σ′(z)：丢了一个负号',
    'your expression is negative for every z, but σ increases everywhere, so its derivative is positive. Differentiating'
    ' 1/(1 + e^{−z}) meets two minus signs (one from 1/u, one from e^{−z}); your result has the sign of only one of them.':
        '你的表达式对所有 z 都是负的，但 σ 处处递增，所以它的导数是正的。对 1/(1 + e^{−z}) 求导会遇到两个负号（一个来'
        '自 1/u，一个来自 e^{−z}）；你的结果只带了其中一个的符号。',
    'your expression equals 1 − σ(z) (the same as e^{−z}/(1 + e^{−z})): it tends to 1 as z → −∞, while σ′ tends to 0 at'
    ' both ends. A factor is missing, for example the square of the denominator when you differentiate 1/(1 + e^{−z}).':
        '你的表达式等于 1 − σ(z)（等同于 e^{−z}/(1 + e^{−z})）：当 z → −∞ 时它趋于 1，而 σ′ 在两端都趋于 0。少了一个'
        '因子，例如对 1/(1 + e^{−z}) 求导时分母的平方。',
    "your expression is z(1 − z). An expression of that shape is σ′ only when it is fed the sigmoid's output, not the"
    ' weighted input z.':
        '你的表达式是 z(1 − z)。这种形式的表达式只有在输入是 sigmoid 的输出时才等于 σ′，而不是带权输入 z。',
    "BP1: the output layer's error δ^L for the quadratic cost and a sigmoid output":
        'BP1：二次代价、sigmoid 输出时输出层的误差 δ^L',
    'numpy, nnlib.sigmoid, and your own functions from the questions above':
        'numpy、nnlib.sigmoid，以及你在前面几题中写的函数',
    'lesson 03, section 2 (“BP1 for any activation”)':
        '第 03 课第 2 节（“任意激活函数下的 BP1”）',
    'σ′(a) instead of σ′(z)':
        'σ′(a) 而不是 σ′(z)',
    'your σ′ is evaluated at the output a^L = σ(z^L). δ^L is the derivative with respect to the weighted input z^L, so'
    ' the chain rule evaluates σ′ where σ is applied: at z^L.':
        '你的 σ′ 是在输出 a^L = σ(z^L) 处求值的。δ^L 是对带权输入 z^L 的导数，所以链式法则要在施加 σ 的地方求 σ′：在 z^L'
        ' 处。',
    'σ′ is missing':
        '缺少 σ′',
    'your δ^L is ∂C/∂a^L, the derivative with respect to the output; δ^L is the derivative with respect to z^L, one more'
    " step of the chain rule through a^L = σ(z^L). (Without that step it is the cross-entropy cost's δ^L, lesson 03 section"
    ' 5.)':
        '你的 δ^L 是 ∂C/∂a^L，即对输出的导数；δ^L 是对 z^L 的导数，还要沿 a^L = σ(z^L) 再走一步链式法则。（少了这一步'
        '，它就是交叉熵代价的 δ^L，见第 03 课第 5 节。）',
    'y − a: the sign is flipped':
        'y − a：符号反了',
    'your δ^L has the right size and the opposite sign. C = ½‖a − y‖² grows as a moves away from y: check the sign of'
    ' its derivative with respect to a.':
        '你的 δ^L 大小正确，符号相反。C = ½‖a − y‖² 随着 a 远离 y 而增大：检查它对 a 求导后的符号。',
    'the factor that should be the derivative σ′(z^L) has the values of the activation σ(z^L) (if you called your sigmoid_prime,'
    ' check it first).':
        '本应是导数 σ′(z^L) 的那个因子，取的却是激活值 σ(z^L)（如果你调用了自己的 sigmoid_prime，请先检查它）。',
    'δ^L = ∂C/∂z for the cross-entropy with a sigmoid output, in z and y':
        '交叉熵、sigmoid 输出时的 δ^L = ∂C/∂z，写成关于 z 和 y 的表达式',
    'lesson 03, section 5 (“Cross-entropy cancels σ′”)':
        '第 03 课第 5 节（“交叉熵消去了 σ′”）',
    "the quadratic cost's δ^L":
        '二次代价的 δ^L',
    'your expression is δ^L of the quadratic cost, with its factor σ′(z). Differentiate the cross-entropy C = −[y ln a'
    ' + (1 − y) ln(1 − a)] itself: its derivative with respect to a has a denominator that cancels that factor.':
        '你的表达式是二次代价的 δ^L，带有因子 σ′(z)。请对交叉熵 C = −[y ln a + (1 − y) ln(1 − a)] 本身求导：它对 a 的'
        '导数有一个分母，正好消去那个因子。',
    'y − σ(z): the sign is flipped':
        'y − σ(z)：符号反了',
    'your expression has the right size and the opposite sign. C = −[y ln a + (1 − y) ln(1 − a)] falls as a moves towards'
    ' y; check the minus sign in front of the bracket.':
        '你的表达式大小正确，符号相反。C = −[y ln a + (1 − y) ln(1 − a)] 随着 a 靠近 y 而减小；检查括号前面的负号。',
    '∂C/∂a instead of ∂C/∂z':
        '∂C/∂a 而不是 ∂C/∂z',
    'your expression equals ∂C/∂a (at a = σ(z)), the derivative with respect to the output; δ is the derivative with respect'
    ' to z, one more step of the chain rule through a = σ(z).':
        '你的表达式等于 ∂C/∂a（在 a = σ(z) 处），即对输出的导数；δ 是对 z 的导数，还要沿 a = σ(z) 再走一步链式法则。',
    "BP2: a sigmoid hidden layer's error δ^l from the next layer's error":
        'BP2：由下一层的误差求 sigmoid 隐藏层的误差 δ^l',
    'lesson 04, “The matrix form” and “This formula is written wrong in many places”':
        '第 04 课的“矩阵形式”和“网上许多地方把这个公式写错了”',
    'W instead of Wᵀ':
        '用了 W 而不是 Wᵀ',
    'your result multiplies δ_next by W_next as it is. W_next, of shape (n_{l+1}, n_l), carries layer l forwards to layer'
    ' l+1; the error travels the other way, from n_{l+1} units to n_l units. With layers of equal width the shapes fit'
    ' and only the numbers are wrong.':
        '你的结果直接用 W_next 去乘 δ_next。形状为 (n_{l+1}, n_l) 的 W_next 把第 l 层向前送到第 l+1 层；误差则反方向'
        '传播，从 n_{l+1} 个单元回到 n_l 个单元。层宽相等时形状能对上，只是数值错了。',
    'lesson 04, “W instead of Wᵀ”':
        '第 04 课的“用 W 代替 Wᵀ”',
    'your σ′ is evaluated at the activation a = σ(z). δ^l is the derivative with respect to the weighted input z^l, so'
    ' σ′ is evaluated where σ is applied: at z^l.':
        '你的 σ′ 是在激活值 a = σ(z) 处求值的。δ^l 是对带权输入 z^l 的导数，所以 σ′ 要在施加 σ 的地方求值：在 z^l 处。',
    'lesson 04, “σ′(a^l) instead of σ′(z^l)”':
        '第 04 课的“用 σ′(a^l) 代替 σ′(z^l)”',
    "your result is ∂C/∂a^l, the derivative with respect to the layer's activations; δ^l is the derivative with respect"
    ' to z^l, one more step of the chain rule through a^l = σ(z^l).':
        '你的结果是 ∂C/∂a^l，即对这一层激活值的导数；δ^l 是对 z^l 的导数，还要沿 a^l = σ(z^l) 再走一步链式法则。',
    'lesson 04, “σ′ missing”':
        '第 04 课的“漏掉 σ′”',
    'z(1 − z) instead of σ′(z)':
        'z(1 − z) 而不是 σ′(z)',
    "the factor that should be σ′(z) is z(1 − z): an expression of that shape is σ′ only when it is fed the sigmoid's"
    ' output, not the weighted input z (if you called your sigmoid_prime, check it first).':
        '本应是 σ′(z) 的那个因子是 z(1 − z)：这种形式的表达式只有在输入是 sigmoid 的输出时才等于 σ′，而不是带权输入 z'
        '（如果你调用了自己的 sigmoid_prime，请先检查它）。',
    'BP4 for a batch: ∂J/∂W^l of the mean cost, in the shape of W^l':
        '批量的 BP4：平均代价的 ∂J/∂W^l，形状与 W^l 相同',
    "lesson 05, “A batch: Ng's Δ and D = Δ/m” and “Shapes”":
        '第 05 课的“一个批量：Ng 的 Δ 与 D = Δ/m”和“形状”',
    'a_prev δᵀ: the transpose of the gradient':
        'a_prev δᵀ：梯度的转置',
    'your result is the transpose of ∂J/∂W^l, of shape (n_{l-1}, n_l); a gradient has the shape of what it differentiates,'
    ' W^l: (n_l, n_{l-1}).':
        '你的结果是 ∂J/∂W^l 的转置，形状为 (n_{l-1}, n_l)；梯度的形状与被求导的对象 W^l 相同：(n_l, n_{l-1})。',
    'no /m: the sum over the batch, not the mean':
        '没有除以 m：批量上的总和而不是平均',
    'your result is m times too large: it is the gradient of the summed cost Σ_x C_x, while J is the mean over the m examples.':
        '你的结果大了 m 倍：它是总代价 Σ_x C_x 的梯度，而 J 是 m 个样本上的平均。',
    'δᵀ a_prev':
        'δᵀ a_prev',
    'your product sums over the units and gives an (m, m) matrix, one entry per pair of examples (and raises when n_l'
    ' ≠ n_{l-1}); ∂J/∂W^l has one entry per pair of units, (n_l, n_{l-1}), so the sum must run over the examples.':
        '你的乘积对单元求和，得到一个 (m, m) 矩阵，每对样本一个元素（当 n_l ≠ n_{l-1} 时会报错）；∂J/∂W^l 每对单元一'
        '个元素，形状 (n_l, n_{l-1})，所以求和必须对样本进行。',
    'divided by len(delta) instead of m':
        '除以 len(delta) 而不是 m',
    'your result is divided by n_l: len(delta) counts the rows of delta, one per unit, not the examples, which are its'
    ' columns.':
        '你的结果除以了 n_l：len(delta) 数的是 delta 的行数，每个单元一行，而不是样本数，样本是它的列。',
    'BP3 for a batch: ∂J/∂b^l of the mean cost, a column (n_l, 1)':
        '批量的 BP3：平均代价的 ∂J/∂b^l，一个列向量 (n_l, 1)',
    "lesson 05, “A batch: Ng's Δ and D = Δ/m” and “Shapes” (∂J/∂b^l is a column (n_l, 1))":
        '第 05 课的“一个批量：Ng 的 Δ 与 D = Δ/m”和“形状”（∂J/∂b^l 是列向量 (n_l, 1)）',
    'the sum instead of the mean':
        '总和而不是平均',
    'the wrong axis: a mean over the units':
        '轴用错了：对单元取平均',
    'your result is a row with one entry per example: you averaged down each column, over the units. Examples are columns,'
    ' and the gradient is an average over the examples.':
        '你的结果是一行，每个样本一个元素：你沿每一列向下、对单元取了平均。样本是列，梯度是对样本的平均。',
    'shape (n,) instead of (n, 1)':
        '形状是 (n,) 而不是 (n, 1)',
    'your numbers are right but come back as a 1-D array: b^l is a column of shape (n_l, 1), so its gradient must be one'
    ' too.':
        '你的数值是对的，但返回的是一维数组：b^l 是形状为 (n_l, 1) 的列向量，所以它的梯度也必须是。',
    'your sum is divided by n_l: len(delta) counts the rows of delta, one per unit, not the examples, which are its columns.':
        '你的总和除以了 n_l：len(delta) 数的是 delta 的行数，每个单元一行，而不是样本数，样本是它的列。',
    'the gradient (nabla_b, nabla_w) of the mean quadratic cost':
        '平均二次代价的梯度 (nabla_b, nabla_w)',
    'numpy, nnlib.sigmoid, net.forward and net.feedforward, and your own functions from the questions above':
        'numpy、nnlib.sigmoid、net.forward 和 net.feedforward，以及你在前面几题中写的函数',
    'lesson 05, “Numbers: the formulas against nnlib.Network.backprop”':
        '第 05 课的“数值：公式对照 nnlib.Network.backprop”',
    'W instead of Wᵀ in BP2':
        'BP2 中用了 W 而不是 Wᵀ',
    'when you carry δ back a layer you multiply by W^{l+1} as it is: its shape (n_{l+1}, n_l) maps forwards, so the product'
    ' only runs when the layers have the same width, and then gives wrong numbers.':
        '把 δ 往回传一层时，你直接乘上了 W^{l+1}：它的形状 (n_{l+1}, n_l) 是向前映射的，所以只有层宽相同时乘法才能进'
        '行，而那时得到的数值是错的。',
    "your σ′ is evaluated at the activations a^l; the δ's are derivatives with respect to the weighted inputs z^l (zs),"
    ' where σ is applied.':
        '你的 σ′ 是在激活值 a^l 处求值的；δ 是对带权输入 z^l（zs）的导数，σ 施加在那里。',
    'no /m: the summed gradient, not the mean':
        '没有除以 m：总和的梯度而不是平均',
    'your gradients are m times too large: they are those of the summed cost, while the contract is the mean cost J ='
    ' (1/m) Σ_x C_x.':
        '你的梯度大了 m 倍：它们是总代价的梯度，而约定的是平均代价 J = (1/m) Σ_x C_x。',
    'σ′ missing in BP1':
        'BP1 中缺少 σ′',
    "your output-layer δ^L has no σ′ factor, which is the cross-entropy cost's δ^L; this network's cost is the quadratic"
    ' one (if you called your output_delta, check it first).':
        '你的输出层 δ^L 没有 σ′ 因子，那是交叉熵代价的 δ^L；这个网络用的是二次代价（如果你调用了自己的 output_delta，'
        '请先检查它）。',
    'nabla_b with shape (n,) instead of (n, 1)':
        'nabla_b 的形状是 (n,) 而不是 (n, 1)',
    'each nabla_b[l] must have the shape of b^l, a column (n_l, 1): use keepdims=True.':
        '每个 nabla_b[l] 的形状都必须与 b^l 相同，即列向量 (n_l, 1)：请用 keepdims=True。',
    '(nabla_w, nabla_b): the results in the wrong order':
        '(nabla_w, nabla_b)：结果的顺序反了',
    'return nabla_b first, then nabla_w, like nnlib.Network.backprop.':
        '先返回 nabla_b，再返回 nabla_w，与 nnlib.Network.backprop 一致。',
    'central differences of a scalar f at an array x':
        '标量函数 f 在数组 x 处的中心差分',
    "lesson 06, “Two ways to a derivative” and “How wrong is a difference quotient? Taylor's theorem”":
        '第 06 课的“求导数的两条路”和“差商错得有多远？泰勒定理”',
    'a forward difference':
        '前向差分',
    'your gradient matches the one-sided (forward) difference (f(x + h) − f(x)) / h, whose error is proportional to h.'
    ' The question asks for the central difference, which uses points on both sides of x and is accurate to h² (lesson'
    " 06 derives it from Taylor's theorem).":
        '你的梯度与单侧（前向）差分 (f(x + h) − f(x)) / h 一致，其误差与 h 成正比。题目要求的是中心差分，它用 x 两侧'
        '的点，精度达到 h²（第 06 课由泰勒定理推出了这一点）。',
    'twice the derivative: the wrong divisor':
        '导数的两倍：除数错了',
    'your gradient is twice the derivative: you divide by h, but the two points where you evaluate f are not h apart.'
    ' Divide by their distance.':
        '你的梯度是导数的两倍：你除以了 h，但计算 f 的两个点之间的距离并不是 h。请除以它们之间的距离。',
    '/ 2 * h: h multiplies instead of dividing':
        '/ 2 * h：h 被乘上而不是除掉',
    'Python reads a / 2 * h as (a / 2) · h, so your h multiplies the difference instead of dividing it: add parentheses.':
        'Python 把 a / 2 * h 读作 (a / 2) · h，所以你的 h 乘到了差值上，而不是除掉它：请加括号。',
    'x is not restored':
        '没有恢复 x',
    'after evaluating f at x ± h e_i, put the entry back to its old value; otherwise every later entry is differentiated'
    " at a shifted point and the caller's x is changed.":
        '在 x ± h e_i 处计算完 f 后，要把这个元素改回原来的值；否则之后的每个元素都会在偏移过的点上求导，调用者的 x '
        '也被改掉了。',
    'one gradient-descent step on a mini-batch, returning new (weights, biases)':
        '小批量上的一步梯度下降，返回新的 (weights, biases)',
    'numpy and net.backprop (the gradient is given; this question is the step)':
        'numpy 和 net.backprop（梯度已经给出；这道题考的是那一步更新）',
    "lesson 07, section 2 (“Nielsen's update_mini_batch”)":
        '第 07 课第 2 节（“Nielsen 的 update_mini_batch”）',
    'gradient ascent: + instead of −':
        '梯度上升：用了 + 而不是 −',
    'your step goes along the gradient, the direction in which J grows fastest, so J increases; descent steps the other'
    ' way.':
        '你的这一步沿着梯度方向走，那是 J 增长最快的方向，所以 J 变大了；下降应当朝相反方向走。',
    'divided by m twice':
        '除以了两次 m',
    'net.backprop (and your backprop) already returns the gradient of the mean cost, Δ/m; dividing the step by m again'
    ' makes it m times too small.':
        'net.backprop（以及你的 backprop）返回的已经是平均代价的梯度 Δ/m；再把步长除以 m，会让它小 m 倍。',
    'lesson 07, section 1 (“The gradient over a batch is a mean”) and “Why the mean and not the sum”':
        '第 07 课第 1 节（“批量上的梯度是一个平均值”）和“为什么用平均而不是总和”',
    'the biases are not updated':
        '偏置没有更新',
    'your biases come back unchanged; they are parameters of J too, and take a step of the same kind as the weights.':
        '你的偏置原样返回；它们也是 J 的参数，应当和权重一样走一步。',
    'net changed in place':
        '原地修改了 net',
    'your function changes net (an augmented assignment such as W -= …, for example, writes into the arrays that net holds);'
    " build new arrays and lists, and leave net's alone.":
        '你的函数修改了 net（例如 W -= … 这样的增强赋值会写进 net 持有的数组）；请构造新的数组和列表，不要动 net 自己'
        '的。',
    "Nielsen's in-place update, returning nothing":
        'Nielsen 的原地更新，什么也不返回',
    "Nielsen's update_mini_batch assigns self.weights and returns None; this contract asks for the new (weights, biases)"
    ' to be returned, with net left unchanged.':
        'Nielsen 的 update_mini_batch 给 self.weights 赋值并返回 None；这里的约定要求返回新的 (weights, biases)，并且'
        ' net 保持不变。',
    '(biases, weights) in the wrong order':
        '(biases, weights) 的顺序反了',
    'return the new weights first, then the new biases.':
        '先返回新的权重，再返回新的偏置。',
    "one step of the eleven-line program, from its row-form matrices to the course's column form":
        '十一行程序的一步，从它的行向量形式矩阵换到课程的列向量形式',
    'lesson 08, section 4 (“Rows and columns: the same run in nnlib”)':
        '第 08 课第 4 节（“行与列：在 nnlib 中做同一次运行”）',
    'the mean gradient without the η scaling':
        '平均梯度，却没有按 η 缩放',
    'the program adds the gradient summed over the examples, with a step of 1. Your step uses the mean, which is m times'
    ' smaller; the same step needs a learning rate that makes up for the 1/m.':
        '程序把在样本上求和的梯度加上去，步长为 1。你的这一步用的是平均，小了 m 倍；要走同样的一步，需要一个能补上 1/m'
        ' 的学习率。',
    'a sign changed: y − a subtracted, or a − y added':
        '改了一个符号：减去了 y − a，或加上了 a − y',
    "the program's k2_delta is computed with y − a, so it carries the opposite sign of δ, and that is why it adds the"
    ' update. Changing one of the two signs without the other climbs the cost.':
        '程序的 k2_delta 是用 y − a 算的，所以它与 δ 符号相反，这就是它把更新量加上去的原因。只改两个符号中的一个，代'
        '价就会往上爬。',
    'lesson 08, section 3 (“The eleven lines, read as backpropagation”)':
        '第 08 课第 3 节（“把十一行代码读作反向传播”）',
    'the transpose forgotten':
        '忘了转置',
    "your matrices have the program's row-form shapes; the course's W^l maps the column a^{l−1} to the column z^l, so"
    ' it has one row per unit of layer l. The lesson shows how the two forms relate.':
        '你的矩阵是程序的行向量形式的形状；课程的 W^l 把列向量 a^{l−1} 映射到列向量 z^l，所以第 l 层的每个单元占一行'
        '。本课展示了两种形式之间的关系。',
    'σ′ applied to the output a':
        '对输出 a 施加了 σ′',
    "the program's nonlin(k, deriv=True) receives an output k = σ(z) and returns σ′(z), computed from that output (lesson"
    " 03's derivative from the output). Applying σ′ itself to the output a computes σ′(σ(z)), a different number.":
        '程序的 nonlin(k, deriv=True) 接收的是输出 k = σ(z)，返回的是由这个输出算出的 σ′(z)（即第 03 课“由输出求导数”'
        '）。直接把 σ′ 作用在输出 a 上，算出的是 σ′(σ(z))，另一个数。',
    'the errors the eleven-line program prints, from given starting matrices':
        '从给定的初始矩阵出发，十一行程序打印出的误差',
    'numpy, nnlib.sigmoid and your xor_step':
        'numpy、nnlib.sigmoid 和你的 xor_step',
    "your training steps are m times smaller than the program's: it adds the summed gradient with a step of 1, while the"
    ' mean needs a learning rate that makes up for the 1/m.':
        '你的训练步长比程序的小 m 倍：程序以步长 1 加上求和的梯度，而用平均则需要一个能补上 1/m 的学习率。',
    "your run climbs the cost: the program's deltas are computed with y − a and added; with one of the two signs changed"
    ' and not the other, every step goes uphill.':
        '你的运行让代价往上爬：程序的 delta 是用 y − a 算出并加上去的；只改了两个符号中的一个，每一步都在上坡。',
    'the report taken after the update':
        '在更新之后才报告',
    "the program prints its error at the top of the loop, before that iteration's update, so the first report is the error"
    ' of the starting weights.':
        '程序在循环的开头、也就是本次迭代的更新之前打印误差，所以第一次报告的是初始权重的误差。',
    'lesson 08, section 1 (“The program and its data”)':
        '第 08 课第 1 节（“程序与数据”）',
    'the mean squared error reported':
        '报告了均方误差',
    'the program minimizes the squared error but prints a different progress report: the mean of the absolute differences'
    ' between the targets and the outputs.':
        '程序最小化的是平方误差，但打印的进度报告不一样：它是目标与输出之差的绝对值的平均。',
    'train a network on the 8×8 digits to a test accuracy':
        '在 8×8 手写数字上训练网络，达到一定的测试准确率',
    'nnlib.Network with its fit and evaluate, nnlib.data.one_hot, and numpy':
        'nnlib.Network 及其 fit 和 evaluate、nnlib.data.one_hot，以及 numpy',
    "lesson 09, section 2 (“Nielsen's network on the 8×8 digits”)":
        '第 09 课第 2 节（“在 8×8 手写数字集上训练 Nielsen 的网络”）',
    'near chance: below 25%':
        '接近瞎猜：低于 25%',
    'the test accuracy is below 25%, not far from the 10% of guessing: the network learned little or nothing. It may be'
    ' untrained, trained on targets that do not match its outputs (one column of ten per example), or trained with a step'
    ' so large that its units saturated.':
        '测试准确率低于 25%，离瞎猜的 10% 不远：网络几乎什么也没学到。它可能没有训练，或训练用的目标与输出对不上（每'
        '个样本应是十个元素的一列），或步长太大，单元都饱和了。',
    'learned, but below 80%':
        '学到了一些，但低于 80%',
    'the network learned something, but not enough: compare the number of epochs, η, the batch size and the hidden layer'
    ' with the network that lesson 09 trains on these digits.':
        '网络学到了一些东西，但还不够：请把轮数、η、批量大小和隐藏层，与第 09 课在这些数字上训练的网络比较一下。',
    'almost there':
        '就差一点了',
    'between 80% and 93%: more epochs, a larger hidden layer or another η usually closes the gap; lesson 09 shows what'
    ' its network reaches on these digits.':
        '在 80% 到 93% 之间：增加轮数、加大隐藏层或换一个 η，通常就能补上差距；第 09 课给出了它的网络在这些数字上能达'
        '到的准确率。',
    "one step of seed 000's sentiment network in its row form, returning the new row-form weights":
        '种子 000 的情感分析网络以行向量形式走一步，返回新的行向量形式权重',
    "lesson 10, section 2 (“The seed's network in row form”)":
        '第 10 课第 2 节（“种子中的网络：行形式”）',
    'the hidden layer given a σ′':
        '给隐藏层加了 σ′',
    "the seed's hidden layer is linear (no activation function), so its slope is 1 and layer_1_delta has no factor layer_1"
    ' (1 − layer_1): that factor belongs to a sigmoid unit only.':
        '种子代码的隐藏层是线性的（没有激活函数），所以它的斜率是 1，layer_1_delta 没有因子 layer_1 (1 − layer_1)：那'
        '个因子只属于 sigmoid 单元。',
    'layer_0.T forgotten':
        '忘了 layer_0.T',
    'the update of weights_0_1 must have its shape (n_0, n_1), one row per word: the product that gives it runs over the'
    ' reviews of the stack, so the input rows enter transposed. Without the transpose numpy refuses one review, and a'
    ' square stack gives wrong numbers.':
        'weights_0_1 的更新量必须是它的形状 (n_0, n_1)，每个词一行：得到它的乘积要对这一叠评论求和，所以输入的行要转'
        '置后再参与运算。不转置的话，一条评论时 numpy 会拒绝计算，评论叠成方阵时则给出错误的数值。',
    'the learning rate applied twice':
        '学习率用了两次',
    'you scaled the error by the learning rate and then the update again: the steps are η² instead of η times the gradient.'
    ' The rate enters once, in the update.':
        '你先把误差乘上了学习率，又把更新量再乘一次：步长成了 η² 倍的梯度，而不是 η 倍。学习率只在更新时出现一次。',
    'a sign changed: t − a subtracted, or a − t added':
        '改了一个符号：减去了 t − a，或加上了 a − t',
    'your step climbs the cost: with the error written one way round, the update must be applied with the matching sign,'
    " as the seed's code does; you changed one of the two signs without the other.":
        '你的这一步让代价往上爬：误差按某一种方向写出后，更新时必须用与之匹配的符号，就像种子代码那样；你只改了两个符'
        '号中的一个。',
    'the stack averaged instead of summed':
        '对这一叠评论取了平均而不是求和',
    "the row form's products sum the gradients of the reviews in the stack, as the seed's code does; you divided by their"
    ' number. (nnlib averages, which is why it needs η times the stack size.)':
        '行向量形式的乘积会把这一叠评论的梯度加起来，种子代码就是这样做的；你却除以了评论的条数。（nnlib 取的是平均，'
        '所以它需要 η 乘以这一叠的大小。）',
    'lesson 10, section 3 (“The same network in column form”)':
        '第 10 课第 3 节（“同一个网络：列形式”）',
    'the softmax of each column of z':
        'z 的每一列的 softmax',
    'lesson 11, section 3 (“Softmax with the cross-entropy”)':
        '第 11 课第 3 节（“softmax 与交叉熵”）',
    'no max-shift: e^z overflows':
        '没有减去最大值：e^z 溢出',
    'for z above about 709, e^z is inf in float64 (and for z below about −745 it is 0), so large entries give inf/inf'
    ' or 0/0 = NaN. Softmax does not change when one number is subtracted from every entry of a column: choose that number'
    ' so that no exponent is positive.':
        '当 z 大于约 709 时，e^z 在 float64 中是 inf（z 小于约 −745 时则是 0），所以很大的元素会得到 inf/inf 或 0/0 ='
        ' NaN。给一列的每个元素都减去同一个数，softmax 不变：选这个数，让所有指数都不为正。',
    'normalized along the rows':
        '沿行做了归一化',
    'each column is one example and its entries are the classes; the probabilities of one example must sum to 1, so the'
    ' sum runs down a column, not along a row.':
        '每一列是一个样本，它的元素对应各个类别；一个样本的概率之和必须为 1，所以求和沿一列向下进行，而不是沿一行。',
    'normalized over the whole batch':
        '对整个批量做了归一化',
    'dividing by the sum of every entry makes the whole batch sum to 1; each example (column) must sum to 1 on its own.':
        '除以所有元素之和，会让整个批量的和为 1；而每个样本（每一列）必须各自和为 1。',
    'shifted by the largest entry of the whole batch':
        '减去的是整个批量的最大元素',
    "one shift for the whole batch can still underflow: a column far below the batch's largest entry becomes all zeros,"
    ' and 0/0 = NaN. The shift must be chosen for each column.':
        '整个批量只用一个偏移量仍可能下溢：远低于批量最大元素的那一列会变成全零，而 0/0 = NaN。偏移量必须按列选取。',
    'δ₁ = ∂C/∂z₁ for a softmax output of three units with the cross-entropy, targets summing to 1':
        '三个单元的 softmax 输出加交叉熵时的 δ₁ = ∂C/∂z₁，目标之和为 1',
    'sympy':
        'sympy',
    'δ^L with an extra σ′':
        '多了一个 σ′ 的 δ^L',
    "your expression carries an extra factor a₁(1 − a₁), the softmax's own slope, as BP1 for the quadratic cost would."
    ' With the cross-entropy, the derivative of the logarithm cancels it, as it cancels σ′ for a sigmoid output in lesson'
    ' 03.':
        '你的表达式多了一个因子 a₁(1 − a₁)，即 softmax 自己的斜率，就像二次代价的 BP1 那样。用交叉熵时，对数的导数会'
        '把它消去，正如第 03 课中它消去 sigmoid 输出的 σ′ 一样。',
    '∂C/∂a₁ instead of ∂C/∂z₁':
        '∂C/∂a₁ 而不是 ∂C/∂z₁',
    'you differentiated C with respect to the activation a₁; δ₁ is the derivative with respect to the weighted input z₁,'
    ' which needs the chain rule through all three softmax outputs.':
        '你对激活值 a₁ 求了 C 的导数；δ₁ 是对带权输入 z₁ 的导数，需要经过全部三个 softmax 输出使用链式法则。',
    'only ∂a₁/∂z₁: the coupling of the units ignored':
        '只有 ∂a₁/∂z₁：忽略了单元之间的耦合',
    'softmax couples the units: z₁ changes a₂ and a₃ too (through the shared denominator), and C depends on them. Summing'
    ' over j in the chain rule brings in the terms with y₂ and y₃.':
        'softmax 把各单元耦合在一起：z₁ 也会改变 a₂ 和 a₃（通过共同的分母），而 C 依赖于它们。在链式法则中对 j 求和，'
        '就会带进含 y₂ 和 y₃ 的项。',
    'raising z₁ raises a₁; when a₁ is above its target y₁ the cost grows, so ∂C/∂z₁ must be positive there. Your expression'
    ' has the opposite sign.':
        '增大 z₁ 会增大 a₁；当 a₁ 高于目标 y₁ 时代价会增大，所以那里的 ∂C/∂z₁ 必须为正。你的表达式符号相反。',
    '∂C/∂z through a ReLU layer, given ∂C/∂a, with derivative 0 at the kink':
        '已知 ∂C/∂a，经过 ReLU 层求 ∂C/∂z，折点处导数取 0',
    'lesson 11, section 1 (“Two more activations: tanh and ReLU”)':
        '第 11 课第 1 节（“另外两种激活函数：tanh 与 ReLU”）',
    'the gradient passed through at the kink':
        '在折点处让梯度通过了',
    'at z = 0 exactly, your function lets the gradient through (a slope of 1). Any value in [0, 1] is a subgradient there,'
    ' and this question, like nnlib, takes the one that blocks it.':
        '恰好在 z = 0 处，你的函数让梯度通过了（斜率为 1）。在那里 [0, 1] 中的任何值都是次梯度，而这道题和 nnlib 一样'
        '，取阻断梯度的那个。',
    'the mask taken from dout instead of z':
        '掩码取自 dout 而不是 z',
    "whether the gradient passes depends on the unit's weighted input z (is the unit on its flat or its rising part?),"
    ' not on the sign of the incoming gradient.':
        '梯度能否通过，取决于单元的带权输入 z（单元处在平坦段还是上升段？），而不是传入梯度的符号。',
    'ReLU(z) instead of its derivative':
        'ReLU(z) 而不是它的导数',
    'the backward pass multiplies by the slope of ReLU at z, not by its value.':
        '反向传播乘上的是 ReLU 在 z 处的斜率，而不是它的值。',
    'dout not multiplied in':
        '没有乘上 dout',
    'your result is the slope of ReLU alone, the same whatever dout is; the backward pass must carry the incoming gradient'
    ' dout through the layer (the chain rule).':
        '你的结果只是 ReLU 的斜率，无论 dout 是什么都一样；反向传播必须把传入的梯度 dout 带过这一层（链式法则）。',
    "one layer's gradient (nabla_w, nabla_b) of the mean cost with the L2 penalty":
        '带 L2 惩罚项的平均代价对某一层的梯度 (nabla_w, nabla_b)',
    'lesson 11, section 4 (“L2 regularization”)':
        '第 11 课第 4 节（“L2 正则化”）',
    'the biases regularized too':
        '偏置也被正则化了',
    'the penalty sums the squared weights only; the biases are not in it, so their gradient is the one you were given,'
    ' unchanged.':
        '惩罚项只对权重的平方求和；偏置不在其中，所以它们的梯度就是给你的那个，保持不变。',
    'λ/m forgotten':
        '忘了 λ/m',
    'the penalty is shared by the m examples of the mean cost, like the data term; your weight term is m times too large.':
        '惩罚项与数据项一样，由平均代价中的 m 个样本分摊；你的权重项大了 m 倍。',
    'the ½ kept: λ/2m':
        '保留了 ½：λ/2m',
    'the derivative of a square brings down a factor 2, which cancels the ½ of the penalty; your weight term is half as'
    ' large as it should be.':
        '对平方求导会带下一个因子 2，正好消去惩罚项中的 ½；你的权重项只有应有大小的一半。',
    "the penalty's gradient subtracted":
        '减去了惩罚项的梯度',
    'the penalty grows as the weights grow, so its gradient has the sign of the weights; you subtracted it from the data'
    ' gradient, which makes gradient descent grow the weights instead of shrinking them.':
        '惩罚项随权重增大而增大，所以它的梯度与权重同号；你把它从数据梯度中减去了，这会让梯度下降把权重变大，而不是缩'
        '小（权重衰减）。',
    'the VJP of C = A B: (∂J/∂A, ∂J/∂B) from G = ∂J/∂C':
        'C = A B 的 VJP：由 G = ∂J/∂C 求 (∂J/∂A, ∂J/∂B)',
    'lesson 12, section “Every backward rule of the engine is a VJP that SymPy derives”':
        '第 12 课的“引擎的每条反向规则都是 SymPy 推导出的 VJP”一节',
    'a transpose missing':
        '少了一个转置',
    'each gradient must have the shape of what it differentiates, ∂J/∂A that of A and ∂J/∂B that of B. Yours only runs'
    ' when the shapes happen to fit (square matrices), and even then it is wrong: write one entry C_ij as a sum, differentiate'
    ' it by A_ik and by B_kj, and see which index of which factor is summed.':
        '每个梯度的形状都必须与被求导的对象相同：∂J/∂A 与 A 相同，∂J/∂B 与 B 相同。你的写法只有在形状碰巧能对上（方阵'
        '）时才能运行，即使那样也是错的：把一个元素 C_ij 写成和式，分别对 A_ik 和 B_kj 求导，看看求和的是哪个因子的哪'
        '个下标。',
    'the factors in the wrong order':
        '因子的顺序反了',
    'a matrix product does not commute: with G of shape (n, m), ∂J/∂A (n, k) must be G times something on the right and'
    ' ∂J/∂B (k, m) something times G on the left. Check the shapes of your products on a non-square example.':
        '矩阵乘法不满足交换律：G 的形状为 (n, m) 时，∂J/∂A (n, k) 必须是 G 右乘某个矩阵，∂J/∂B (k, m) 必须是某个矩阵'
        '右乘 G。请在一个非方阵的例子上检查你的乘积的形状。',
    'dA and dB swapped':
        'dA 和 dB 交换了',
    "return the gradient with respect to A first, then the one with respect to B, in the order of the function's name"
    ' (matmul_backward(G, A, B) → (dA, dB)).':
        '先返回对 A 的梯度，再返回对 B 的梯度，顺序与函数名一致（matmul_backward(G, A, B) → (dA, dB)）。',
    'divided by the number of columns m':
        '除以了列数 m',
    "a VJP only carries G back through the product; any 1/m of a mean cost is already inside G (it came from the cost's"
    ' own backward rule). Dividing again scales the gradient down twice.':
        'VJP 只负责把 G 传回乘积之前；平均代价中的 1/m 已经包含在 G 里了（它来自代价自己的反向规则）。再除一次，梯度'
        '就被缩小了两次。',
    'lesson 12, section “Jacobians and vector-Jacobian products”':
        '第 12 课的“雅可比矩阵与向量–雅可比积”一节',
    'the VJP of out = a + b with broadcasting: (∂J/∂a, ∂J/∂b) from G = ∂J/∂out':
        '带广播的 out = a + b 的 VJP：由 G = ∂J/∂out 求 (∂J/∂a, ∂J/∂b)',
    'not summed back over the broadcast axis':
        '没有沿广播的轴求和',
    'an input that numpy stretched along an axis was used once for every entry along that axis, so its gradient gets one'
    " contribution from each use (lesson 12's “+=”, the chain rule's sum over paths). Each gradient must end up with the"
    ' shape of its own input.':
        '被 numpy 沿某个轴拉伸的输入，对该轴上的每个元素都用了一次，所以它的梯度从每次使用中各得到一份贡献（第 12 课'
        '中的“+=”，即链式法则对路径求和）。每个梯度最终都必须与它自己的输入形状相同。',
    'the broadcast axis reduced with a mean':
        '对广播的轴取了平均',
    'each use of a stretched entry contributes its slope of 1 times G: the contributions add up; averaging them makes'
    ' the gradient too small by the number of uses.':
        '被拉伸的元素每被使用一次，就贡献斜率 1 乘以 G：这些贡献要相加；取平均会让梯度小了使用次数那么多倍。',
    'the reduced axis dropped: shape (n,) instead of (n, 1)':
        '丢掉了被求和的轴：形状是 (n,) 而不是 (n, 1)',
    'the gradient of a column b of shape (n, 1) must be a column too (keepdims=True keeps the axis of length 1); a 1-D'
    ' result is broadcast the wrong way by the next update.':
        '形状为 (n, 1) 的列向量 b，它的梯度也必须是列向量（keepdims=True 会保留长度为 1 的轴）；一维的结果在下一次更'
        '新时会被按错误的方向广播。',
    'summed over the wrong axis':
        '沿错误的轴求和',
    'a bias column b (n, 1) is stretched across the m columns of the batch, so its gradient collects the contributions'
    ' of the examples, one per column; yours collects those of the units instead and comes out with the transposed kind'
    ' of shape.':
        '偏置列向量 b (n, 1) 被拉伸到批量的 m 列上，所以它的梯度收集的是各个样本的贡献，每列一份；你的却收集了各个单'
        '元的贡献，得到的形状也是转置的那一种。',
    'a scalar reverse-mode engine: Scalar(value) with +, ×, .grad and .backward()':
        '一个标量的反向模式引擎：带 +、×、.grad 和 .backward() 的 Scalar(value)',
    'plain Python (no numpy needed)':
        '纯 Python（不需要 numpy）',
    'lesson 12, section “`nnlib.autodiff`: a reverse-mode engine”':
        '第 12 课的“nnlib.autodiff：一个反向模式引擎”一节',
    'a gradient assigned with = instead of accumulated with +=':
        '梯度用 = 赋值，而不是用 += 累加',
    'a value used twice (x · x, or a shared intermediate) receives a contribution from each use, and its gradient is their'
    " sum, the chain rule's sum over paths. With “=” the last use to run overwrites the others.":
        '用了两次的值（x · x，或共享的中间值）从每次使用中各得到一份贡献，它的梯度是这些贡献之和，即链式法则对路径求'
        '和。用“=”的话，最后执行的那次使用会覆盖其他的。',
    'no topological order: each path propagated on its own':
        '没有拓扑顺序：每条路径各自传播',
    "your backward() passes a node's gradient on every time a path reaches it, so a shared node passes on partial sums"
    ' and then passes them on again. A node may pass its gradient on only once, after every node that uses it has added'
    ' its share: visit the nodes in reverse topological order.':
        '每当有一条路径到达某个节点，你的 backward() 就把它的梯度往下传一次，所以共享节点会先传出部分和，之后又再传一'
        '次。一个节点只能在所有使用它的节点都加上了各自的份额之后，把梯度传下去一次：请按逆拓扑顺序访问节点。',
    'lesson 12, section “Backprop as dynamic programming”':
        '第 12 课的“反向传播即动态规划”一节',
    'the product rule with the wrong factor':
        '乘法法则用错了因子',
    'the slope of a · b with respect to a is the other factor, b, not a itself.':
        'a · b 对 a 的斜率是另一个因子 b，而不是 a 本身。',
    "the output's own gradient ∂out/∂out never set to 1":
        '输出对自身的梯度 ∂out/∂out 没有设为 1',
    "the backward pass starts from the output's gradient with respect to itself, which is 1; with 0 there, every product"
    ' of local slopes is 0.':
        '反向传播从输出对自身的梯度开始，它等于 1；如果那里是 0，每个局部斜率的乘积都是 0。',
    'the nodes visited from the leaves up':
        '从叶子往上访问节点',
    "a node's rule passes its gradient to its inputs, so it may run only when its own gradient is complete: from the output"
    ' down to the leaves, the reverse of the order in which the values were computed.':
        '节点的规则把它的梯度传给它的输入，所以只有当它自己的梯度已经完整时才能执行：从输出往下到叶子，与计算值时的顺'
        '序相反。',
    '∂L/∂x₁ for a batch norm over three entries, L = Σ_k g_k y_k, derived with SymPy':
        '三个元素上的批归一化的 ∂L/∂x₁，L = Σ_k g_k y_k，用 SymPy 推导',
    'lesson 13, section “The classic mistakes”':
        '第 13 课的“常见错误”一节',
    'μ treated as a constant':
        '把 μ 当成了常数',
    'the mean μ is computed from x₁ too, so x₁ also reaches L through μ (and through every x̂_k, not only x̂₁). Your derivative'
    ' leaves that path out, as if μ were a number given in advance.':
        '均值 μ 也是由 x₁ 算出来的，所以 x₁ 还会经过 μ（以及每个 x̂_k，而不仅是 x̂₁）影响 L。你的导数漏掉了这条路径，'
        '就好像 μ 是事先给定的一个数。',
    'σ² treated as a constant':
        '把 σ² 当成了常数',
    'the variance σ² is computed from x₁ too, so x₁ also reaches L through σ², which scales every x̂_k. Your derivative'
    ' leaves that path out, as if σ² were a number given in advance.':
        '方差 σ² 也是由 x₁ 算出来的，所以 x₁ 还会经过缩放每个 x̂_k 的 σ² 影响 L。你的导数漏掉了这条路径，就好像 σ² 是'
        '事先给定的一个数。',
    'the 1/m forgotten':
        '忘了 1/m',
    'μ and σ² are means over the m = 3 entries, so their slopes with respect to x₁ carry a factor 1/m; your paths through'
    ' μ and σ² are m times too large.':
        'μ 和 σ² 是 m = 3 个元素上的平均，所以它们对 x₁ 的斜率带有因子 1/m；你经过 μ 和 σ² 的路径大了 m 倍。',
    'μ and σ² both treated as constants':
        'μ 和 σ² 都被当成了常数',
    "you kept only the direct path from x₁ to x̂₁. Every output y_k depends on x₁ through the batch's mean and variance,"
    ' so two more paths add to it.':
        '你只保留了从 x₁ 到 x̂₁ 的直接路径。每个输出 y_k 都通过批量的均值和方差依赖于 x₁，所以还要加上另外两条路径。',
    'lesson 13, section “Batch normalization”':
        '第 13 课的“批归一化”一节',
    'the backward pass of batch normalization: (∂J/∂x, ∂J/∂γ, ∂J/∂β) from g = ∂J/∂y':
        '批归一化的反向传播：由 g = ∂J/∂y 求 (∂J/∂x, ∂J/∂γ, ∂J/∂β)',
    "every x of a feature changes that feature's mean μ, and μ enters every x̂ of the batch; your ∂J/∂x leaves out the"
    ' path through μ, as if μ were given in advance.':
        '一个特征的每个 x 都会改变该特征的均值 μ，而 μ 进入批量中的每个 x̂；你的 ∂J/∂x 漏掉了经过 μ 的路径，就好像 μ '
        '是事先给定的。',
    "every x of a feature changes that feature's variance σ², which scales every x̂ of the batch; your ∂J/∂x leaves out"
    ' the path through σ², as if σ² were given in advance.':
        '一个特征的每个 x 都会改变该特征的方差 σ²，而 σ² 缩放批量中的每个 x̂；你的 ∂J/∂x 漏掉了经过 σ² 的路径，就好像'
        ' σ² 是事先给定的。',
    'μ and σ² are means over the m examples, so their slopes with respect to one x carry a factor 1/m; your paths through'
    ' μ and σ² are m times too large.':
        'μ 和 σ² 是 m 个样本上的平均，所以它们对某一个 x 的斜率带有因子 1/m；你经过 μ 和 σ² 的路径大了 m 倍。',
    'γ left out of ∂J/∂x':
        '∂J/∂x 中漏掉了 γ',
    'y = γ x̂ + β: every path from x to the cost passes through the multiplication by γ, so ∂J/∂x carries γ as a factor.':
        'y = γ x̂ + β：从 x 到代价的每条路径都要经过乘以 γ 这一步，所以 ∂J/∂x 带有因子 γ。',
    'the statistics taken over the features (axis 0)':
        '在特征上（axis 0）计算统计量',
    'examples are columns: each feature (a row) is normalized over the m examples of the batch, along axis 1, and so are'
    ' the sums of its backward pass.':
        '样本是列：每个特征（一行）在批量的 m 个样本上归一化，即沿 axis 1，它的反向传播中的求和也是如此。',
    'the backward pass of a 2-D valid cross-correlation Y = X ⋆ K: (∂J/∂X, ∂J/∂K) from G = ∂J/∂Y':
        '二维 valid 互相关 Y = X ⋆ K 的反向传播：由 G = ∂J/∂Y 求 (∂J/∂X, ∂J/∂K)',
    'lesson 13, section “2-D convolution”':
        '第 13 课的“二维卷积”一节',
    'the kernel not flipped':
        '卷积核没有翻转',
    'pixel X[a, b] meets weight K[p, q] in the output at (a − p, b − q): the index of the output runs the opposite way'
    " to the kernel's. Derive one interior pixel's gradient with SymPy and compare the order in which the weights appear"
    ' in it with the order in which yours uses them.':
        '像素 X[a, b] 与权重 K[p, q] 在输出的 (a − p, b − q) 处相遇：输出的下标与卷积核的下标走向相反。用 SymPy 推导'
        '一个内部像素的梯度，比较其中权重出现的顺序与你的代码使用它们的顺序。',
    'the δ padding wrong: one zero on each side whatever the kernel':
        'δ 的填充错了：不管卷积核多大，每边都只补一个零',
    '∂J/∂X has the shape of X, and a border pixel is covered by fewer kernel positions than an interior one. How many'
    " rows and columns of zeros G needs around it depends on the kernel's height and width, each on its own; yours is"
    ' right only for a 2 × 2 kernel.':
        '∂J/∂X 的形状与 X 相同，而边界像素被卷积核覆盖的次数比内部像素少。G 周围需要补多少行、多少列零，取决于卷积核'
        '的高和宽，两者各自决定；你的写法只对 2 × 2 的卷积核正确。',
    'G not padded: a valid correlation for ∂J/∂X':
        'G 没有填充：对 ∂J/∂X 做了 valid 相关',
    '∂J/∂X must have the shape of X; without zeros around G the border pixels, which fewer output positions use, get no'
    ' gradient at all, and the result is too small.':
        '∂J/∂X 的形状必须与 X 相同；G 周围不补零的话，用到边界像素的输出位置较少，这些像素就完全得不到梯度，结果也偏'
        '小。',
    '∂J/∂K rotated by 180°':
        '∂J/∂K 旋转了 180°',
    'weight K[p, q] multiplies X[i + p, j + q] at output (i, j), in the forward order, so its gradient collects the products'
    ' in that same order, not read backwards.':
        '权重 K[p, q] 在输出 (i, j) 处乘以 X[i + p, j + q]，按前向的顺序，所以它的梯度也按同样的顺序收集乘积，而不是'
        '倒着读。',
}

# Names of the parts of a result, in messages (names in code, such as nabla_b, stay as they are).
PARTS = {
    "the gradient": "梯度",
    "the returned (weights, biases)": "返回的 (weights, biases)",
    "the returned weights": "返回的权重",
    "the returned biases": "返回的偏置",
    "the output's value": "输出的值",
    "the leaves' gradients": "各叶子的梯度",
}

STRINGS = {**STATIC, **LABELS, **PARTS}

"""A head's path from the vector it reads to its loss, as LaTeX with the input's own numbers.

Each function takes numbers already computed elsewhere (a result, a loss) and only writes
them out: a formula never computes a value of its own, so it cannot disagree with the charts.
"""

import numpy as np

MAX_TERMS = 8  # longer sums show their first three and last two terms

# The positions a mean loss runs over, as LaTeX (ASCII only: KaTeX rejects some Unicode, such as −).
ACTIVE_TOKENS = r"y_i \neq -100"
MASKS = r"\text{masks}"


def _n(x: float, digits: int = 4) -> str:
    return f"{float(x):.{digits}f}"


def _lines(first: str, *rest: str) -> str:
    """Aligned lines on their "=" signs: one formula stays within a projector's width."""
    return r"\begin{aligned}" + first.replace(" = ", " &= ", 1) + "".join(
        r" \\ &" + line for line in rest) + r"\end{aligned}"


def _sum(terms: list[str]) -> str:
    if len(terms) > MAX_TERMS:
        terms = terms[:3] + [r"\cdots"] + terms[-2:]
    return " + ".join(terms)


def softmax(logits: np.ndarray, probabilities: np.ndarray, k: int) -> str:
    """p_k = e^{z_k} / Σ_j e^{z_j} with the real logits."""
    terms = [f"e^{{{_n(z)}}}" for z in logits]
    return _lines(rf"p_{{{k}}} = \frac{{e^{{z_{{{k}}}}}}}{{\sum_j e^{{z_j}}}}",
                  rf"= \frac{{e^{{{_n(logits[k])}}}}}{{{_sum(terms)}}} = {_n(probabilities[k], 6)}")


def cross_entropy(probability: float, loss: float, k: int, symbol: str = "p") -> str:
    return rf"\mathcal{{L}} = -\log {symbol}_{{{k}}} = -\log {_n(probability, 6)} = {_n(loss, 6)}"


def logit(k: int, product: float, bias: float | None, value: float, vector: str) -> str:
    """z_k = w_k · x + b_k with the dot product and the bias apart."""
    if bias is None:
        return rf"z_{{{k}}} = w_{{{k}}} \cdot {vector} = {_n(value)}"
    return rf"z_{{{k}}} = w_{{{k}}} \cdot {vector} + b_{{{k}}} = {_n(product)} + ({_n(bias)}) = {_n(value)}"


def pooler(activation: str, cls_norm: float, pre_activation_norm: float, pooler_norm: float) -> str:
    """pooler = act(W·h_CLS + b), with the norm of each vector on the way."""
    activation = activation.replace("_", r"\_")  # gelu_new
    return _lines(rf"\text{{pooler}} = \operatorname{{{activation}}}(W\,h_{{\mathrm{{CLS}}}} + b)",
                  rf"\lVert h_{{\mathrm{{CLS}}}}\rVert = {_n(cls_norm)},\ "
                  rf"\lVert W\,h_{{\mathrm{{CLS}}}} + b\rVert = {_n(pre_activation_norm)},\ "
                  rf"\lVert \text{{pooler}}\rVert = {_n(pooler_norm)}")


def mean_loss(losses: np.ndarray, mean: float, over: str) -> str:
    """L = (1/N) Σ_i −log p_i(y_i) over the N positions that count (`over`, e.g. ACTIVE_TOKENS), each term
    written."""
    count = len(losses)
    return _lines(rf"\mathcal{{L}} = \frac{{1}}{{{count}}}\sum_{{{over}}} -\log p_i(y_i)",
                  rf"= \frac{{{_sum([_n(x) for x in losses])}}}{{{count}}} = {_n(mean, 6)}")


def span_loss(start_loss: float, end_loss: float, total: float) -> str:
    return _lines(r"\mathcal{L} = \frac{-\log p_{\text{start}}(s) - \log p_{\text{end}}(e)}{2}",
                  rf"= \frac{{{_n(start_loss)} + {_n(end_loss)}}}{{2}} = {_n(total, 6)}")


def total_loss(masked: float, next_sentence: float, total: float) -> str:
    return (rf"\mathcal{{L}} = \mathcal{{L}}_{{\text{{MLM}}}} + \mathcal{{L}}_{{\text{{NSP}}}} = "
            rf"{_n(masked)} + {_n(next_sentence)} = {_n(total, 6)}")

"""`make bench` (also alone: `python -m bench.why`): the "Why" section's cost on the embedded default.

Targets: Integrated Gradients at 128 tokens, to a completeness gap within 1 % of f(x) − f(b) (the steps chosen
from the gap, as the page does by default), ≤ 1 s; the logit lens ≤ 1.2× one forward pass (the lens includes its
own forward pass with hidden states). Writes docs/bench-why.md.
"""

import platform
import time

import torch

from bench.bench import ROOT, median_seconds, text_of, tokenizer_of
from bert_explorer.heads import EMBEDDED_DEFAULT
from bert_explorer.loading import load_model
from bert_explorer.tasks.sequence_classification import classify
from bert_explorer.why.attribution import GRADIENT_X_INPUT, INTEGRATED_GRADIENTS, OCCLUSION, attribute
from bert_explorer.why.lens import logit_lens

RUNS = 3


def measure(length: int) -> dict:
    loaded = load_model(EMBEDDED_DEFAULT, "sequence_classification")
    text = text_of(tokenizer_of(loaded), length)
    result = classify(loaded, text)
    target = classify.targets(loaded, result).target()
    with loaded.lock:
        prepared = classify.preprocess(loaded, text)
    tensors, special = prepared.tensors, torch.from_numpy(prepared.encodings[0].special_tokens_mask)

    def timed(action):
        with loaded.lock:
            return median_seconds(action, RUNS)

    def forward():
        with torch.inference_mode():
            return loaded.model(**tensors, output_hidden_states=True, return_dict=True)

    row = {"tokens": length, "forward": timed(forward),
           "lens": timed(lambda: logit_lens(loaded, target, forward()))}  # its forward pass included
    for method in (INTEGRATED_GRADIENTS, GRADIENT_X_INPUT, OCCLUSION):
        if method == OCCLUSION and length > 128:
            row[method] = None  # one forward pass per token: about a minute at 512 tokens here
            continue
        row[method] = timed(lambda: attribute(loaded, tensors, special, target, method, "pad", 50))
    row["auto"] = timed(lambda: attribute(loaded, tensors, special, target, INTEGRATED_GRADIENTS, "pad", None))
    with loaded.lock:
        chosen = attribute(loaded, tensors, special, target, INTEGRATED_GRADIENTS, "pad", None)
    row["auto_steps"], row["auto_gap"] = chosen.tried, abs(chosen.gap / chosen.expected_total)
    return row


def report(rows: list[dict]) -> str:
    lines = [
        "# Why-section bench", "",
        f"Machine: {platform.processor() or platform.machine()}, {torch.get_num_threads()} torch threads, "
        f"torch {torch.__version__}, CPU. Model: {EMBEDDED_DEFAULT} (MiniLM-L6, 384 wide) with a "
        f"sequence-classification head. Medians of {RUNS} runs after a warm-up.", "",
        "| tokens | forward (hidden states) | logit lens | lens / forward | IG, 50 steps | IG, steps from the gap "
        "(within 1 % of f(x) − f(b)) | steps tried | its gap / (f(x) − f(b)) | gradient × input | occlusion |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(f"| {r['tokens']} | {r['forward'] * 1000:.1f} ms | {r['lens'] * 1000:.1f} ms | "
                     f"{r['lens'] / r['forward']:.2f}× | {r[INTEGRATED_GRADIENTS]:.2f} s | {r['auto']:.2f} s | "
                     f"{', '.join(map(str, r['auto_steps']))} | {r['auto_gap']:.2%} | "
                     f"{r[GRADIENT_X_INPUT] * 1000:.0f} ms | "
                     f"{'not run' if r[OCCLUSION] is None else format(r[OCCLUSION], '.2f') + ' s'} |")
    lines += ["", "Targets: Integrated Gradients at 128 tokens, to a completeness gap within 1 % of f(x) − f(b), "
                  "≤ 1 s; lens ≤ 1.2× one forward pass."]
    return "\n".join(lines) + "\n"


def main() -> None:
    started = time.perf_counter()
    rows = [measure(length) for length in (16, 128, 512)]
    text = report(rows)
    (ROOT / "docs").mkdir(exist_ok=True)
    (ROOT / "docs" / "bench-why.md").write_text(text)
    print(text, f"({time.perf_counter() - started:.0f} s in all)")


if __name__ == "__main__":
    main()

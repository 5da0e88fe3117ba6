"""examples/*.ipynb, run by a real Jupyter kernel (nbclient + ipykernel): each cell's figures hold the model's own
numbers, for a zoo checkpoint by name and for a transformers model built in the notebook."""

from pathlib import Path

import nbformat
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from nbclient import NotebookClient
from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

from bert_explorer.checkpoints import resolve
from bert_explorer.loading import load_model
from harness.plotly_data import decode
from tolerance import assert_float32_close

ROOT = Path(__file__).resolve().parents[2]
PLOTLY = "application/vnd.plotly.v1+json"

pytestmark = pytest.mark.slow  # a kernel, torch and four checkpoints: about 30 s


@pytest.fixture(scope="module")
def executed():
    notebook = nbformat.read(ROOT / "examples" / "explore.ipynb", as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def shown(cell) -> tuple[str, dict[str, dict]]:
    """A cell's text and its Plotly figures by title."""
    text = "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in cell.outputs)
    drawn = {}
    for output in cell.outputs:
        figure = output.get("data", {}).get(PLOTLY)
        if figure is not None:
            drawn[figure["layout"]["title"]["text"]] = figure
    return text, drawn


def y(figure: dict, trace: int = 0) -> np.ndarray:
    return np.asarray(decode(figure["data"][trace]["y"]), dtype=float)


def own_scores(model, tokenizer, *text) -> torch.Tensor:
    model.eval()
    with torch.no_grad():
        return model(**tokenizer(*text, return_tensors="pt")).logits[0]


def assert_story(figures: dict, logits: torch.Tensor) -> None:
    assert_float32_close(y(figures["Logits (index → name)"]), logits.numpy())
    assert_float32_close(y(figures["softmax(logits)"]), torch.softmax(logits, -1).numpy(), float(logits.abs().max()))
    losses = [F.cross_entropy(logits[None], torch.tensor([k])).item() for k in range(len(logits))]
    assert_float32_close(y(figures["Cross-entropy if gold = k"]), losses, float(logits.abs().max()))


def test_a_zoo_checkpoint_by_name_shows_its_own_numbers(executed):
    text, figures = shown(executed[0])
    loaded = load_model("zoo/sentiment-tweets", "sequence_classification")
    with loaded.lock:
        logits = own_scores(loaded.model, loaded.tokenizer, "The film was a delight from start to finish.")
    assert_story(figures, logits)
    assert f"→ {loaded.label_names[int(logits.argmax())]} with probability" in text
    assert "Pooler output against h_[CLS]" in figures and any(t.startswith("Layer ") for t in figures)
    printed, _ = shown(executed[1])
    assert str(loaded.label_names) in printed and '"logits": [' in printed


def test_a_model_built_in_the_notebook_shows_its_own_numbers_and_its_why(executed):
    tokenizer = AutoTokenizer.from_pretrained(resolve("embedded/all-MiniLM-L6-v2"))
    torch.manual_seed(0)
    model = BertForSequenceClassification(BertConfig(
        vocab_size=tokenizer.vocab_size, hidden_size=64, num_hidden_layers=2, num_attention_heads=4,
        intermediate_size=128, num_labels=3, id2label={0: "sad", 1: "calm", 2: "happy"},
        label2id={"sad": 0, "calm": 1, "happy": 2}))
    _, figures = shown(executed[2])
    assert_story(figures, own_scores(model, tokenizer, "What a wonderful surprise!"))
    _, why = shown(executed[3])
    assert any(t.startswith("Attribution to logit") for t in why) and "Logit lens" in " ".join(why)


def test_ner_and_qa_show_their_models_own_probabilities(executed):
    _, tags = shown(executed[4])
    loaded = load_model("zoo/news-ner", "token_classification")
    with loaded.lock:
        logits = own_scores(loaded.model, loaded.tokenizer, "Angela Merkel met Emmanuel Macron in Paris on Tuesday.")
    first = next(figure for title, figure in tags.items() if title.startswith("Top 10: “Angela”"))
    expected = np.sort(torch.softmax(logits[1], -1).numpy())[::-1][:10]  # "Angela" is the first token after [CLS]
    assert_float32_close(y(first), expected, float(logits.abs().max()))

    _, spans = shown(executed[5])
    loaded = load_model("zoo/news-qa", "question_answering")
    with loaded.lock:
        inputs = loaded.tokenizer("Where did they meet?", "Angela Merkel met Emmanuel Macron in Paris on Tuesday.",
                                  return_tensors="pt")
    with torch.no_grad():
        starts = torch.softmax(loaded.model.eval()(**inputs).start_logits[0], -1).numpy()
    start = next(figure for title, figure in spans.items() if title.startswith("Top 10") and "start" in title)
    for value in y(start):
        assert np.min(np.abs(starts - value)) <= 1e-6, value

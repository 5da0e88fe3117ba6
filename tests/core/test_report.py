"""`bert-explorer report`: a checkpoint's own head, read from its config, run through its page's task, written as
the page's strict JSON download; and the head a served checkpoint opens on."""



import pytest
import torch
import torch.nn.functional as F

from app_helpers import strict_json
from bert_explorer import checkpoints as sources
from bert_explorer.errors import InputError
from bert_explorer.export import to_json
from bert_explorer.loading import load_model
from bert_explorer.report import report
from bert_explorer.tasks import task_for
from deploy.run import main
from tolerance import assert_float32_close

TEXT = "the film was good"


def without_timings(written: dict) -> dict:
    return {key: value for key, value in written.items() if key != "timings_ms"}


@pytest.mark.parametrize("name, head", [
    ("bert-seq", "sequence_classification"), ("bert-ner", "token_classification"),
    ("bert-qa", "question_answering"), ("bert-mc", "multiple_choice"), ("bert-pretraining", "pretraining"),
    ("bert-base", "sequence_classification"),  # a bare encoder: the page that trains a head on one
])
def test_a_checkpoint_opens_on_the_head_it_was_saved_for(checkpoints, name, head):
    assert sources.head_of(str(checkpoints[name])) == head


def test_the_report_is_the_pages_json_and_the_models_own_numbers(checkpoints):
    folder = str(checkpoints["bert-seq"])
    made = report(folder, {"text": TEXT}, gold="POSITIVE")
    loaded = load_model(folder, "sequence_classification")
    assert made.head == "sequence_classification"
    written = strict_json(made.to_json())
    page = strict_json(to_json(task_for("sequence_classification")(loaded, TEXT, None)))
    assert without_timings(written) == without_timings(page)  # the time each stage took differs run to run
    with loaded.lock:
        inputs = loaded.tokenizer(TEXT, return_tensors="pt")
    with torch.no_grad():
        logits = loaded.model(**inputs).logits[0]
    assert_float32_close(written["logits"], logits.numpy())
    expected = F.cross_entropy(logits[None], torch.tensor([2])).item()
    assert made.gold_loss[0] == "POSITIVE"
    assert_float32_close(made.gold_loss[1], expected, float(logits.abs().max()))


def test_a_report_names_what_the_head_reads_when_given_something_else(checkpoints):
    with pytest.raises(InputError, match="reads text, pair; not question"):
        report(str(checkpoints["bert-seq"]), {"question": "where?"})
    with pytest.raises(InputError, match="No label 'MAYBE'"):
        report(str(checkpoints["bert-seq"]), {"text": TEXT}, gold="MAYBE")


def test_the_command_writes_the_json_and_fails_with_a_message(checkpoints, tmp_path, capsys):
    out = tmp_path / "out.json"
    folder = str(checkpoints["bert-mc"])
    assert main(["report", folder, "--prompt", "the film", "--choices", "was good", "--choices", "was bad",
                 "--json", str(out)]) == 0
    written = strict_json(out.read_text())
    assert len(written["logits"]) == 2
    assert main(["report", folder, "--text", "x"]) == 2
    assert "reads prompt, choices; not text" in capsys.readouterr().err

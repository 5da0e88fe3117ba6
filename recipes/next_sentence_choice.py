"""A multiple-choice head that picks which sentence comes next, over a pre-trained BERT's frozen encoder.

Each question is a run of sentences from a document; its choices are the true next sentence and
sentences from other documents. The choice head starts as the NSP head turned into one score
(logit "is next" minus logit "is random"), then the pooler and that score are trained.
"""

import random
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
import transformers

from bert_explorer.tasks.next_sentence import IS_NEXT, IS_RANDOM

from .bert_from_scratch import pair_features


@dataclass(frozen=True)
class ChoiceQuestion:
    context: list[int]  # token ids, no special tokens
    choices: list[list[int]]
    answer: int  # index into choices


@dataclass(frozen=True)
class ChoiceOptions:
    choices: int = 4
    max_tokens: int = 128
    epochs: int = 8
    batch_size: int = 32
    learning_rate: float = 1e-3
    weight_decay: float = 0.01
    seed: int = 0


@dataclass
class ChoiceRun:
    model: transformers.BertForMultipleChoice
    losses: list[float] = field(default_factory=list)
    held_out: dict[str, float] = field(default_factory=dict)


def next_sentence_questions(documents: list[list[list[int]]], options: ChoiceOptions,
                            rng: random.Random) -> list[ChoiceQuestion]:
    """Questions from every other place in each document: the sentences before (up to half the
    token budget) as context; the next sentence and one sentence from each of `choices - 1`
    other documents as choices, in a random order."""
    budget = options.max_tokens - 3
    questions = []
    for index, sentences in enumerate(documents):
        others = [k for k in range(len(documents)) if k != index]
        if len(others) < options.choices - 1:
            break
        for end in range(1, len(sentences), 2):
            context = []
            for sentence in reversed(sentences[:end]):
                if context and len(context) + len(sentence) > budget // 2:
                    break
                context = sentence + context
            context = context[-(budget // 2):]  # cut from the start: it still ends where the choices go on
            wrong = [rng.choice(documents[k]) for k in rng.sample(others, options.choices - 1)]
            choices = [choice[:budget - len(context)] for choice in (sentences[end], *wrong)]
            order = list(range(options.choices))
            rng.shuffle(order)
            questions.append(ChoiceQuestion(context, [choices[k] for k in order], order.index(0)))
    return questions


def choice_model(pretrained: transformers.BertForPreTraining) -> transformers.BertForMultipleChoice:
    """A multiple-choice model with the pre-trained encoder and a score taken from the NSP head."""
    config = transformers.BertConfig.from_dict(pretrained.config.to_dict())
    config.architectures = ["BertForMultipleChoice"]
    model = transformers.BertForMultipleChoice(config)
    model.bert.load_state_dict(pretrained.bert.state_dict())
    nsp = pretrained.cls.seq_relationship
    with torch.no_grad():
        model.classifier.weight.copy_(nsp.weight[IS_NEXT] - nsp.weight[IS_RANDOM])
        model.classifier.bias.copy_(nsp.bias[IS_NEXT] - nsp.bias[IS_RANDOM])
    return model.eval()


def encode_questions(tokenizer, questions: list[ChoiceQuestion]) -> dict[str, torch.Tensor]:
    """Inputs shaped [questions, choices, tokens]: [CLS] context [SEP] choice [SEP], padded."""
    features = [pair_features(tokenizer, q.context, choice) for q in questions for choice in q.choices]
    padded = tokenizer.pad(features, return_tensors="pt")
    shape = (len(questions), len(questions[0].choices), -1)
    return {name: padded[name].view(shape) for name in ("input_ids", "token_type_ids", "attention_mask")}


def cls_states(model: transformers.BertForMultipleChoice, tokenizer, questions: list[ChoiceQuestion],
               batch_size: int = 32) -> torch.Tensor:
    """The frozen encoder's last-layer [CLS] vector for every (question, choice): [questions, choices, hidden]."""
    parts = []
    with torch.inference_mode():
        for start in range(0, len(questions), batch_size):
            inputs = encode_questions(tokenizer, questions[start:start + batch_size])
            flat = {name: value.flatten(0, 1) for name, value in inputs.items()}
            hidden = model.bert(**flat).last_hidden_state[:, 0]
            parts.append(hidden.view(*inputs["input_ids"].shape[:2], -1))
    return torch.cat(parts)


def choice_logits(model: transformers.BertForMultipleChoice, states: torch.Tensor) -> torch.Tensor:
    """The model's own pooler, dropout and classifier on cached [CLS] states: [questions, choices]."""
    pooled = model.bert.pooler(states.flatten(0, 1).unsqueeze(1))
    return model.classifier(model.dropout(pooled)).view(states.shape[:2])


def accuracy(model, states: torch.Tensor, answers: torch.Tensor) -> float:
    model.eval()
    with torch.inference_mode():
        return float((choice_logits(model, states).argmax(-1) == answers).float().mean())


def train_choice_head(pretrained: transformers.BertForPreTraining, tokenizer, train: list[ChoiceQuestion],
                      held_out: list[ChoiceQuestion], options: ChoiceOptions) -> ChoiceRun:
    """Train the pooler and the choice score on the frozen encoder's [CLS] states."""
    model = choice_model(pretrained)
    train_states, held_states = cls_states(model, tokenizer, train), cls_states(model, tokenizer, held_out)
    train_answers = torch.tensor([q.answer for q in train])
    held_answers = torch.tensor([q.answer for q in held_out])
    run = ChoiceRun(model, held_out={"accuracy_from_nsp_head": accuracy(model, held_states, held_answers)})
    trainable = [*model.bert.pooler.parameters(), *model.classifier.parameters()]
    optimizer = torch.optim.AdamW(trainable, lr=options.learning_rate, weight_decay=options.weight_decay)
    generator = torch.Generator().manual_seed(options.seed)
    torch.manual_seed(options.seed)
    for _ in range(options.epochs):
        model.train()
        for rows in torch.randperm(len(train), generator=generator).split(options.batch_size):
            loss = F.cross_entropy(choice_logits(model, train_states[rows]), train_answers[rows])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            run.losses.append(loss.item())
    run.held_out["accuracy"] = accuracy(model, held_states, held_answers)
    run.held_out["questions"] = len(held_out)
    return run

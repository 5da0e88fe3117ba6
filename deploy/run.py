"""`make run` and the `bert-explorer` command.

    bert-explorer [serve] [CHECKPOINT] [--address …] [--port …]   the app (alone, it is `make run`)
    bert-explorer report CHECKPOINT --text "…" [--gold LABEL] [--json out.json]
    python -m deploy.run --address 127.0.0.1 --port 8501           (make run; ADDRESS=0.0.0.0 for the network)

`serve` says where it listens and whether public mode is on, then becomes `streamlit run app.py`, on 127.0.0.1
unless asked for another address. The mode it prints is the mode the app runs in: it hands the decision to the
app as BERT_EXPLORER_PUBLIC. Given a checkpoint (a folder, a hub id, a zoo name), the app opens on the page of
its head with it chosen. `report` writes what that page's "All numbers (JSON)" download holds for one input.
"""

import argparse
import os
import sys
from pathlib import Path

from bert_explorer import settings

from .serve import ROOT, startup_line, streamlit_command

COMMANDS = ("serve", "report")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in (*COMMANDS, "-h", "--help"):
        argv.insert(0, "serve")  # `bert-explorer` alone, and `python -m deploy.run --port …`, serve the app
    args = parser().parse_args(argv)
    return args.run(args)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="bert-explorer", description=__doc__.splitlines()[0])
    commands = top.add_subparsers(required=True)
    serving = commands.add_parser("serve", help="serve the app (the default)")
    serving.add_argument("checkpoint", nargs="?", help="open on this checkpoint: a folder, a hub id or a zoo name")
    serving.add_argument("--address", default="127.0.0.1", help="where to listen (0.0.0.0: every interface)")
    serving.add_argument("--port", type=int, default=8501)
    serving.set_defaults(run=serve)
    reporting = commands.add_parser("report", help="one input through a checkpoint's head, as strict JSON")
    reporting.add_argument("checkpoint")
    reporting.add_argument("--head", help="the head to run (default: the checkpoint's own, from its config)")
    for name in input_names():
        reporting.add_argument(f"--{name}", action="append" if name == "choices" else "store",
                               help="a choice (repeat it for each)" if name == "choices" else f"the page's {name}")
    reporting.add_argument("--gold", help="a gold label (name or index): prints the loss the page shows for it")
    reporting.add_argument("--json", type=Path, help="write the JSON here (default: standard output)")
    reporting.set_defaults(run=write_report)
    return top


def input_names() -> list[str]:
    from bert_explorer.heads import HEADS

    return list(dict.fromkeys(name for head in HEADS.values() for name in head.inputs))


def serve(args: argparse.Namespace) -> int:
    public = settings.public_mode(args.address)
    env = dict(os.environ, HF_HUB_DISABLE_TELEMETRY="1", BERT_EXPLORER_PUBLIC="1" if public else "0")
    line = startup_line(args.address, args.port, public)
    if args.checkpoint:
        checkpoint = str(Path(args.checkpoint).resolve()) if Path(args.checkpoint).is_dir() else args.checkpoint
        env["BERT_EXPLORER_CHECKPOINT"] = checkpoint
        line += f" Opens on {checkpoint}."
    print(line, flush=True)
    command = streamlit_command(args.port, args.address)
    os.chdir(ROOT)  # app.py and .streamlit/config.toml, in a clone or where pip installed them
    os.execve(command[0], command, env)


def write_report(args: argparse.Namespace) -> int:
    from bert_explorer.errors import ExplorerError
    from bert_explorer.report import report

    inputs = {name: getattr(args, name) for name in input_names() if getattr(args, name) is not None}
    try:
        made = report(args.checkpoint, inputs, head=args.head, gold=args.gold)
    except ExplorerError as error:
        print(f"bert-explorer report: {error}", file=sys.stderr)
        return 2
    text = made.to_json()
    if args.json is None:
        print(text)
    else:
        args.json.write_text(text + "\n")
    if made.gold_loss is not None:
        print(f"loss if gold = {made.gold_loss[0]}: {made.gold_loss[1]!r}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`make run` and the `bert-explorer` command: one Streamlit process, on 127.0.0.1 unless asked for another address.

    python -m deploy.run --address 127.0.0.1 --port 8501      (make run; ADDRESS=0.0.0.0 for the network)
    bert-explorer [--address …] [--port …]                    (after `pip install .`)

It says where it listens and whether public mode is on, then becomes `streamlit run app.py`. The mode it
prints is the mode the app runs in: it hands the decision to the app as BERT_EXPLORER_PUBLIC.
"""

import argparse
import os
import sys

from bert_explorer import settings

from .serve import ROOT, startup_line, streamlit_command


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--address", default="127.0.0.1", help="where to listen (0.0.0.0: every interface)")
    parser.add_argument("--port", type=int, default=8501)
    args = parser.parse_args()
    public = settings.public_mode(args.address)
    print(startup_line(args.address, args.port, public), flush=True)
    env = dict(os.environ, HF_HUB_DISABLE_TELEMETRY="1", BERT_EXPLORER_PUBLIC="1" if public else "0")
    command = streamlit_command(args.port, args.address)
    os.chdir(ROOT)  # app.py and .streamlit/config.toml, in a clone or where pip installed them
    os.execve(command[0], command, env)


if __name__ == "__main__":
    sys.exit(main())

# BERT Head Explorer: the app, its offline zoo and the embedded default, served on port 8501.
#   docker build -t bert-explorer .
#   docker run -p 127.0.0.1:8501:8501 bert-explorer
# CUDA: --build-arg TORCH_PIP_ARGS="--index-url https://download.pytorch.org/whl/cu126" (and run with --gpus all).
# Any Debian-like base with python3.11 and its venv module will do (make docker-test builds one with debootstrap).
ARG BASE_IMAGE=python:3.11-slim-bookworm
FROM ${BASE_IMAGE}

ARG TORCH_PIP_ARGS="--index-url https://download.pytorch.org/whl/cpu"
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    HF_HUB_OFFLINE=0 \
    HF_HUB_DISABLE_TELEMETRY=1 \
    BERT_EXPLORER_CACHE=/opt/bert-explorer-cache

RUN useradd --uid 1000 --create-home --shell /usr/sbin/nologin explorer
WORKDIR /app

# Dependencies first, so a change of code does not reinstall torch.
COPY requirements.txt .
RUN python3 -m venv /opt/venv \
 && pip install --no-cache-dir --upgrade pip \
 && pip install --no-cache-dir ${TORCH_PIP_ARGS} torch==2.13.0 \
 && pip install --no-cache-dir -r requirements.txt

COPY --chown=1000:1000 . .
# Bake the zoo: assemble every entry's full checkpoint now, so a container starts with nothing to write.
RUN python -c "from bert_explorer import checkpoints, zoo; [checkpoints.resolve(n) for n in zoo.entries()]" \
 && chown -R 1000:1000 /opt/bert-explorer-cache

USER 1000
EXPOSE 8501
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"
# Every interface, so public mode is on (the start-up line says so); -e BERT_EXPLORER_PUBLIC=0 turns it off.
CMD ["python", "-m", "deploy.run", "--address", "0.0.0.0", "--port", "8501"]

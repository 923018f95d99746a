# Every target makes its own virtual environment (.venv) on first use: a fresh
# machine needs only Python 3.11, pip, venv and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
CONSTRAINTS := requirements/constraints.txt
LESSONS ?= lessons/*.ipynb
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with lessons/sanitize.cfg
WORKERS ?= 2

.PHONY: lessons test test-oldest refresh student lab lint benchmark lock doctor clean

# The locked versions (pip constraints): the ones the committed outputs were made with.
$(READY): pyproject.toml $(CONSTRAINTS)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) -e ".[tensorflow,test,dev,book]"
	touch $(READY)

## 1. Execute every lesson headless on every core (the longest first), print a table, and write the
##    offline book of the executed lessons to build/lessons/ (open build/lessons/index.html).
lessons: $(READY)
	$(BIN)/python tools/run_lessons.py --workers $(WORKERS) --book build/lessons $(LESSONS)

## 2. The tests: lint; unit tests, checkers, doctests, lessons with changed settings and the student
##    edition; then strict nbval over every lesson (a notebook's cells stay on one worker: loadscope;
##    the longest lessons first, from lessons/durations.json, which make refresh updates).
test: $(READY)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n $(WORKERS) --dist worksteal --durations=15 tests nnkit --doctest-modules
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadscope --no-loadscope-reorder lessons $(NBVAL)

## The oldest versions pyproject.toml allows (requirements/oldest.txt, e.g. Colab's TensorFlow 2.19 and
## Keras 3.10): the unit tests, then every lesson run with every assert passing, outputs not compared
## (nbval's lax mode) and quoted numbers reported, not enforced (NNKIT_STRICT=0).
OLDEST := .venv-oldest
$(OLDEST)/.ready: pyproject.toml requirements/oldest.txt
	$(PYTHON) -m venv $(OLDEST)
	$(OLDEST)/bin/python -m pip install --quiet --upgrade pip
	$(OLDEST)/bin/python -m pip install --quiet -c requirements/oldest.txt -e ".[tensorflow,test,dev,book]"
	touch $@

test-oldest: $(OLDEST)/.ready
	$(OLDEST)/bin/python -m nnkit doctor
	NNKIT_STRICT=0 $(OLDEST)/bin/python -m pytest -n $(WORKERS) tests nnkit --doctest-modules
	NNKIT_STRICT=0 $(OLDEST)/bin/python -m pytest -n $(WORKERS) --dist loadscope --no-loadscope-reorder lessons --nbval-lax --nbval-current-env

## Re-execute lessons and save their outputs (after any change that can move an output).
refresh: $(READY)
	$(BIN)/python tools/run_lessons.py --workers $(WORKERS) --write $(LESSONS)

## The student edition: every reference solution replaced by a stub, in build/student/.
student: $(READY)
	$(BIN)/python -m nnkit lessons build/student --student --overwrite

## 3. JupyterLab on lessons/.
lab: $(READY)
	$(BIN)/jupyter lab lessons/

lint: $(READY)
	$(BIN)/ruff check .
	$(BIN)/zizmor --offline .github/workflows/

benchmark: $(READY)
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/prototype.py
	$(BIN)/python benchmarks/large_table.py
	$(BIN)/python benchmarks/playground.py
	$(BIN)/python benchmarks/cli.py
	$(BIN)/python benchmarks/lessons_job.py --workers $(WORKERS)

## Upgrade the lock to the newest versions pyproject.toml allows, then re-execute every lesson.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade pip
	.venv-lock/bin/python -m pip install --quiet -e ".[tensorflow,test,dev,book]"
	head -n 2 $(CONSTRAINTS) > $(CONSTRAINTS).new
	.venv-lock/bin/python -m pip freeze --exclude-editable | grep -v '^nnkit' >> $(CONSTRAINTS).new
	mv $(CONSTRAINTS).new $(CONSTRAINTS) && rm -rf .venv-lock
	$(MAKE) refresh

## Versions, data, kernel: what the lessons will run on.
doctor: $(READY)
	$(BIN)/python -m nnkit doctor

clean:
	rm -rf build $(VENV) $(OLDEST)

# Every target makes its own virtual environment (.venv) on first use: a fresh
# machine needs only Python 3.11, pip, venv and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
LESSONS ?= lessons/*.ipynb
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with lessons/sanitize.cfg

.PHONY: lessons test refresh student lab lint benchmark clean

$(READY): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,dev]"
	touch $(READY)

## 1. Execute every lesson headless, write HTML to build/lessons/, print a table.
lessons: $(READY)
	$(BIN)/python tools/run_lessons.py --html build/lessons $(LESSONS)

## 2. The tests: lint, unit tests, and strict nbval over every lesson.
test: $(READY)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest tests nnkit lessons --doctest-modules $(NBVAL)

## Re-execute lessons and save their outputs (after any change that can move an output).
refresh: $(READY)
	$(BIN)/python tools/run_lessons.py --write $(LESSONS)

## The student edition: every reference solution replaced by a stub, in build/student/.
student: $(READY)
	$(BIN)/python tools/student_edition.py --out build/student $(LESSONS)

## 3. JupyterLab on lessons/.
lab: $(READY)
	$(BIN)/jupyter lab lessons/

lint: $(READY)
	$(BIN)/ruff check .

benchmark: $(READY)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf build $(VENV)

# kehoach: `make` builds every plan under plans/ into build/; `make test` runs the tests.
# Both set themselves up (virtual environment in .venv/, LibreOffice for the tests).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
KEHOACH := $(BIN)/kehoach

PLANS := $(shell find plans -name '*.yaml' 2>/dev/null | sort)
DOCS := $(patsubst plans/%.yaml,build/%.docx,$(PLANS))
CODE := $(shell find compiler schema -name '*.py' 2>/dev/null | sort)
TEMPLATE := templates/ke-hoach.docx

.PHONY: all build test check schema template lint fidelity libreoffice clean

all: build

build: $(DOCS)

build/%.docx: plans/%.yaml $(TEMPLATE) $(CODE) $(STAMP)
	$(KEHOACH) build $<

# A plan's document also depends on its ancestors (extends: a floor raised in
# the city's plan can fail a ward's) and on the plans its basis cites (their
# number, date, title are printed). `kehoach deps` writes these prerequisites
# as rules «build/x.docx: plans/cha.yaml …»; make reads them back, remaking the
# file first whenever a plan changed.
DEPS := build/.deps.mk

ifeq ($(filter clean,$(MAKECMDGOALS)),)
-include $(DEPS)
endif

$(DEPS): $(PLANS) $(STAMP)
	$(KEHOACH) deps plans -o $@

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

check: $(STAMP)
	$(KEHOACH) check plans

# The JSON Schema editors use for completion; a test fails when it is stale.
schema: $(STAMP)
	$(KEHOACH) schema -o schema/plan.schema.json

# Regenerate the Word template from its script (overwrites manual restyling).
template: $(STAMP)
	$(BIN)/python templates/make_template.py $(TEMPLATE)

lint: $(STAMP)
	$(BIN)/ruff check .

fidelity: build
	$(BIN)/python ../shared/tools/fidelity.py --refs ../shared/seeds/reference --docx build

# LibreOffice renders the documents in the tests; install it when missing (needs root).
libreoffice:
	@command -v soffice >/dev/null && command -v pdftotext >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      --no-install-recommends libreoffice-writer-nogui fonts-liberation2 poppler-utils; \
	  else \
	    echo "Cần LibreOffice: sudo apt-get install libreoffice-writer-nogui fonts-liberation2 poppler-utils" >&2; \
	    exit 1; \
	  fi; }

test: $(STAMP) libreoffice
	$(BIN)/python -m pytest -q

clean:
	rm -rf build

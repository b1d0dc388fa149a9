# kehoach: `make` builds every plan under plans/ into build/; `make test` runs the tests.
# Both set themselves up (virtual environment in .venv/, LibreOffice for the tests).

# No built-in implicit rules: make would otherwise look for RCS, SCCS and
# suffix rules able to remake each of thousands of plans (~2 s of stat calls
# for a national cascade) before deciding that nothing is to be done.
MAKEFLAGS += --no-builtin-rules
.SUFFIXES:

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
KEHOACH := $(BIN)/kehoach

# A plan whose path holds a space, a control character or one of
# " # $ % & ' ( ) * : ; < = > ? [ \ ] ` | cannot be named in a rule (make or
# the shell reads them as syntax: one such name stopped make for every plan).
# find leaves those plans out, printing the word UNMAKEABLE for each (no plan
# path is that word): every other plan is built, then `build` lists them and
# fails; `kehoach check` proposes a name (kehoach/cli/make_names.py, the same
# characters; find runs in the C locale so that only these bytes match, and
# with a regular expression: -path with a bracket took twice the time of the
# whole listing).
UNMAKEABLE_PATH := -regextype posix-extended -regex '.*[][:space:][:cntrl:]"\#$$%&'\''()*:;<=>?[\`|].*'
FOUND_PLANS := $(shell LC_ALL=C find plans -name '*.yaml' \( $(UNMAKEABLE_PATH) -printf 'UNMAKEABLE\n' -o -print \) 2>/dev/null | sort)
PLANS := $(filter-out UNMAKEABLE,$(FOUND_PLANS))
UNMAKEABLE := $(filter UNMAKEABLE,$(FOUND_PLANS))
DOCS := $(patsubst plans/%.yaml,build/%.docx,$(PLANS))
CODE := $(shell find compiler schema -name '*.py' 2>/dev/null | sort)
TEMPLATE := templates/ke-hoach.docx

.PHONY: all build test test-fast check schema template lint lint-plans fidelity libreoffice \
	dictionary clean bench pdf diff review git-setup bless-messages bench-tables bench-import

all: build

# All stale documents are built by ONE `kehoach build -j` process: Python
# starts once and each worker parses a parent plan once, instead of one
# process (and one parse of every ancestor) per plan. The rule of a document
# only notes its plan, with make's own $(file) and $(eval) (no shell, no
# Python, so a no-op `make` starts nothing); `build` then hands the list to
# kehoach. The list goes through a file because thousands of paths would not
# fit in one shell argument: a file of this make's own (mktemp, named on
# first use only, so a no-op `make` still starts nothing), since two makes
# in one tree sharing one list truncated, read and removed each other's.
# The second one's `kehoach build` then waits for the first (a lock on the
# repository) and rebuilds its list after it. A document named on the
# command line (`make build/x.docx`) is built by its own rule. JOBS=N limits
# the workers (default: one per CPU).
STALE = $(eval STALE := $(shell mktemp build/.stale.XXXXXX))$(STALE)
STALE_PLANS :=
JOBS ?=

# Every document depends on the code and the template through one stamp,
# touched when any of them changes: make then weighs three prerequisites per
# document instead of fifty (half of a no-op `make` over 3,400 plans).
CODE_STAMP := build/.code
$(CODE_STAMP): $(TEMPLATE) $(CODE) $(STAMP)
	@mkdir -p $(@D) && touch $@

build: $(DOCS)
	$(if $(STALE_PLANS),@echo "kehoach build: $(words $(STALE_PLANS)) kế hoạch cần biên dịch lại")
	$(if $(STALE_PLANS),@plans="$$(cat $(STALE))" && rm -f $(STALE) && \
	  $(KEHOACH) build $(if $(JOBS),-j $(JOBS)) $$plans; status=$$?; $(DEPS_UPDATE); exit $$status)
	$(if $(UNMAKEABLE),@{ echo "make: bỏ qua $(words $(UNMAKEABLE)) kế hoạch vì tên tệp có dấu cách hoặc ký tự make không xử lý được:"; \
	  LC_ALL=C find plans -name '*.yaml' $(UNMAKEABLE_PATH) | sort | sed 's/^/  /'; \
	  echo "Hãy đổi tên theo gợi ý của «kehoach check plans» (kehoach build <tệp> vẫn biên dịch được từng tệp)."; } >&2; exit 2)

# A plan make cannot stat (a broken symlink, a symlink loop) is made by doing
# nothing, so its document is built like any other: kehoach refuses that plan
# with a message and builds the others, instead of make stopping them all at
# «No rule to make target».
plans/%.yaml: ;

build/%.docx: plans/%.yaml $(CODE_STAMP)
	$(if $(filter $@,$(MAKECMDGOALS)),$(KEHOACH) build $<; status=$$?; $(DEPS_UPDATE); exit $$status,$(file $(if $(STALE_PLANS),>>,>)$(STALE),$<)$(eval STALE_PLANS += $<))

# A plan's document also depends on its ancestors (extends: a floor raised in
# the city's plan can fail a ward's) and on the plans its basis cites (their
# number, date, title are printed). `kehoach deps` writes these prerequisites
# as rules «build/x.docx: plans/cha.yaml …»; make reads them back.
#
# The file is brought up to date after every build, as compilers write their
# .d files (gcc -MMD), not remade before it: a plan's own prerequisites only
# change when the plan itself is edited, and then its document is rebuilt
# anyway. Remaking an included makefile would make make start over (reading
# every rule and listing every plan twice) after each edit. Only a missing
# file is made first.
DEPS := build/.deps.mk

ifeq ($(filter clean,$(MAKECMDGOALS)),)
-include $(DEPS)
endif

# `kehoach deps` imports neither the renderer nor the schema, so the update
# costs little more than starting Python; --cache re-reads only the plans that
# changed.
DEPS_UPDATE = $(KEHOACH) deps plans -o $(DEPS) --cache build/.deps.cache

$(DEPS): | $(STAMP)
	$(DEPS_UPDATE)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

check: $(STAMP)
	$(KEHOACH) check plans

# Spelling and form of every plan (kehoach lint), against Debian's hunspell-vi dictionary.
lint-plans: $(STAMP) dictionary
	$(KEHOACH) lint plans

# The JSON Schema editors use for completion; a test fails when it is stale.
schema: $(STAMP)
	$(KEHOACH) schema -o schema/plan.schema.json

# Regenerate the Word template from its script (overwrites manual restyling).
template: $(STAMP)
	$(BIN)/python templates/make_template.py $(TEMPLATE)

# Style (ruff), the import contract of pyproject.toml (import-linter: stages
# import only downwards, no cycles; tests/test_architecture.py: no private
# name of another module) and the types (mypy, through the `kehoach` link).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/test_architecture.py
	$(BIN)/mypy

# PDFs beside the documents (build/x.pdf), through LibreOffice headless: one
# soffice call for all stale PDFs, with a profile directory of its own.
pdf: build libreoffice
	$(KEHOACH) pdf plans

fidelity: build
	$(BIN)/python ../shared/tools/fidelity.py --refs ../shared/seeds/reference --docx build

# LibreOffice renders the documents in the tests, hunspell-vi is the dictionary of
# kehoach lint; install them when missing (needs root), in one apt-get run.
VI_DICTIONARY := /usr/share/hunspell/vi_VN.dic
libreoffice:
	@command -v soffice >/dev/null && command -v pdftotext >/dev/null && \
	  /usr/bin/python3 -c 'import uno' 2>/dev/null && test -f $(VI_DICTIONARY) || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      --no-install-recommends libreoffice-writer-nogui fonts-liberation2 poppler-utils python3-uno \
	      hunspell-vi; \
	  else \
	    echo "Cần LibreOffice và từ điển: sudo apt-get install libreoffice-writer-nogui fonts-liberation2 poppler-utils python3-uno hunspell-vi" >&2; \
	    exit 1; \
	  fi; }

dictionary:
	@test -f $(VI_DICTIONARY) || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hunspell-vi; \
	  else \
	    echo "Cần từ điển tiếng Việt: sudo apt-get install hunspell-vi" >&2; exit 1; \
	  fi; }

test: $(STAMP) libreoffice dictionary
	$(BIN)/python -m pytest -q

# After a deliberate change of wording: rewrite the expected transcripts of
# tests/golden/messages/ from what check and build print now, then read the
# change in `git diff` before committing it (tests/test_golden_messages.py).
bless-messages: $(STAMP)
	KEHOACH_BLESS=1 $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_golden_messages.py
	@git diff --stat -- tests/golden/messages

# The fast part, without LibreOffice: every test but those marked «libreoffice»
# (the mark comes with the tests' `libreoffice` fixture, see tests/libreoffice.py).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not libreoffice"

# National-scale benchmark (issue 7) in a temporary directory; SCALE=0.05 for a quick run.
SCALE ?= 1
bench: $(STAMP)
	$(BIN)/python bench/run.py --scale $(SCALE)

# One large plan (issue 18): appendices of 250 to 2,000 rows, a body of 20,000 paragraphs.
bench-tables: $(STAMP)
	$(BIN)/python bench/run.py --tables

# kehoach import of the 30-page Lâm Đồng plan (issue 15: goal under 3 s).
bench-import: $(STAMP)
	$(BIN)/python bench/import_word.py

# Review a change: `make diff REV=HEAD~1` (any git revision: a tag, a branch)
# writes, for every plan modified since REV, the report build/diff/<plan>.txt,
# its Markdown build/diff/<plan>.md (for a merge request) and the redline
# build/diff/<plan>.docx (the new document with Word tracked changes).
# REV reaches the shell through the environment ("$$REV"), never pasted into
# the command, and is checked first (as kehoach.source.versions does): a typo
# or a value git would take for an option («--output=…») stops with exit 2.
# `make diff REV=HEAD~1`: every plan added, deleted, renamed or edited since REV
# (the working tree, untracked plans included), each as build/diff/<plan>.txt,
# .md and a redline .docx. A revision that does not exist stops with exit 2.
diff: $(STAMP)
	@test -n "$$REV" || { echo "Cần REV: make diff REV=HEAD~1" >&2; exit 2; }
	@$(KEHOACH) review -o build/diff -- "$$REV"; [ $$? -le 1 ]

# `make review RANGE=main..HEAD`: one Markdown report per commit of the range
# (author, message, every plan it touched) and build/review/index.md.
review: $(STAMP)
	@test -n "$$RANGE" || { echo "Cần RANGE: make review RANGE=main..HEAD" >&2; exit 2; }
	@$(KEHOACH) review -o build/review -- "$$RANGE"; [ $$? -le 1 ]

# Once per clone: `git diff` of a plan prints the semantic comparison, and
# `git log -p` / `git show` the listing of its facts (.gitattributes names the
# plan files; kehoach/review/gitdriver.py).
git-setup: $(STAMP)
	@git rev-parse --git-dir >/dev/null 2>&1 || { echo "lỗi: «$$(pwd)» không phải là kho git" >&2; exit 2; }
	git config diff.kehoach.command "$(abspath $(KEHOACH)) git-diff"
	git config diff.kehoach.textconv "$(abspath $(KEHOACH)) git-textconv"
	@echo "đã cài trình so sánh kế hoạch cho git (git diff, git log -p, git show)"

clean:
	rm -rf build

# Two commands on a fresh machine: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SAMPLES := $(wildcard samples/*.html)

.PHONY: demo test lint typecheck unit wheel-check system-deps bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Tools that tests use when present (poppler-utils, qpdf, epubcheck) and the Pango library WeasyPrint
# needs. Installed when we are root on Debian/Ubuntu; otherwise the tests that need them skip.
system-deps:
	@if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  missing=""; \
	  command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	  command -v qpdf >/dev/null 2>&1 || missing="$$missing qpdf"; \
	  [ -f /usr/share/java/epubcheck.jar ] || missing="$$missing epubcheck"; \
	  ldconfig -p | grep -q libpangoft2 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	  ldconfig -p | grep -q libharfbuzz-subset || missing="$$missing libharfbuzz-subset0"; \
	  if [ -n "$$missing" ]; then \
	    echo "installing:$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
	      || echo "warning: could not install$$missing; tests needing them will skip"; \
	  fi; \
	fi

demo: $(STAMP) system-deps
	@mkdir -p out
	@for page in $(SAMPLES); do \
	  $(BIN)/portalconv "$$page" --to docx,pdf,epub -o out/ || exit $$?; \
	done
	@echo "Done: see out/"

lint: $(STAMP)
	$(BIN)/ruff check converter tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP) system-deps
	$(BIN)/pytest

# The wheel, not the checkout, must carry styles/ and fonts: install it into a fresh venv and
# convert a sample from another directory. It must also carry py.typed and its version (the metadata's).
wheel-check: $(STAMP)
	rm -rf build/wheel-check && mkdir -p build/wheel-check
	$(BIN)/python -m build --wheel --outdir build/wheel-check/dist . >/dev/null
	$(PYTHON) -m venv build/wheel-check/venv
	build/wheel-check/venv/bin/pip install --quiet build/wheel-check/dist/*.whl
	cd build/wheel-check && venv/bin/portalconv $(CURDIR)/samples/vn-portal-news.html \
	  --to pdf,docx,epub -o installed-out/ && venv/bin/python -c \
	  "import converter.resources as r, sys; p = r.styles_dir(); print('styles from', p); \
	   sys.exit(0 if 'site-packages' in str(p) and (p / 'print.css').is_file() else 1)"
	cd build/wheel-check && venv/bin/python -c \
	  "import converter, pathlib, sys; typed = pathlib.Path(converter.__file__).with_name('py.typed'); \
	   print('version', converter.__version__, 'typed', typed.is_file()); \
	   sys.exit(0 if typed.is_file() and converter.__version__ != '0+unknown' else 1)"
	@ls -l build/wheel-check/installed-out

test: lint typecheck unit wheel-check

bench: $(STAMP)
	$(BIN)/python benchmarks/startup.py
	$(BIN)/python benchmarks/single_page.py
	$(BIN)/python benchmarks/large_page.py

clean:
	rm -rf out build dist .pytest_cache .mypy_cache .ruff_cache

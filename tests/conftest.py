from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from factories import rich_article

from converter import model

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture
def article() -> model.Article:
    return rich_article()


# Hypothesis profiles: "ci" (default, bounded) and "long" for local soak runs:
#   HYPOTHESIS_PROFILE=long pytest tests/test_fuzz.py
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile("ci", max_examples=40, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.register_profile("long", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.load_profile(__import__("os").environ.get("HYPOTHESIS_PROFILE", "ci"))
# The end-to-end hostile-page fuzz (tests/test_fuzz_hostile.py) writes documents for every example: a
# fifth of the loaded profile's examples (8 under "ci"), and its tests take fewer still for DOCX and PDF.
settings.register_profile("hostile", settings(settings(), max_examples=max(4, settings().max_examples // 5)))

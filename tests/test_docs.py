"""The instructor's documents are true to their sources."""

from __future__ import annotations

import pytest
from support import ROOT

pytestmark = pytest.mark.unit

SHARED_SPEC = ROOT.parent / "shared" / "EXAM_SPEC.md"


@pytest.mark.skipif(not SHARED_SPEC.is_file(), reason="no ../shared/EXAM_SPEC.md beside this checkout")
def test_the_exam_contract_in_docs_is_the_shared_one():
    assert (ROOT / "docs" / "EXAM_SPEC.md").read_text() == SHARED_SPEC.read_text(), (
        "docs/EXAM_SPEC.md differs from ../shared/EXAM_SPEC.md: copy it over"
    )

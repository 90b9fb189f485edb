"""Reading the pages the course writes as their readers do, and the judge's code that feedback must never show."""

from __future__ import annotations

import html
import re
from pathlib import Path


def visible_text(page: str) -> str:
    """What a reader of an HTML page sees: tags dropped (code is split into highlighted spans), entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def judge_code_lines(path: Path) -> set[str]:
    """Distinctive code lines of a judge module (its probes, references and comparisons); the explanations it
    writes for feedback (string lines) are meant to be read."""
    lines = {line.strip() for line in path.read_text().splitlines()}
    return {line for line in lines if len(line) >= 24 and not line.startswith(('"', "'", "f'", 'f"', "#"))}

"""The intake check of `mlexam autograde` on its own: each kind of bad submission, without nbgrader (the folder's
links, special files and caps are in `test_isolation.py`)."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from mlexam.course.grading.collect import collect
from mlexam.course.grading.intake import IntakeLimits, check_submission

pytestmark = pytest.mark.unit

LIMITS = IntakeLimits()


def notebook(text: str = "x = 1", output: str = "") -> nbformat.NotebookNode:
    cell = new_code_cell(text, outputs=[new_output("stream", name="stdout", text=output)] if output else [])
    return new_notebook(cells=[new_markdown_cell("# Intro"), cell])


def folder(tmp_path: Path, files: dict[str, bytes | str | nbformat.NotebookNode]) -> Path:
    """Write `files` into a submission folder."""
    (tmp_path / "sub").mkdir(parents=True, exist_ok=True)
    for rel, content in files.items():
        path = tmp_path / "sub" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, nbformat.NotebookNode):
            content = nbformat.writes(content)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    return tmp_path / "sub"


def check(tmp_path, files, notebooks=("hw",), extra_known=(), limits=LIMITS):
    """The intake check of `files`, collected as the coordinator collects a submission."""
    with collect(folder(tmp_path, files), tmp_path, [], limits) as found:
        return check_submission(found, list(notebooks), {"timestamp.txt", *extra_known}, limits)


def test_a_good_submission_goes_through_untouched(tmp_path):
    intake = check(tmp_path, {"hw.ipynb": notebook(), "timestamp.txt": "2026-01-15 10:00:00 UTC"})
    assert not intake.rejected and intake.notes == [] and intake.reason is None
    assert intake.files == {
        "hw.ipynb": (tmp_path / "sub" / "hw.ipynb").read_bytes(),
        "timestamp.txt": b"2026-01-15 10:00:00 UTC",
    }


def good_text() -> str:
    return nbformat.writes(notebook())


def bad_source() -> str:
    """A notebook whose code cell's source is a number: JSON, nbformat 4, invalid against the schema."""
    nb = json.loads(good_text())
    nb["cells"][1]["source"] = 5
    return json.dumps(nb)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "hw.ipynb is an empty file (0 bytes)"),
        (good_text()[:40], "hw.ipynb is not JSON: "),
        ("{not json", "hw.ipynb is not JSON: Expecting property name enclosed in double quotes at line 1, column 2"),
        (
            good_text().replace("# Intro", "caf\u00e9").encode("latin-1"),
            "hw.ipynb is not UTF-8 text: byte 0xe9 at offset",
        ),
        ("[1, 2]", "hw.ipynb is JSON but not a notebook"),
        ('{"cells": []}', "hw.ipynb is JSON but not a notebook"),
        (good_text().replace('"nbformat": 4', '"nbformat": 5'), "hw.ipynb is nbformat 5, which nbformat cannot read"),
        (bad_source(), "hw.ipynb is not a valid notebook: 5 is not valid"),
        (good_text().replace('"cell_type": "code"', '"cell_type": "spreadsheet"'), "hw.ipynb is not a valid notebook"),
    ],
)
def test_an_unreadable_notebook_is_rejected_with_the_reason_in_words(tmp_path, content, expected):
    intake = check(tmp_path, {"hw.ipynb": content})
    assert intake.rejected
    assert intake.reason is not None and intake.reason.startswith(expected), intake.reason


def test_not_json_says_where(tmp_path):
    text = good_text()
    cut = text[: text.index('"cell_type"', text.index('"cell_type"') + 1)]
    reason = check(tmp_path, {"hw.ipynb": cut}).reason
    assert reason is not None and f"at line {cut.count(chr(10)) + 1}, column" in reason


def test_not_utf8_gives_the_byte_offset(tmp_path):
    text = good_text().replace("# Intro", "caf\u00e9")
    data = text.encode("latin-1")
    reason = check(tmp_path, {"hw.ipynb": data}).reason
    assert reason == f"hw.ipynb is not UTF-8 text: byte 0xe9 at offset {data.index(b'caf') + 3} (another encoding?)"


def test_a_schema_error_says_where(tmp_path):
    reason = check(tmp_path, {"hw.ipynb": bad_source()}).reason
    assert reason is not None and "(at cells/1/source)" in reason


def test_cell_ids_nbformat_can_fix_are_no_problem(tmp_path):
    nb = json.loads(good_text())
    del nb["cells"][0]["id"]
    nb["cells"][1]["id"] = "same"
    nb["cells"].append({**nb["cells"][1]})
    intake = check(tmp_path, {"hw.ipynb": json.dumps(nb)})
    assert not intake.rejected and intake.files["hw.ipynb"] == json.dumps(nb).encode()


def test_nbformat_3_is_graded_from_its_conversion_to_4(tmp_path):
    v3 = nbformat.convert(notebook("answer = 42"), 3)
    intake = check(tmp_path, {"hw.ipynb": v3})
    assert not intake.rejected
    assert intake.notes == ["hw.ipynb is nbformat 3: graded as nbformat converted it to 4 (as JupyterLab opens it)"]
    converted = nbformat.reads(intake.files["hw.ipynb"].decode(), as_version=nbformat.NO_CONVERT)
    assert converted.nbformat == 4 and converted.cells[1].source == "answer = 42"
    nbformat.validate(converted)


def test_enormous_outputs_are_stripped_from_the_copy_the_worker_gets(tmp_path):
    limits = IntakeLimits(notebook_mb=0.5)
    intake = check(tmp_path, {"hw.ipynb": notebook("print('x' * 10**6)", output="x" * 10**6)}, limits=limits)
    assert not intake.rejected
    assert intake.notes == ["hw.ipynb is 1.0 MB with its outputs: graded from a copy without them"]
    copy = nbformat.reads(intake.files["hw.ipynb"].decode(), as_version=4)
    assert copy.cells[1].outputs == [] and copy.cells[1].source == "print('x' * 10**6)"


def test_a_notebook_too_large_without_outputs_or_to_read_is_rejected(tmp_path):
    big_source = check(tmp_path, {"hw.ipynb": notebook("#" * 10**6)}, limits=IntakeLimits(notebook_mb=0.5))
    assert big_source.reason == "hw.ipynb is 1.0 MB even without outputs, over 0.5 MB"
    huge = check(tmp_path, {"hw.ipynb": notebook(output="x" * 10**6)}, limits=IntakeLimits(max_notebook_mb=0.5))
    assert huge.reason == "hw.ipynb is 1.0 MB, over 0.5 MB: not read"


def test_a_renamed_notebook_is_rejected_with_a_hint(tmp_path):
    intake = check(tmp_path, {"hw (1).ipynb": notebook(), "Untitled.ipynb": notebook(), "timestamp.txt": "t"})
    assert intake.reason == (
        "hw.ipynb is missing; found 'hw (1).ipynb', 'Untitled.ipynb', which are not part of the assignment: "
        "renamed or moved?"
    )
    moved = check(tmp_path / "b", {"hw/hw.ipynb": notebook()})
    assert (
        moved.reason
        == "hw.ipynb is missing; found 'hw/hw.ipynb', which is not part of the assignment: renamed or moved?"
    )


def test_a_submission_without_any_notebook_is_rejected(tmp_path):
    intake = check(tmp_path, {"notes.txt": "sorry", "timestamp.txt": "t"})
    assert intake.reason == "no notebook submitted: 'hw.ipynb' missing (the folder holds 'notes.txt', 'timestamp.txt')"
    assert check(tmp_path / "empty", {}).reason == "no notebook submitted: 'hw.ipynb' missing (the folder is empty)"


def test_extra_files_are_kept_and_noted_and_big_ones_left_out(tmp_path):
    files = {
        "hw.ipynb": notebook(),
        "timestamp.txt": "t",
        "data.csv": "a,b\n",  # the assignment's own file (in source/): not extra
        "notes.txt": "hello",
        "scratch.ipynb": notebook(),
        "sub/helper.py": "x = 1\n",
        "video.mp4": b"\0" * (600 * 1024),
    }
    intake = check(tmp_path, files, extra_known={"data.csv"}, limits=IntakeLimits(extra_file_mb=0.5))
    assert not intake.rejected
    assert intake.notes == [
        "extra files kept, not graded: 'notes.txt', 'scratch.ipynb', 'sub/helper.py'",
        "extra files left out (over 0.5 MB): video.mp4 (0.6 MB)",
    ]
    assert sorted(intake.files) == [
        "data.csv",
        "hw.ipynb",
        "notes.txt",
        "scratch.ipynb",
        "sub/helper.py",
        "timestamp.txt",
    ]


# ------------------------------------------------------------------------ an assignment with several notebooks


def test_one_broken_notebook_rejects_the_whole_submission_and_names_each_broken_one(tmp_path):
    files = {"a.ipynb": notebook(), "b.ipynb": b"", "c.ipynb": "{"}
    intake = check(tmp_path, files, notebooks=("a", "b", "c"))
    assert intake.problems == [
        "b.ipynb is an empty file (0 bytes)",
        "c.ipynb is not JSON: Expecting property name enclosed in double quotes at line 1, column 2",
    ]


def test_a_notebook_left_out_gets_zero_unless_something_else_is_there_instead(tmp_path):
    skipped = check(tmp_path / "1", {"a.ipynb": notebook()}, notebooks=("a", "b"))
    assert not skipped.rejected
    assert skipped.notes == ["b.ipynb not submitted: zero for its cells (as nbgrader gives)"]
    renamed = check(tmp_path / "2", {"a.ipynb": notebook(), "b_final.ipynb": notebook()}, notebooks=("a", "b"))
    assert renamed.problems == [
        "b.ipynb is missing; found 'b_final.ipynb', which is not part of the assignment: renamed or moved?"
    ]


@pytest.mark.parametrize(
    "content",
    [
        '{"nbformat": 4, "cells": "x"}',
        '{"nbformat": 4, "cells": [1, null]}',
        '{"nbformat": 4, "nbformat_minor": "five", "cells": []}',
        '{"nbformat": 4, "cells": [{"cell_type": "code"}]}',
        '{"nbformat": 3, "worksheets": 5}',
        '{"nbformat": 2, "worksheets": [{"cells": [7]}]}',
        '{"nbformat": 1, "cells": {}}',
        '{"nbformat": true, "cells": []}',
        '{"nbformat": -1, "cells": []}',
        "[" * 100_000 + "]" * 100_000,
        '{"nbformat": 4, "cells": ' + "[" * 50_000 + "]" * 50_000 + "}",
        "\ufeff" + good_text(),
    ],
)
def test_no_notebook_breaks_the_check_itself(tmp_path, content):
    intake = check(tmp_path, {"hw.ipynb": content})
    assert intake.rejected and intake.reason and intake.reason.startswith("hw.ipynb "), intake.reason

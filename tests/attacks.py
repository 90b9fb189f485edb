"""Submissions that try to win points they did not earn, each beside the honest answer it builds on.

Each attack is a wrong answer plus a trick (code in its solution cell, or an edit of the notebook file). Graded
fairly, it earns at most what the wrong answer alone earns (`base`). `tests/test_tamper.py` grades them through
`mlexam autograde`; `tests/attack_table.py` grades them through plain `nbgrader autograde` too, for the README.
The attacks on the kernel's process and the course's files (exit, kill, loops, memory, output floods, reading
the course) are in `tests/test_engine.py`'s hostile class.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from conftest import CORPUS
from nbformat import NotebookNode

from mlexam.course.sample_class import Material
from mlexam.course.scratch import ScratchCourse

HELPERS = "comparison helpers or builtins replaced"
LOOKALIKE = "answers that agree with anything"
HOOKS = "IPython hooks: transformers, callbacks, showtraceback"
CELLS = "locked test cells edited, deleted or re-labelled"


def corpus(assignment: str, question: str, entry: str) -> str:
    return (CORPUS / assignment / question / f"{entry}.py").read_text()


WRONG_ROLES = corpus("ml_teams", "roles", "wrong_every_model_is_ml_engineer")
WRONG_STALLS = corpus("ml_teams", "stalls", "wrong_off_by_one")
WRONG_MSE = corpus("problem_setup", "mse", "wrong_sum_not_mean")

# Switch off the course's own between-cells restore (what a learner who read mlexam.testkit.guard would do).
UNHOOK = """
_ip = get_ipython()
for _event in ("pre_run_cell", "post_run_cell"):
    _ip.events.callbacks[_event] = [f for f in _ip.events.callbacks[_event] if "guard" not in f.__module__]
"""


@dataclass
class Attack:
    name: str
    kind: str
    assignment: str
    answers: dict[str, str]  # question -> solution cell (the wrong answer with the trick)
    base: dict[str, str]  # question -> the same wrong answer without the trick
    edit: Callable[[NotebookNode], None] | None = None  # an edit of the submitted notebook file
    flagged: bool = True  # whether `mlexam autograde` must name it in the tamper report


def _test_cell(nb: NotebookNode, grade_id: str) -> NotebookNode:
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def gut_hidden(nb: NotebookNode) -> None:
    cell = _test_cell(nb, "test_stalls_hidden")
    cell.source = "pass"
    cell.metadata.nbgrader["grade"] = False


def delete_tests(nb: NotebookNode) -> None:
    nb.cells = [c for c in nb.cells if not c.metadata.get("nbgrader", {}).get("grade_id", "").startswith("test_stalls")]


def relabel_tests(nb: NotebookNode) -> None:
    for grade_id, new in (("test_stalls", "my_notes"), ("test_stalls_hidden", "my_other_notes")):
        cell = _test_cell(nb, grade_id)
        cell.metadata.nbgrader.update(grade_id=new, grade=False, locked=False)
        cell.metadata.nbgrader.pop("points", None)


def raise_points(nb: NotebookNode) -> None:
    _test_cell(nb, "test_roles").metadata.nbgrader["points"] = 100


def markdown_tests(nb: NotebookNode) -> None:
    for grade_id in ("test_stalls", "test_stalls_hidden"):
        _test_cell(nb, grade_id).cell_type = "markdown"
        _test_cell(nb, grade_id).pop("outputs", None)
        _test_cell(nb, grade_id).pop("execution_count", None)


ATTACKS = [
    # ---------------------------------------------------------------- comparison helpers and builtins
    Attack(
        "builtins.sum replaced",
        HELPERS,
        "ml_teams",
        {"roles": WRONG_ROLES + "\nimport builtins\nbuiltins.sum = lambda *args, **kwargs: 10\n"},
        {"roles": WRONG_ROLES},
    ),
    Attack(
        "a notebook-level sum",
        HELPERS,
        "ml_teams",
        {"roles": WRONG_ROLES + "\n\ndef sum(*args, **kwargs):\n    return 10\n"},
        {"roles": WRONG_ROLES},
    ),
    Attack(
        "the digest helper replaced",
        HELPERS,
        "ml_teams",
        {
            "roles": WRONG_ROLES
            + "\nimport mlexam.testkit\nimport mlexam.testkit.digest\n"
            + "mlexam.testkit.digest_matches = mlexam.testkit.digest.digest_matches = lambda *a, **k: True\n"
        },
        {"roles": WRONG_ROLES},
    ),
    Attack(
        "guard switched off, then builtins.sum replaced",
        HELPERS,
        "ml_teams",
        {"roles": WRONG_ROLES + UNHOOK + "import builtins\nbuiltins.sum = lambda *args, **kwargs: 10\n"},
        {"roles": WRONG_ROLES},
    ),
    Attack(
        "torch.allclose replaced",
        HELPERS,
        "problem_setup",
        {"mse": WRONG_MSE + "\ntorch.allclose = lambda *args, **kwargs: True\n"},
        {"mse": WRONG_MSE},
    ),
    Attack(
        "torch.allclose replaced while the test runs",
        HELPERS,
        "problem_setup",
        {
            "mse": WRONG_MSE.replace(
                "def mse(pred, target):", "def mse(pred, target):\n    torch.allclose = lambda *a, **k: True", 1
            )
        },
        {"mse": WRONG_MSE},
    ),
    # ---------------------------------------------------------------- look-alike answers
    Attack(
        "a list that equals anything",
        LOOKALIKE,
        "ml_teams",
        {
            "stalls": "class Agree(list):\n    def __eq__(self, other):\n        return True\n\n"
            "    def __ne__(self, other):\n        return False\n\n\n"
            "def stalled_weeks(accuracy, min_gain=0.005):\n    return Agree([2, 3])\n"
        },
        {"stalls": WRONG_STALLS},
        flagged=False,
    ),
    Attack(
        "strings that equal every role",
        LOOKALIKE,
        "ml_teams",
        {
            "roles": "class AnyRole(str):\n    def __eq__(self, other):\n        return True\n\n"
            "    __hash__ = str.__hash__\n\n\nROLE_FOR = {item: AnyRole('devops') for item in ROLE_ITEMS}\n"
        },
        {"roles": "ROLE_FOR = {item: 'devops' for item in ROLE_ITEMS}\n"},
        flagged=False,
    ),
    Attack(
        "a tensor that is close to anything",
        LOOKALIKE,
        "problem_setup",
        {
            "mse": "class Liar(torch.Tensor):\n    @classmethod\n"
            "    def __torch_function__(cls, func, types, args=(), kwargs=None):\n"
            "        if func in (torch.allclose, torch.Tensor.allclose, torch.isclose, torch.equal):\n"
            "            return True\n"
            "        return super().__torch_function__(func, types, args, kwargs or {})\n\n\n"
            "def mse(pred, target):\n    if pred.shape != target.shape:\n        raise ValueError('shapes differ')\n"
            "    return (((pred - target) ** 2).mean() + 0.5).as_subclass(Liar)\n"
        },
        {
            "mse": "def mse(pred, target):\n    if pred.shape != target.shape:\n"
            "        raise ValueError('shapes differ')\n    return ((pred - target) ** 2).mean() + 0.5\n"
        },
        flagged=False,
    ),
    # ---------------------------------------------------------------- how later cells run
    Attack(
        "input transformer blanks the tests",
        HOOKS,
        "ml_teams",
        {
            "stalls": WRONG_STALLS + UNHOOK + "_ip.input_transformers_post.append(\n"
            "    lambda lines: ['pass\\n'] if any('stalled_weeks(' in line for line in lines) else lines)\n"
        },
        {"stalls": WRONG_STALLS},
    ),
    Attack(
        "AST transformer drops asserts",
        HOOKS,
        "ml_teams",
        {
            "stalls": WRONG_STALLS + UNHOOK + "import ast\n\n\nclass NoAsserts(ast.NodeTransformer):\n"
            "    def visit_Assert(self, node):\n        return ast.Pass()\n\n\n"
            "_ip.ast_transformers.append(NoAsserts())\n"
        },
        {"stalls": WRONG_STALLS},
    ),
    Attack(
        "showtraceback silenced",
        HOOKS,
        "ml_teams",
        {"stalls": WRONG_STALLS + UNHOOK + "_ip.showtraceback = lambda *args, **kwargs: None\n"},
        {"stalls": WRONG_STALLS},
    ),
    Attack(
        "a callback re-patches before every cell",
        HOOKS,
        "ml_teams",
        {
            "roles": WRONG_ROLES
            + "\nimport builtins\n\n\ndef _cheat(info):\n    builtins.sum = lambda *args, **kwargs: 10\n\n\n"
            "get_ipython().events.register('pre_run_cell', _cheat)\n"
        },
        {"roles": WRONG_ROLES},
    ),
    # ---------------------------------------------------------------- the notebook file's test cells
    Attack(
        "hidden test cell gutted and un-graded",
        CELLS,
        "ml_teams",
        {"stalls": WRONG_STALLS},
        {"stalls": WRONG_STALLS},
        edit=gut_hidden,
    ),
    Attack(
        "test cells deleted", CELLS, "ml_teams", {"stalls": WRONG_STALLS}, {"stalls": WRONG_STALLS}, edit=delete_tests
    ),
    Attack(
        "test cells re-labelled as notes",
        CELLS,
        "ml_teams",
        {"stalls": WRONG_STALLS},
        {"stalls": WRONG_STALLS},
        edit=relabel_tests,
    ),
    Attack(
        "test cells turned into markdown",
        CELLS,
        "ml_teams",
        {"stalls": WRONG_STALLS},
        {"stalls": WRONG_STALLS},
        edit=markdown_tests,
    ),
    Attack(
        "a passing test's points raised to 100",
        CELLS,
        "ml_teams",
        {"roles": WRONG_ROLES},
        {"roles": WRONG_ROLES},
        edit=raise_points,
    ),
]


def submit_attacks(scratch: ScratchCourse, assignment: str) -> dict[str, tuple[Attack, str]]:
    """Each attack of `assignment` and its base answer as two students; student -> (attack, "attack" | "base")."""
    material = Material.of(scratch, assignment)
    students: dict[str, tuple[Attack, str]] = {}
    for i, attack in enumerate(a for a in ATTACKS if a.assignment == assignment):
        submission = material.submission(attack.answers)
        for nb in submission.values():
            if attack.edit is not None:
                attack.edit(nb)
        scratch.submit(f"attack{i:02d}", assignment, submission)
        scratch.submit(f"base{i:02d}", assignment, material.submission(attack.base))
        students[f"attack{i:02d}"] = (attack, "attack")
        students[f"base{i:02d}"] = (attack, "base")
    return students

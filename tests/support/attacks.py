"""Submissions that try to win points they did not earn, each beside the honest answer it builds on.

Each attack is a wrong answer plus a trick (code in its solution cell, or an edit of the notebook file). Graded
fairly, it earns at most what the wrong answer alone earns (`base`). One attack at least for every way the old
in-kernel checks were beaten (issue 12): nbgrader scoring a test cell by its outputs, a checker and key inside
the kernel, references computed in the kernel, "must not call" checked by name, look-alike answers.
`tests/test_tamper.py` grades them through plain `nbgrader autograde` and `mlexam autograde`;
`benchmarks/attack_table.py` prints the README's table from the same runs. The attacks on the kernel's process
and the course's files (exit, kill, loops, memory, output floods, reading the course) are in `kernel_attacks.py`'s
hostile class.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from nbformat import NotebookNode

from mlexam.course.demo.sample_class import Material
from mlexam.course.scratch import ScratchCourse
from support import CORPUS

OUTPUTS = "nbgrader scores a test cell by its outputs"
KERNEL = "the checker and its data in the kernel"
REFERENCE = "references computed in the kernel"
NAMES = '"must not call" by name'
LOOKALIKE = "answers that agree with anything"
CELLS = "locked test cells edited, deleted or re-labelled"


def corpus(assignment: str, question: str, entry: str) -> str:
    return (CORPUS / assignment / question / f"{entry}.py").read_text()


WRONG_ROLES = corpus("ml_teams", "roles", "wrong_every_model_is_ml_engineer")
WRONG_STALLS = corpus("ml_teams", "stalls", "wrong_off_by_one")
WRONG_MSE = corpus("problem_setup", "mse", "wrong_sum_not_mean")
WRONG_BCE = corpus("problem_setup", "bce", "wrong_naive_log_sigmoid")
WRONG_GRADIENT = corpus("problem_setup", "saturation", "wrong_mse_missing_factor_two")
NO_CROSS_ENTROPY = "def cross_entropy(logits, labels):\n    raise NotImplementedError\n"

# After every cell (the test cells included), make the cell's output say what nbgrader rewards.
AFTER_EVERY_CELL = """
def _after(result):
    {body}


get_ipython().events.register("post_run_cell", _after)
"""


def after_every_cell(body: str) -> str:
    return AFTER_EVERY_CELL.format(body=body.strip().replace("\n", "\n    "))


@dataclass
class Attack:
    name: str
    kind: str
    assignment: str
    answers: dict[str, str]  # question -> solution cell (the wrong answer with the trick)
    base: dict[str, str]  # question -> the same wrong answer without the trick
    edit: Callable[[NotebookNode], None] | None = None  # an edit of the submitted notebook file
    flagged: bool = False  # whether `mlexam autograde` must name it in the tamper report


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


FAKE_PROBE = """
import mlexam.testkit.probe as _probe
from IPython.display import display as _display


def _fake_run(source, name, payload):
    _display({_probe.MIME: {"ok": {"Deployed product": "devops"}}}, raw=True)


_probe.run = _fake_run
"""

ATTACKS = [
    # ---------------------------------------------------------------- nbgrader's points logic
    Attack(
        "a number shown in every test cell (partial credit)",
        OUTPUTS,
        "ml_teams",
        {"stalls": WRONG_STALLS + after_every_cell("get_ipython().displayhook(3)")},
        {"stalls": WRONG_STALLS},
    ),
    Attack(
        "a text result shown in every test cell (full credit)",
        OUTPUTS,
        "ml_teams",
        {"stalls": WRONG_STALLS + after_every_cell("get_ipython().displayhook('all fine')")},
        {"stalls": WRONG_STALLS},
    ),
    Attack(
        "ints printed as the maximum",
        OUTPUTS,
        "ml_teams",
        {
            "roles": WRONG_ROLES + "\nget_ipython().display_formatter.formatters['text/plain'].for_type(\n"
            "    int, lambda value, printer, cycle: printer.text('5'))\n"
        },
        {"roles": WRONG_ROLES},
    ),
    Attack(
        "tracebacks silenced",
        OUTPUTS,
        "ml_teams",
        {"stalls": WRONG_STALLS + "\nget_ipython().showtraceback = lambda *args, **kwargs: None\n"},
        {"stalls": WRONG_STALLS},
    ),
    Attack(
        "AST transformer drops asserts",
        OUTPUTS,
        "ml_teams",
        {
            "stalls": WRONG_STALLS + "import ast\n\n\nclass NoAsserts(ast.NodeTransformer):\n"
            "    def visit_Assert(self, node):\n        return ast.Pass()\n\n\n"
            "get_ipython().ast_transformers.append(NoAsserts())\n"
        },
        {"stalls": WRONG_STALLS},
    ),
    Attack(
        "input transformer blanks every cell that calls the answer",
        OUTPUTS,
        "ml_teams",
        {
            "stalls": WRONG_STALLS + "get_ipython().input_transformers_post.append(\n"
            "    lambda lines: ['pass\\n'] if any('stalled_weeks' in line for line in lines) else lines)\n"
        },
        {"stalls": WRONG_STALLS},
    ),
    # ---------------------------------------------------------------- the checker and its data in the kernel
    Attack(
        "the probe runtime replaced by one that reports a made-up answer",
        KERNEL,
        "ml_teams",
        {"roles": WRONG_ROLES + FAKE_PROBE},
        {"roles": WRONG_ROLES},
    ),
    Attack(
        "a second, made-up result after every probe",
        KERNEL,
        "ml_teams",
        {
            "roles": WRONG_ROLES
            + after_every_cell(
                "from IPython.display import display\n"
                "display({'application/vnd.mlexam.probe+json': {'ok': {'Deployed product': 'devops'}}}, raw=True)"
            )
        },
        {"roles": WRONG_ROLES},
        flagged=True,
    ),
    Attack(
        "secrets looked for in the environment and the course's files",
        KERNEL,
        "ml_teams",
        {
            "stalls": WRONG_STALLS + "import glob, os\n"
            "_found = [open(f).read() for f in glob.glob('../../../source/judge_secret.txt')]\n"
            "_found += [open('/proc/self/environ', 'rb').read().decode(errors='replace')]\n"
            "print('secret' if any('MLEXAM_JUDGE_SECRET' in f or len(f) == 65 for f in _found) else 'none')\n"
        },
        {"stalls": WRONG_STALLS},
    ),
    # ---------------------------------------------------------------- references computed in the kernel
    Attack(
        "torch.allclose replaced",
        REFERENCE,
        "problem_setup",
        {"mse": WRONG_MSE + "\ntorch.allclose = lambda *args, **kwargs: True\n"},
        {"mse": WRONG_MSE},
    ),
    Attack(
        "Tensor.mean made a sum, so that an in-kernel reference agrees",
        REFERENCE,
        "problem_setup",
        {"mse": WRONG_MSE + "\ntorch.Tensor.mean = torch.Tensor.sum\n"},
        {"mse": WRONG_MSE},
    ),
    Attack(
        "a fake torch.nn.functional in sys.modules",
        REFERENCE,
        "problem_setup",
        {
            "bce": WRONG_BCE + "\nimport sys, types\n_fake = types.ModuleType('torch.nn.functional')\n"
            "_fake.__dict__.update(vars(torch.nn.functional))\n"
            "_fake.binary_cross_entropy_with_logits = lambda z, y, *a, **k: bce_with_logits(z, y)\n"
            "sys.modules['torch.nn.functional'] = torch.nn.functional = _fake\n"
        },
        {"bce": WRONG_BCE},
    ),
    Attack(
        "a float that reads the expected value out of the test's frame",
        REFERENCE,
        "problem_setup",
        {
            "saturation": WRONG_GRADIENT.replace("def logit_gradient", "def _wrong_gradient")
            + "\nimport inspect\n\n\nclass Sly(float):\n    def _expected(self):\n"
            "        frame = inspect.currentframe().f_back.f_back\n"
            "        for name in ('_r', 'ref', 'expected', '_want'):\n"
            "            if name in frame.f_locals:\n                return frame.f_locals[name]\n"
            "        return float(self)\n\n    def __sub__(self, other):\n"
            "        return float(self._expected()) - other\n\n    def __eq__(self, other):\n        return True\n\n"
            "    __hash__ = float.__hash__\n\n\n"
            "def logit_gradient(loss, logit, target):\n    return Sly(_wrong_gradient(loss, logit, target))\n"
        },
        {"saturation": WRONG_GRADIENT},
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
    ),
    # ---------------------------------------------------------------- "must not call" by name
    Attack(
        "the banned log_softmax imported before the ban, under another name",
        NAMES,
        "problem_setup",
        {
            "cross_entropy": "from torch.nn.functional import log_softmax as _stable\n\n\n"
            "def cross_entropy(logits, labels):\n"
            "    return -_stable(logits, dim=1)[torch.arange(len(labels)), labels].mean()\n"
        },
        {"cross_entropy": NO_CROSS_ENTROPY},
    ),
    Attack(
        "the banned operation called through torch.ops.aten",
        NAMES,
        "problem_setup",
        {
            "cross_entropy": "def cross_entropy(logits, labels):\n"
            "    op = getattr(torch.ops.aten, '_log_' + 'softmax')\n"
            "    return -op(logits, 1, False)[torch.arange(len(labels)), labels].mean()\n"
        },
        {"cross_entropy": NO_CROSS_ENTROPY},
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

# Honest answers that must lose nothing: the reference, printing, warning, writing to stderr, a function shown as
# a cell's result (IPython's `_` then holds a function), private helpers named like a test's.
HONEST = {
    "ml_teams": {
        "reference": {},
        "noisy": {
            "stalls": "import sys, warnings\n\n\ndef _run(accuracy, min_gain):\n"
            "    return [i for i in range(1, len(accuracy)) if accuracy[i] - accuracy[i - 1] < min_gain]\n\n\n"
            "def stalled_weeks(accuracy, min_gain=0.005):\n    print('checking', len(accuracy), 'weeks')\n"
            "    warnings.warn('a note from my code')\n    print('to stderr', file=sys.stderr)\n"
            "    return _run(accuracy, min_gain)\n\n\nstalled_weeks\n"
        },
    },
    "problem_setup": {
        "reference": {},
        "noisy": {
            "mse": "import sys\n\n\ndef mse(pred, target):\n    if pred.shape != target.shape:\n"
            "        raise ValueError(f'shapes {tuple(pred.shape)} and {tuple(target.shape)}')\n"
            "    print('mse of', tuple(pred.shape), file=sys.stderr)\n"
            "    return ((pred - target) ** 2).mean()\n\n\nmse\n"
        },
    },
}


def submit_attacks(scratch: ScratchCourse, assignment: str) -> dict[str, tuple[Attack, str]]:
    """Each attack of `assignment` as a student, and each distinct base answer once; student -> (attack, role),
    role "attack" or the base's student name. Honest students are `honest_<name>`, with role "honest"."""
    material = Material.of(scratch, assignment)
    students: dict[str, tuple[Attack | None, str]] = {}
    bases: dict[str, str] = {}
    for i, attack in enumerate(a for a in ATTACKS if a.assignment == assignment):
        submission = material.submission(attack.answers)
        for nb in submission.values():
            if attack.edit is not None:
                attack.edit(nb)
        scratch.submit(f"attack{i:02d}", assignment, submission)
        key = repr(sorted(attack.base.items()))
        if key not in bases:
            bases[key] = f"base{len(bases):02d}"
            scratch.submit(bases[key], assignment, material.submission(attack.base))
        students[f"attack{i:02d}"] = (attack, bases[key])
    for name, answers in HONEST[assignment].items():
        scratch.submit(f"honest_{name}", assignment, material.submission(answers))
        students[f"honest_{name}"] = (None, "honest")
    return students


@dataclass
class Graded:
    """One class of attacks graded both ways: scores per student and question, and the engine's records."""

    students: dict[str, tuple[Attack | None, str]]
    plain: dict  # student -> question -> QuestionScore, from plain `nbgrader autograde`
    engine: dict  # the same from `mlexam autograde` (bubblewrap)
    records: dict[str, dict]  # student -> the engine's timing-log record (status, reason, tamper)
    plain_failed: set[str]


def grade_both(scratch: ScratchCourse, assignment: str, engine_root) -> Graded:
    """Submit the attacks of `assignment`, copy the course, grade one copy with plain nbgrader and the other with
    `mlexam autograde --sandbox bwrap`."""
    import json

    from mlexam.course.scores import read_scores
    from support.engine_course import copy_course, mlexam

    students = submit_attacks(scratch, assignment)
    engine = copy_course(scratch.root, engine_root)
    plain_failed = scratch.autograde(assignment)
    run = mlexam(engine, "autograde", assignment, "--workers", "2", "--sandbox", "bwrap")
    assert run.returncode == 0, run.stdout + run.stderr
    log = engine / "logs" / "autograde" / f"{assignment}.jsonl"
    records = {r["student"]: r for r in map(json.loads, log.read_text().splitlines())}
    plain = read_scores(scratch.db_url, assignment)
    ours = read_scores(f"sqlite:///{engine / 'gradebook.db'}", assignment)
    return Graded(students, plain, ours, records, plain_failed)


def total(scores: dict, student: str) -> float:
    return sum(q.score for q in scores[student].values() if not q.manual)

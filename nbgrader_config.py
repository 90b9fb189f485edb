"""nbgrader configuration of the course, read by `nbgrader` and by `mlexam` in this folder."""

c = get_config()  # noqa: F821

c.CourseDirectory.course_id = "ml-teams-exam"

# The exam's six assignments, in teaching order (`mlexam` builds, checks and grades these).
c.MlExam.assignments = [
    "ml_teams",
    "problem_setup",
    "algorithms",
    "conventions",
    "ml_theory",
    "ml_debugging",
]

# Student code runs under these limits when nbgrader executes a notebook.
c.Execute.timeout = 60  # seconds per cell
c.Execute.interrupt_on_timeout = True
c.LimitOutput.max_lines = 200  # lines of output kept per cell
c.LimitOutput.max_traceback = 40  # lines of traceback kept per error
c.OverwriteCells.add_missing_cells = True  # a deleted test cell is put back, and runs, rather than scored blank

# The kernel computes, a trusted judge decides: every graded test cell is scored by its judge
# (source/<assignment>/<notebook>_judge.py), outside the kernel, never by what the kernel printed.
# (The mlexam modules imported below are listed in mlexam/course/module_names.py, and a test checks this file.)
try:
    from nbgrader.converters.autograde import Autograde

    from mlexam.course.judging.preprocessors import with_judges

    c.Autograde.autograde_preprocessors = with_judges(Autograde.class_traits()["autograde_preprocessors"].default())
except ImportError:  # a learner copy has no judges, and does not autograde
    pass

# Feedback shows each test's result, points and message, never the hidden tests (nbgrader #917, #1363).
try:
    from mlexam.course.reporting.feedback import FEEDBACK_PREPROCESSORS
except ImportError:  # a learner copy (`mlexam publish`) has no mlexam.course: at least drop the hidden code
    from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
    from nbgrader.preprocessors import ClearHiddenTests, GetGrades

    FEEDBACK_PREPROCESSORS = [GetGrades, ClearHiddenTests, CSSHTMLHeaderPreprocessor]
c.GenerateFeedback.preprocessors = FEEDBACK_PREPROCESSORS

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
# Judges and the course's secret stay in source/: never copied into a release, a submission or a graded copy.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "*.png", "*_judge.py", "judge_secret.txt"]

"""The instructor's tooling behind the `mlexam` command, one folder per step of the flow:

- `authoring`: build the student version, lint, the leak checks, the instructor's self-test (`mlexam check`);
- `judging`: the trusted judges that decide each graded cell, outside the learner's kernel (plain nbgrader and
  the engine both run them);
- `grading`: `mlexam autograde`, the parallel sandboxed engine;
- `reporting`: the class report and the feedback learners get;
- `publishing`: the learner's copy of the repository;
- `demo`: a sample class graded end to end;
- `hub`: a JupyterHub for a class on one machine.

Shared by them: `coursedir` (the course, over nbgrader's CourseDirectory), `markers` (nbgrader's solution and
hidden-test delimiters), `notebooks`, `scores` (test cells summed into question scores), `scratch` (nbgrader runs
in a scratch course), `nbgrader_run`, `module_names`, and `cli`.
"""

"""mlexam: the "ML Teams" practice exam for ML engineering interviews, as autograded Jupyter notebooks.

- `mlexam.learner`: what the notebooks import (setup, data, plots, explorers).
- `mlexam.testkit`: the kernel's side of grading (probes that hand plain data to the judges).
- `mlexam.course`: the instructor's tooling behind the `mlexam` command.
"""

__version__ = "0.1.0"

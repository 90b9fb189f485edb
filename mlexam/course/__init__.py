"""The instructor's tooling behind the `mlexam` command: build, check, grade, demo."""

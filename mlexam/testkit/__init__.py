"""The kernel's side of grading: `probe.run` calls the learner's functions and hands back plain data.

It holds no answers, no references and no keys, and decides nothing: judges outside the kernel do
(`mlexam.course.judging`, with the judge modules in the instructor's `source/`).
"""

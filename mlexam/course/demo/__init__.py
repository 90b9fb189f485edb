"""The demo: a sample class made from the corpus (`sample_class`), graded and shown (`demo`)."""

"""Scaffolding the course notebooks import: setup, data helpers, plots and explorers."""

from mlexam.learner.runtime import setup_notebook

__all__ = ["setup_notebook"]

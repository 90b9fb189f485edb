"""Publishing: the learner's copy of the repository, with nothing a learner must not read (`publish`)."""

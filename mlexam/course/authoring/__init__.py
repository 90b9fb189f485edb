"""Authoring: build the student version (`build`), lint the source notebooks (`lint`), find solution and
hidden-test lines where learners could read them (`leaks`), and the instructor's self-test of an assignment
(`check`)."""

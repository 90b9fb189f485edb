"""`mlexam hub`: a JupyterHub for one class on one machine, with nbgrader's exchange between its users."""


class HubError(RuntimeError):
    """The hub cannot be set up, started or stopped, with a message that says why."""

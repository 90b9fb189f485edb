# dict() with keyword arguments and set() built from lists.
CAUSES = dict(
    A=set(["lr_too_low"]),
    B=set(["lr_too_high", "shuffled_labels"]),
    C=set(["lr_too_high", "numerical_instability"]),
    D=set(),
)

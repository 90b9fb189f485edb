# Right causes, but lists instead of sets (the question asks for sets).
CAUSES = {
    "A": ["lr_too_low"],
    "B": ["shuffled_labels", "lr_too_high"],
    "C": ["numerical_instability", "lr_too_high"],
    "D": [],
}

# Built step by step, as one might while looking at each plot.
CAUSES = {curve: set() for curve in "ABCD"}
CAUSES["A"].add("lr_too_low")
CAUSES["B"] |= {"shuffled_labels", "lr_too_high"}
CAUSES["C"].update(["numerical_instability", "lr_too_high"])

# Right: the same sets written as set("...") of the letters, in another order.
REMEDIES = {"high_variance": set("kjheca"), "high_bias": set("gfdb")}

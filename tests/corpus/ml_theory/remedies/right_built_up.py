# Right: sets built from lists and unions, named by what the remedies do.
more_capacity = {"b", "f"}
less_constraint = set(["g", "d"])
more_data = {"a", "h"}
less_capacity = {"j", "e"} | {"c", "k"}
REMEDIES = dict(high_bias=more_capacity | less_constraint, high_variance=more_data.union(less_capacity))

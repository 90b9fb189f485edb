# Right: built from the trades, each counted for the side it lowers; a helper named _side, printed.
_TRADES = {"b": "bias", "d": "bias", "f": "bias", "g": "bias", "c": "variance", "e": "variance",
           "j": "variance", "k": "variance"}
_VARIANCE_ONLY = ("a", "h")


def _side(problem):
    wanted = problem.split("_")[1]
    return {letter for letter, lowers in _TRADES.items() if lowers == wanted}


REMEDIES = {"high_bias": _side("high_bias"), "high_variance": _side("high_variance") | set(_VARIANCE_ONLY)}
print(REMEDIES)

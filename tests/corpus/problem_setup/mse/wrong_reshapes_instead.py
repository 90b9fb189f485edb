# Wrong: "fixes" a mismatch by reshaping pred to the target's shape instead of refusing it.
def mse(pred, target):
    pred = pred.reshape(target.shape)
    return ((pred - target) ** 2).mean()

# Healthy run with plain SGD at 0.01: it does not fit the batch in 200 steps.
# mlexam: extends the reference answer
def curve_healthy():
    model = make_model(0)
    return train_on_batch(model, x, y, nn.functional.cross_entropy, torch.optim.SGD(model.parameters(), lr=1e-2), 200)

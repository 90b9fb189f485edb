# 'Too low' with Adam at 1e-3: it still learns a lot in 200 steps.
# mlexam: extends the reference answer
def curve_lr_too_low():
    model = make_model(0)
    return train_on_batch(model, x, y, nn.functional.cross_entropy, torch.optim.Adam(model.parameters(), lr=1e-3), 200)

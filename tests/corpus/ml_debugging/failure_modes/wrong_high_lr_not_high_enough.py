# 'Too high' with Adam at 0.3: it still converges.
# mlexam: extends the reference answer
def curve_lr_too_high():
    model = make_model(0)
    return train_on_batch(model, x, y, nn.functional.cross_entropy, torch.optim.Adam(model.parameters(), lr=0.3), 200)

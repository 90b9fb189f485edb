# A big model trained at a learning rate so high it fails: blames the size for the learning rate.
# mlexam: extends the reference answer
def curve_too_big_model():
    model = make_model(0, hidden=256, depth=3)
    return train_on_batch(model, x, y, nn.functional.cross_entropy, torch.optim.SGD(model.parameters(), lr=20.0), 200)

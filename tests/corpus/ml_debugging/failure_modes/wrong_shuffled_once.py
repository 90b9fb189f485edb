# Labels shuffled once, before training: the model simply fits the new labels.
# mlexam: extends the reference answer
def curve_shuffled_labels():
    perm = torch.randperm(len(y))
    model = make_model(0)
    return train_on_batch(model, x, y[perm], nn.functional.cross_entropy, torch.optim.Adam(model.parameters(), lr=1e-2), 200)

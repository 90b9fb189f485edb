# nn.CrossEntropyLoss module, model.zero_grad() and float().
def train_step(model, optimizer, x, y):
    criterion = nn.CrossEntropyLoss()
    model.train(True)
    model.zero_grad()
    logits = model(x)
    loss = criterion(logits, y)
    loss.backward()
    optimizer.step()
    return float(loss)

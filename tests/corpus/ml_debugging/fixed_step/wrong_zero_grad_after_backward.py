# Zeroes the gradients after backward: the step never moves the weights.
def train_step(model, optimizer, x, y):
    model.train()
    loss = nn.functional.cross_entropy(model(x), y)
    loss.backward()
    optimizer.zero_grad()
    optimizer.step()
    return loss.item()

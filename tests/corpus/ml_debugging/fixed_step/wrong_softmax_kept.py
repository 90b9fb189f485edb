# Keeps the softmax before the cross-entropy.
def train_step(model, optimizer, x, y):
    model.train()
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(torch.softmax(model(x), dim=1), y)
    loss.backward()
    optimizer.step()
    return loss.item()

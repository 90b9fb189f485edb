# Cross-entropy written with log_softmax and gather; zero_grad(set_to_none=False).
def train_step(model, optimizer, x, y):
    model.train()
    optimizer.zero_grad(set_to_none=False)
    log_probs = torch.log_softmax(model(x), dim=1)
    loss = -log_probs.gather(1, y.unsqueeze(1)).mean()
    loss.backward()
    optimizer.step()
    return loss.item()

# A while loop, model.zero_grad(set_to_none=False) and float() instead of .item().
def train_on_batch(model, x, y, loss_fn, optimizer, steps):
    history = []
    step = 0
    while step < steps:
        model.zero_grad(set_to_none=False)
        optimizer.zero_grad()
        output = model(x)
        loss = loss_fn(output, y)
        history.append(float(loss.detach()))
        loss.backward()
        optimizer.step()
        step += 1
    return history

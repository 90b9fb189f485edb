# Right: does not call lstm_cell: projects all inputs at once, then runs the equations inline.
def lstm_forward(xs, h0, c0, W_ih, W_hh, b_ih=None, b_hh=None):
    """Run the LSTM cell over xs (T, B, I); returns (outputs (T, B, H), (h_T, c_T))."""
    from_inputs = torch.einsum("tbi,gi->tbg", xs, W_ih)
    if b_ih is not None:
        from_inputs = from_inputs + b_ih
    if b_hh is not None:
        from_inputs = from_inputs + b_hh
    h, c = h0, c0
    hs = []
    for z_x in from_inputs:
        i, f, g, o = (z_x + h @ W_hh.T).chunk(4, dim=-1)
        c = f.sigmoid() * c + i.sigmoid() * g.tanh()
        h = o.sigmoid() * c.tanh()
        hs.append(h)
    return torch.stack(hs, dim=0), (h, c)

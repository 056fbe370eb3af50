"""The many-state, many-year world in which the models act together (Monte Carlo sweeps)."""

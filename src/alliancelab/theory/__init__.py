"""Formal models of the seeds, one module per model: formation, selectorate, realignment, maintenance,
burden and legitimacy. Pure, vectorised numpy functions over frozen parameter objects."""

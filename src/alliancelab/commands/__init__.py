"""Command groups of the ``alliancelab`` CLI, one module per area; each exposes ``register(app)``."""

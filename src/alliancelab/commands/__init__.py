"""The ``alliancelab`` commands, one module per command (``realign.py`` holds ``alliancelab realign``).

Each module exposes ``register(app)`` and is listed with one line in :data:`alliancelab.cli.LAZY_COMMANDS`,
which imports it only when its command runs or shows its help. ``_common`` holds the consoles, the shared
options (``--json``, ``--plot``, ``--out``, ``--rng``) and the checks of option values; ``_parameters`` the
one mechanism that turns parameter objects into options.
"""

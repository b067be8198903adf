"""Sub-command implementations of the ``freqtrade`` CLI, one module per area."""

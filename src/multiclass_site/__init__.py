"""Build-time helpers of the documentation site (not part of the ``multiclass`` library).

``claims`` finds the claims on the pages and the property tests that check them; ``figures``
turns matplotlib figures into deterministic inline SVG that follows the colour scheme. Both run
inside markdown-exec blocks during ``mkdocs build`` and inside pytest.
"""

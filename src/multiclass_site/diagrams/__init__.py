r"""Conceptual diagrams, drawn from code at build time: the network, the pipeline, an MLP.

Each function returns a figure's HTML (:func:`multiclass_site.figures.to_svg`: ink in
``currentColor``, a text alternative and a visible caption), ready to ``print`` from an executed
block with ``html="true"``. A diagram is drawn twice, for wide screens and for phones
(:data:`~multiclass_site.diagrams.drawing.PHONE` wide, its boxes moved rather than its text shrunk).
The numbers a diagram shows are computed by the library (``softmax``, ``cross_entropy``,
``MLP.num_parameters``), never typed, and its text alternative states the same numbers. Classes
and layers are numbered from 1, as in the text.

Modules: :mod:`.network`, :mod:`.pipeline`, :mod:`.mlp`, and :mod:`.drawing` for what they share.
"""

from multiclass_site.diagrams.drawing import Drawing
from multiclass_site.diagrams.mlp import mlp_diagram, mlp_drawing
from multiclass_site.diagrams.network import linear_network, network_drawing
from multiclass_site.diagrams.pipeline import pipeline, pipeline_drawing

__all__ = [
    "Drawing",
    "linear_network",
    "mlp_diagram",
    "mlp_drawing",
    "network_drawing",
    "pipeline",
    "pipeline_drawing",
]

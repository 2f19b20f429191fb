"""Pathways: when could patients get a medicine that is still in trials, in their country, and what must happen first?

The public API lives in `pathways.api`; this package never imports Streamlit.
"""

from .api import *  # noqa: F403
from .api import __all__  # noqa: F401

__version__ = "0.1.0"

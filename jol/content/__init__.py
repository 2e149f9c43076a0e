"""Content model, YAML loader and validator: what NGO staff edit, as data."""

from jol.content.loader import ContentError, load_content
from jol.content.model import Content, Node

__all__ = ["Content", "ContentError", "Node", "load_content"]

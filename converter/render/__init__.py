"""Renderings of the model shared by several writers."""

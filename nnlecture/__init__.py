"""nnlecture's configuration layer and its presenting tools, importable without Manim.

- ``palette``: the book's colours and the two themes, with the contrast checks.
- ``slots``, ``limits``, ``catalog``: the parameter types, the work estimates checked before a
  render starts, and one short entry per scene and figure (what ``render.py list`` shows).
- ``lectures``: the lecture-file (TOML) loader; ``deck``: builds a lecture into one deck.
"""

"""Experiments that train networks and store their results (file I/O lives here, not in nnmath).

``experiments.depth``: the MNIST-1D depth experiment of the book's Fig. 20.2.
"""

"""Depth efficiency, counted: a random deep net beside a shallow net with as many parameters
(book section 4.5, Figs. 3.9 and 4.7 seen against real counts).

The bounds say how many linear regions nets of given widths *can* make; the exact engine
(:func:`nnmath.regions_2d`) says how many two particular 2-input nets *do* make on [-1, 1]^2.
"""

from __future__ import annotations

from dataclasses import dataclass

from .counting import (
    equal_parameter_width, max_regions_deep, max_regions_product, max_regions_shallow,
)
from .deep import DeepNetwork
from .presets import random_relu_network
from .regions import Partition2D, regions_2d


@dataclass(frozen=True, eq=False)
class EqualNets:
    """A random deep net and a random one-layer net with (nearly) as many parameters, counted.

    deep_lower: book eq. 4.17 for the deep widths, what one construction reaches, a lower bound
    on the most any such net makes (None unless the widths are equal and even: eq. 4.17 needs
    D a multiple of Di = 2); deep_upper: the product of the layers' Zaslavsky counts, an upper
    bound; shallow_max: Zaslavsky's count, the exact maximum of the one-layer net. Default
    (6, 6, 6), seed 3: 109 parameters each (27 units), 88 and 295 regions; bounds 5,632 /
    10,648 and 379.
    """

    deep: DeepNetwork
    shallow: DeepNetwork
    deep_regions: Partition2D
    shallow_regions: Partition2D
    deep_lower: int | None
    deep_upper: int
    shallow_max: int

    @property
    def same_parameters(self) -> bool:
        return self.deep.num_parameters == self.shallow.num_parameters


def equal_nets(widths, seed: int) -> EqualNets:
    """He-initialised 2 -> widths -> 1 and 2 -> D -> 1 (``random_relu_network``, the same seed),
    D chosen by :func:`equal_parameter_width`; both partitioned exactly on [-1, 1]^2."""
    deep = random_relu_network(widths, seed)
    units = equal_parameter_width(2, deep.num_parameters)
    shallow = random_relu_network((units,), seed)
    widths = deep.widths
    even = len(set(widths)) == 1 and widths[0] % 2 == 0
    return EqualNets(deep, shallow, regions_2d(deep), regions_2d(shallow),
                     max_regions_deep(2, widths[0], len(widths)) if even else None,
                     max_regions_product(2, widths), max_regions_shallow(2, units))

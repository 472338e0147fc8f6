"""Scale-out: the same Pipeline on a Ray cluster (`dotterel.scale.ray`, the ray extra).

Coding on several processes of one machine needs nothing from here: `dotterel code --workers N`
(see docs/scale.md).
"""

"""One walk along a path of names (``**`` any depth) for lxml trees and generated models."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lxml import etree

from eistandaard.core.paths import walk_steps
from eistandaard.core.xml import children

_TREE = etree.fromstring(
    b'<a xmlns="urn:x"><b><c>1</c><!-- c --><d><c>2</c></d></b><c>3</c><b><c>4</c></b></a>'
)


def _texts(steps: list[str]) -> list[str | None]:
    return [e.text for e in walk_steps(_TREE, steps, children)]


def test_names_follow_every_branch() -> None:
    """Plain steps reach every element on the path, in document order; no step is the start."""
    assert _texts(["b", "c"]) == ["1", "4"]
    assert _texts(["x"]) == []
    assert list(walk_steps(_TREE, [], children)) == [_TREE]


def test_double_star_is_any_depth_including_zero() -> None:
    """``**`` matches at the node itself first, then below each child (comments skipped)."""
    assert sorted(t or "" for t in _texts(["**", "c"])) == ["1", "2", "3", "4"]
    assert _texts(["**", "c"])[0] == "3"  # the start's own child before its grandchildren
    assert _texts(["b", "**", "d", "c"]) == ["2"]


def test_any_tree_shape_walks_through_its_children_function() -> None:
    """A non-XML tree (dicts) walks the same way through the function given."""
    tree = {"x": [{"y": [{}]}, {"y": [{}, {}]}]}

    def kids(node: dict[str, Any], name: str | None) -> Iterator[dict[str, Any]]:
        """The dicts listed under ``name`` (every key for ``None``)."""
        for key, values in node.items():
            if name is None or key == name:
                yield from values

    assert len(list(walk_steps(tree, ["x", "y"], kids))) == 3
    assert len(list(walk_steps(tree, ["**", "y"], kids))) == 3

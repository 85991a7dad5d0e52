"""Content negotiation of ``ei serve`` (RFC 9110 12.5.1): which answer an ``Accept`` header takes.

Each route offers a few media types, each one format of its answer, in the order the service
prefers them (its default first). The ``Accept`` header rates every offer by the most specific
media range that matches it (``type/subtype`` before ``type/*`` before ``*/*``; a range with a
parameter before the same range without one): that range's ``q`` is the offer's. ``q=0`` refuses
the offer, and so does a header that matches it by no range at all. The offer with the highest
``q`` is served; on equal ``q``, the one matched by the more specific range, then the service's
order. No header (or an empty one) accepts every offer: the default.
"""

from __future__ import annotations

import re

import attrs

__all__ = ["Offer", "acceptable", "negotiate"]


@attrs.frozen
class Offer:
    """One media type a route answers with, and the format that answers with it.

    :param media_type: ``type/subtype``, lower case, without parameters (``application/xml``).
    :param format: the name of the format (a reporter name: ``rapport``, ``json`` ...).
    """

    media_type: str
    format: str


@attrs.frozen
class _Range:
    kind: str
    subtype: str
    parameters: tuple[tuple[str, str], ...]
    quality: float


_QVALUE = re.compile(r"(?:0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?)\Z")
"""A qvalue as RFC 9110 12.4.2 writes it: 0 to 1, at most three decimals."""

_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9a-z-]+\Z")


def _ranges(accept: str) -> list[_Range]:
    """The media ranges of an ``Accept`` value; an entry that is no media range is left out.

    A ``q`` that is no qvalue (``q=high``, ``q=2``) accepts nothing: ``q=0``, fail closed.
    Parameters after ``q`` are extensions (RFC 9110 12.5.1) and do not narrow the range.
    """
    found: list[_Range] = []
    for item in accept.lower().split(","):
        media, *params = (part.strip() for part in item.split(";"))
        kind, slash, subtype = media.partition("/")
        if not slash or not _TOKEN.match(kind) or not _TOKEN.match(subtype):
            continue
        if kind == "*" and subtype != "*":  # "*/json" is no media range
            continue
        quality = 1.0
        narrowing: list[tuple[str, str]] = []
        for param in params:
            key, _, value = (piece.strip() for piece in param.partition("="))
            if key == "q":
                quality = float(value) if _QVALUE.match(value) else 0.0
                break
            narrowing.append((key, value.strip('"')))
        found.append(_Range(kind, subtype, tuple(narrowing), quality))
    return found


def _specificity(media_range: _Range, media_type: str) -> int | None:
    """How precisely ``media_range`` names ``media_type`` (higher: more), ``None``: not at all.

    An offer has no parameters but its charset, UTF-8: a range asking for another parameter
    (``text/html;level=1``) or charset does not match it.
    """
    kind, _, subtype = media_type.partition("/")
    if media_range.kind == "*":
        rank = 0
    elif media_range.kind != kind:
        return None
    elif media_range.subtype == "*":
        rank = 1
    elif media_range.subtype != subtype:
        return None
    else:
        rank = 2
    for key, value in media_range.parameters:
        if (key, value) != ("charset", "utf-8"):
            return None
    return rank * 2 + bool(media_range.parameters)


def acceptable(accept: str | None, offers: tuple[Offer, ...]) -> list[Offer]:
    """The offers the ``Accept`` value takes, best first (empty: none is acceptable).

    :param accept: the header's value(s), joined by commas; ``None`` or blank: every offer.
    :param offers: what the route answers with, in the order the service prefers them.

    >>> XML, JSON = Offer("application/xml", "rapport"), Offer("application/json", "json")
    >>> [o.format for o in acceptable("application/xml;q=0.5, */*;q=0.9", (XML, JSON))]
    ['json', 'rapport']
    >>> acceptable("application/xml;q=0, application/json;q=0", (XML, JSON))
    []
    """
    if accept is None or not accept.strip():
        return list(offers)
    ranges = _ranges(accept)
    rated: list[tuple[float, int, int, Offer]] = []
    for order, offer in enumerate(offers):
        matches = [
            (rank, media_range.quality)
            for media_range in ranges
            if (rank := _specificity(media_range, offer.media_type)) is not None
        ]
        if not matches:
            continue
        rank, quality = max(matches, key=lambda match: match[0])  # the most specific decides
        if quality > 0:
            rated.append((quality, rank, -order, offer))
    rated.sort(key=lambda entry: entry[:3], reverse=True)
    return [entry[3] for entry in rated]


def negotiate(accept: str | None, offers: tuple[Offer, ...]) -> Offer | None:
    """The offer the ``Accept`` value rates highest, ``None`` when it takes none (a 406).

    >>> offers = (Offer("application/xml", "rapport"), Offer("text/plain", "text"))
    >>> negotiate("text/plain", offers).format
    'text'
    >>> negotiate("*/*", offers).format
    'rapport'
    >>> negotiate("image/png", offers) is None
    True
    """
    found = acceptable(accept, offers)
    return found[0] if found else None

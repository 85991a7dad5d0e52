"""Which environment a message may go to: production data never to tst/acc, and the reverse.

- Vektis messages (GDS, BM) carry ``Header/Berichtsoort``: ``P`` only to ``prod``, ``T`` only to
  ``tst``/``acc`` (the same marker rule 8028 checks against VECOZO's environment).
- iWmo/iJw messages carry no marker: to ``tst``/``acc`` every BSN must be on the registry's
  test-person whitelist (BRS18; without a registry the persons cannot be shown fictitious and
  the message is refused); to ``prod`` no BSN may be on that whitelist.
"""

from __future__ import annotations

from eistandaard.core.text import quoted
from eistandaard.core.xml import value_of
from eistandaard.standards.wording import said_error
from eistandaard.vecozo.build import ParsedPayload
from eistandaard.vecozo.checks import payload_text
from eistandaard.vecozo.registry import PERSON_ELEMENTS, Registry

__all__ = ["ENVIRONMENTS", "environment_problems"]

ENVIRONMENTS = ("tst", "acc", "prod")


def _persons(parsed: ParsedPayload) -> set[str]:
    found: set[str] = set()
    for element in parsed.root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag.rpartition("}")[2] in PERSON_ELEMENTS and (value := value_of(element)):
            found.add(value)
    return found


def environment_problems(
    parsed: ParsedPayload, environment: str, registry: Registry | None = None
) -> list[str]:
    """Why ``parsed`` must not go to ``environment`` (empty: it may).

    :param environment: ``tst``, ``acc`` or ``prod``.
    :param registry: the party registry whose ``[test] allowed_bsn`` lists fictitious persons.
    :returns: one sentence per problem (no BSN in the text).
    """
    if environment not in ENVIRONMENTS:
        return [said_error("safety-unknown-environment", environment=quoted(environment))]
    test = environment != "prod"
    name = parsed.spec.name
    soort = payload_text(parsed.root, "Header/Berichtsoort")
    if soort is not None:
        if test and soort != "T":
            return [
                said_error(
                    "safety-production-to-test",
                    name=name,
                    soort=quoted(soort),
                    environment=environment,
                )
            ]
        if not test and soort != "P":
            return [said_error("safety-test-to-production", name=name, soort=quoted(soort))]
        return []
    persons = _persons(parsed)
    allowed = registry.allowed_bsn if registry is not None else None
    if test:
        if allowed is None:
            return [said_error("safety-needs-whitelist", name=name, environment=environment)]
        outside = len(persons - allowed)
        if outside:
            return [
                said_error(
                    "safety-outside-whitelist",
                    name=name,
                    outside=outside,
                    registry=registry.label if registry else "?",
                    environment=environment,
                )
            ]
        return []
    if allowed is not None and persons & allowed:
        return [said_error("safety-test-persons-to-production", name=name)]
    return []

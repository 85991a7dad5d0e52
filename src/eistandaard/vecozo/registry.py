"""A local copy of what VECOZO knows about parties: a simulation of BRS01-05, BRS18 and BRS33.

VECOZO refuses a message when its sender, submitter or addressee is unknown, lacks a role or a
consent, has no route, or (on a test environment) names a real person. Those facts live in
VECOZO's registry, which is not public. A :class:`Registry` is a versioned TOML file, one per
environment, that states them as far as the user knows them; its findings say "would be
refused by VECOZO" and name the registry and its date, so nobody mistakes the simulation for
VECOZO's verdict. File layout::

    name = "acceptatie"            # which registry
    date = 2026-11-20              # as of when it is known
    environment = "acceptatie"     # productie | acceptatie | test
    [[party]]                      # code, kind, rol, connected, grondslagen, diensten,
    code = "99001234"              # receives (message names), valid_from, valid_until
    [[consent]]                    # afzender, indiener, dienst, valid_from, valid_until
    [[route]]                      # message (WMO323), geadresseerde (a code or "*")
    [test]                         # allowed_bsn: the whitelisted fictitious persons
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from eistandaard.core.clock import in_period, iso_date
from eistandaard.core.errors import InputError
from eistandaard.core.findings import Finding, Level
from eistandaard.core.paths import value_of
from eistandaard.core.text import error_text, quoted
from eistandaard.levels.checks import ParsedMessage
from eistandaard.levels.intake import read_regular_file
from eistandaard.standards.resources import parse_toml
from eistandaard.standards.wording import said_error
from eistandaard.vecozo.data import family_rules, vecozo_finding
from eistandaard.vecozo.envelope import Envelope

__all__ = ["Consent", "Party", "Registry", "RegistryCheck", "Route"]

PERSON_ELEMENTS = ("Bsn", "Burgerservicenummer", "BurgerServicenummer")
"""Local names of the elements that carry a BSN in the supported messages."""


def _date(value: object) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return iso_date(str(value))  # YYYY-MM-DD only, as people write it in the file
    except ValueError as exc:
        raise InputError(said_error("registry-not-date", value=quoted(value))) from exc


def _strings(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return (str(value),)


@attrs.frozen
class _Valid:
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None

    def valid_on(self, day: dt.date) -> bool:
        """True when ``day`` lies in the (inclusive) validity period."""
        return in_period(day, self.valid_from, self.valid_until)


@attrs.frozen
class Party(_Valid):
    """A party as VECOZO knows it."""

    code: str = ""
    kind: str = "agb"
    rol: str = ""
    connected: bool = True
    grondslagen: tuple[str, ...] = ()
    diensten: tuple[str, ...] = ()
    """The services this party may submit for (its certificate's authorisations, BRS02)."""
    receives: tuple[str, ...] | None = None
    """The messages it may receive (BRS05); ``None``: not stated, not checked."""


@attrs.frozen
class Consent(_Valid):
    """A toestemmingsverklaring: ``afzender`` lets ``indiener`` submit for ``dienst`` (BRS03)."""

    afzender: str = ""
    indiener: str = ""
    dienst: str = ""


@attrs.frozen
class Route:
    """A routing rule: ``message`` may go to ``geadresseerde`` (a code or ``*``) (BRS33)."""

    message: str
    geadresseerde: str = "*"


@attrs.frozen
class Registry:
    """A versioned registry of one environment."""

    name: str
    date: dt.date
    environment: str = "productie"
    parties: tuple[Party, ...] = ()
    consents: tuple[Consent, ...] = ()
    routes: tuple[Route, ...] = ()
    allowed_bsn: frozenset[str] | None = None

    @property
    def label(self) -> str:
        """``registry NAME of DATE``, as the findings name it."""
        return f"registry {self.name} of {self.date.isoformat()}"

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Registry:
        """Build a registry from parsed TOML.

        :raises InputError: when ``name`` or ``date`` is missing or an entry is malformed.
        """
        try:
            name = str(data["name"])
            date = _date(data["date"])
        except KeyError as exc:
            raise InputError(
                said_error("registry-missing-field", exc_args=quoted(exc.args[0]))
            ) from exc
        assert date is not None
        try:
            parties = tuple(
                Party(
                    code=str(p["code"]),
                    kind=str(p.get("kind", "agb")),
                    rol=str(p.get("rol", "")),
                    connected=bool(p.get("connected", True)),
                    grondslagen=_strings(p.get("grondslagen")),
                    diensten=_strings(p.get("diensten")),
                    receives=_strings(p["receives"]) if "receives" in p else None,
                    valid_from=_date(p.get("valid_from")),
                    valid_until=_date(p.get("valid_until")),
                )
                for p in data.get("party", [])
            )
            consents = tuple(
                Consent(
                    afzender=str(c["afzender"]),
                    indiener=str(c["indiener"]),
                    dienst=str(c["dienst"]),
                    valid_from=_date(c.get("valid_from")),
                    valid_until=_date(c.get("valid_until")),
                )
                for c in data.get("consent", [])
            )
            routes = tuple(
                Route(message=str(r["message"]), geadresseerde=str(r.get("geadresseerde", "*")))
                for r in data.get("route", [])
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise InputError(
                said_error("registry-malformed", name=name, error=error_text(exc))
            ) from exc
        test = data.get("test", {})
        allowed = test.get("allowed_bsn") if isinstance(test, dict) else None
        return cls(
            name=name,
            date=date,
            environment=str(data.get("environment", "productie")),
            parties=parties,
            consents=consents,
            routes=routes,
            allowed_bsn=frozenset(_strings(allowed)) if allowed is not None else None,
        )

    @classmethod
    def load(cls, path: Path) -> Registry:
        """Read a registry TOML file.

        :raises InputError: when the file cannot be read or is malformed.
        """
        data = read_regular_file(path)  # a FIFO or device is refused, never read blocking
        try:
            text = data.decode("utf-8")
            return cls.from_mapping(parse_toml(text, Path(path)))
        except InputError:
            raise
        except Exception as exc:  # DataError from load_toml: the user's file, a usage error
            raise InputError(said_error("registry-file", path=path, exc=exc)) from exc

    def party(self, code: str | None, day: dt.date) -> Party | None:
        """The party with ``code`` valid on ``day``."""
        return next((p for p in self.parties if p.code == code and p.valid_on(day)), None)

    def check(
        self,
        message: ParsedMessage,
        envelope: Envelope,
        *,
        indiener: str | None = None,
    ) -> list[Finding]:
        """BRS01-05, BRS18 and BRS33 for one message and its envelope, as of its peildatum.

        :param indiener: the submitting party's code (default: the afzender itself).
        :returns: findings at level 4, each saying "would be refused by VECOZO".
        """
        day = message.as_of
        name = message.spec.name
        grondslag: str | None = None
        try:
            rules = family_rules(message.spec.family)
            dienst, grondslag = rules.dienst, rules.grondslag
        except Exception:  # a family without VECOZO data: no service to check
            dienst = message.spec.family
        found: list[Finding] = []
        label = self.label
        sender = envelope.afzender
        party = self.party(sender.code, day)
        if party is None or party.rol != sender.rol:
            found.append(
                vecozo_finding(
                    "BRS01", values={"code": sender.code, "rol": sender.rol, "registry": label}
                )
            )
        submitter_code = indiener or sender.code
        submitter = self.party(submitter_code, day)
        if submitter is None or dienst not in submitter.diensten:
            found.append(
                vecozo_finding(
                    "BRS02", values={"code": submitter_code, "dienst": dienst, "registry": label}
                )
            )
        if submitter_code != sender.code and not any(
            c.afzender == sender.code
            and c.indiener == submitter_code
            and c.dienst == dienst
            and c.valid_on(day)
            for c in self.consents
        ):
            found.append(
                vecozo_finding(
                    "BRS03",
                    values={
                        "code": sender.code,
                        "indiener": submitter_code,
                        "dienst": dienst,
                        "registry": label,
                    },
                )
            )
        for addressee in envelope.geadresseerden:
            target = self.party(addressee.code, day)
            values = {"code": addressee.code, "bericht": name, "registry": label}
            if target is None or not target.connected:
                found.append(vecozo_finding("BRS04", values=values))
            elif (target.receives is not None and name not in target.receives) or (
                grondslag is not None and target.grondslagen and grondslag not in target.grondslagen
            ):  # BRS05: not for this message, or not connected for its legal basis (grondslag)
                found.append(vecozo_finding("BRS05", values=values))
            if self.routes and not any(
                r.message == name and r.geadresseerde in ("*", addressee.code) for r in self.routes
            ):
                found.append(vecozo_finding("BRS33", values=values))
        if self.environment != "productie" and self.allowed_bsn is not None:
            for bsn in sorted(set(_persons(message))):
                if bsn not in self.allowed_bsn:
                    found.append(vecozo_finding("BRS18", values={"bsn": bsn, "registry": label}))
        return [attrs.evolve(f, level=Level.REFERENTIAL) for f in found]


def _persons(message: ParsedMessage) -> Iterable[str]:
    for element in message.root.iter():
        if not isinstance(element.tag, str):
            continue
        local = element.tag.rpartition("}")[2]
        value = value_of(element)
        if local in PERSON_ELEMENTS and value:
            yield value


@attrs.frozen
class RegistryCheck:
    """The registry as a level-4 :class:`~eistandaard.pipeline.VecozoCheck`."""

    registry: Registry
    indiener: str | None = None
    level: int = 4

    def __call__(self, message: ParsedMessage, envelope: Envelope, /) -> list[Finding]:
        """Run :meth:`Registry.check`."""
        return self.registry.check(message, envelope, indiener=self.indiener)

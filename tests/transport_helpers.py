"""A fake VECOZO, a client on it and a ledger with outbox/poller/inbox, for the transport tests."""

from __future__ import annotations

import datetime as dt
import functools
import random
import re
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import attrs
from tests.conftest import FIXTURES

from eistandaard.vecozo import build_request, parse_payload, payload_zip
from eistandaard.vecozo.envelope import Envelope
from eistandaard.vecozo.ledger import SqliteLedger
from eistandaard.vecozo.ledger.sql import SqlLedger
from eistandaard.vecozo.testing import FakeVecozo
from eistandaard.vecozo.transport.client import VecozoClient
from eistandaard.vecozo.transport.http import HttpxClient, Timeouts
from eistandaard.vecozo.transport.outbox import Inbox, Outbox, Poller
from eistandaard.vecozo.transport.retry import RetryPolicy, VirtualClock

GDS801 = FIXTURES / "gds/2.0/GDS801/valid/paramedisch.xml"
WMO323 = FIXTURES / "iwmo/3.2/WMO323/valid/basis.xml"
START = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
"""The virtual clock's start: after the fixtures' Verzenddatum/Dagtekening."""

STALL = 0.6
"""Seconds a stalled request hangs (real time); the client's read time-out is shorter."""

FAST = Timeouts(connect=2.0, read=0.3, write=2.0, pool=2.0)
"""For the stall tests: a read time-out shorter than :data:`STALL`."""

PATIENT = Timeouts(connect=5.0, read=20.0, write=20.0, pool=5.0)
"""For every other test: a busy machine must not turn an answer into a time-out."""


def gds801(number: int, source: Path = GDS801) -> bytes:
    """A GDS801 with its own Referentienummer (BRS20: unique per sender)."""
    text = source.read_text(encoding="utf-8")
    return re.sub(
        r"<Referentienummer>[^<]*</Referentienummer>",
        f"<Referentienummer>E2E-{number:06d}</Referentienummer>",
        text,
        count=1,
    ).encode("utf-8")


def message(xml: bytes) -> tuple[Envelope, bytes]:
    """The request envelope and the payload ZIP of a message."""
    envelope = build_request(parse_payload(xml))
    _, data = payload_zip(xml)
    return envelope, data


@attrs.define
class World:
    """Everything a transport test needs, on one virtual clock."""

    clock: VirtualClock
    fake: FakeVecozo
    http: HttpxClient
    client: VecozoClient
    ledger: SqlLedger
    outbox: Outbox
    poller: Poller
    inbox: Inbox

    def requests_sent(self) -> int:
        """Requests (not answers) the fake stored."""
        return sum(1 for m in self.fake.messages.values() if not m.is_answer)


@functools.cache
def _warm() -> None:
    """Load the validators once, so a first push is not slower than the read time-out."""
    from eistandaard import validate

    validate(gds801(0))
    validate(WMO323.read_bytes())


@contextmanager
def world(
    ledger: SqlLedger | None = None,
    *,
    policy: RetryPolicy | None = None,
    status_version: int = 3,
    seed: int = 7,
    timeouts: Timeouts = PATIENT,
    stall: float = STALL,
    **fake_options: object,
) -> Iterator[World]:
    """A started fake VECOZO with a client, a ledger and the three run-once steps."""
    _warm()
    clock = VirtualClock(START)
    fake = FakeVecozo(clock=clock, stall_seconds=stall, **fake_options)  # type: ignore[arg-type]
    fake.start()
    http = HttpxClient(timeouts=timeouts)
    client = VecozoClient(http, base_url=fake.base_url, status_version=status_version)
    led = ledger or SqliteLedger()
    rng = random.Random(seed)
    try:
        yield World(
            clock,
            fake,
            http,
            client,
            led,
            Outbox(led, client, clock=clock, rng=rng, policy=policy),
            Poller(led, client, clock=clock),
            Inbox(led, client, clock=clock),
        )
    finally:
        http.close()
        fake.close()
        led.close()


@attrs.frozen
class Pki:
    """Test certificates made in the test run: a CA, the fake's server pair, a client pair."""

    ca: Path
    server_cert: Path
    server_key: Path
    client_cert: Path
    client_key: Path
    client_p12: Path


def make_pki(folder: Path) -> Pki:
    """A throw-away CA with a server certificate for 127.0.0.1 and a client certificate."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = dt.datetime.now(dt.UTC)

    def name(text: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, text)])

    def pem_key(key: ec.EllipticCurvePrivateKey) -> bytes:
        return key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(name("eistandaard test CA"))
        .issuer_name(name("eistandaard test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )

    def leaf(
        common: str, usage: x509.ObjectIdentifier, server: bool
    ) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
        key = ec.generate_private_key(ec.SECP256R1())
        builder = (
            x509.CertificateBuilder()
            .subject_name(name(common))
            .issuer_name(ca.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
        )
        if server:
            builder = builder.add_extension(
                x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                critical=False,
            )
        return builder.sign(ca_key, hashes.SHA256()), key

    server, server_key = leaf("127.0.0.1", ExtendedKeyUsageOID.SERVER_AUTH, True)
    client, client_key = leaf("94000001", ExtendedKeyUsageOID.CLIENT_AUTH, False)
    pem = serialization.Encoding.PEM
    pki = Pki(
        ca=folder / "ca.pem",
        server_cert=folder / "server.pem",
        server_key=folder / "server.key",
        client_cert=folder / "client.pem",
        client_key=folder / "client.key",
        client_p12=folder / "client.p12",
    )
    pki.ca.write_bytes(ca.public_bytes(pem))
    pki.server_cert.write_bytes(server.public_bytes(pem))
    pki.server_key.write_bytes(pem_key(server_key))
    pki.client_cert.write_bytes(client.public_bytes(pem))
    pki.client_key.write_bytes(pem_key(client_key))
    pki.client_p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"client", client_key, client, None, serialization.BestAvailableEncryption(b"geheim")
        )
    )
    return pki


def server_context(pki: Pki) -> ssl.SSLContext:
    """The fake's mutual-TLS context: its certificate, client certificates required."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(str(pki.server_cert), str(pki.server_key))
    context.load_verify_locations(cafile=str(pki.ca))
    context.verify_mode = ssl.CERT_REQUIRED
    return context

"""Mutual TLS against the fake VECOZO, with certificates generated in the test run."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.transport_helpers import START, gds801, make_pki, message, server_context

from eistandaard.core.errors import InputError
from eistandaard.vecozo.testing import FakeVecozo
from eistandaard.vecozo.transport.client import VecozoClient
from eistandaard.vecozo.transport.http import HttpxClient, NotSent, Timeouts, client_context
from eistandaard.vecozo.transport.retry import VirtualClock

pytest.importorskip("cryptography")


@pytest.fixture
def pki(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A CA, the fake's certificate and a client certificate."""
    return make_pki(tmp_path)


def _client(fake: FakeVecozo, **context: object) -> tuple[HttpxClient, VecozoClient]:
    http = HttpxClient(context=client_context(**context), timeouts=Timeouts(read=10))  # type: ignore[arg-type]
    return http, VecozoClient(http, base_url=fake.base_url)


def test_mutual_tls_with_pem_certificate(pki) -> None:  # type: ignore[no-untyped-def]
    """With the PEM client certificate the push over HTTPS is accepted (204)."""
    with FakeVecozo(tls=server_context(pki), clock=VirtualClock(START)) as fake:
        http, client = _client(fake, certificate=pki.client_cert, key=pki.client_key, cafile=pki.ca)
        envelope, data = message(gds801(1))
        try:
            assert fake.base_url.startswith("https://127.0.0.1:")
            assert client.push(envelope, data).accepted
        finally:
            http.close()
        assert len(fake.messages) == 1


def test_mutual_tls_with_pkcs12(pki) -> None:  # type: ignore[no-untyped-def]
    """A PKCS#12 file with its password works like the PEM pair."""
    with FakeVecozo(tls=server_context(pki), clock=VirtualClock(START)) as fake:
        http, client = _client(fake, pkcs12=pki.client_p12, password="geheim", cafile=pki.ca)
        try:
            assert client.pull_list() == []
        finally:
            http.close()


def test_no_client_certificate_is_refused(pki) -> None:  # type: ignore[no-untyped-def]
    """Without a client certificate the handshake fails: nothing is sent."""
    with FakeVecozo(tls=server_context(pki), clock=VirtualClock(START)) as fake:
        http, client = _client(fake, cafile=pki.ca)
        envelope, data = message(gds801(1))
        try:
            with pytest.raises((NotSent, Exception)):
                client.push(envelope, data)
        finally:
            http.close()
        assert fake.messages == {}


def test_untrusted_server_is_refused(pki, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Without the test CA the system trust store does not trust the fake: not sent."""
    with FakeVecozo(tls=server_context(pki), clock=VirtualClock(START)) as fake:
        http, client = _client(fake, certificate=pki.client_cert, key=pki.client_key)
        try:
            with pytest.raises(NotSent):
                client.pull_list()
        finally:
            http.close()


def test_tls_minimum_is_1_2() -> None:
    """The client context never offers anything below TLS 1.2."""
    import ssl

    assert client_context().minimum_version >= ssl.TLSVersion.TLSv1_2


def test_bad_certificate_file_is_a_usage_error(tmp_path: Path) -> None:
    """An unreadable certificate is an InputError, not a traceback."""
    bad = tmp_path / "bad.pem"
    bad.write_text("no certificate")
    with pytest.raises(InputError):
        client_context(certificate=bad)
    with pytest.raises(InputError):
        client_context(pkcs12=bad, password="x")


def test_a_callers_own_ssl_context_works_and_is_held_to_tls_1_2(pki) -> None:  # type: ignore[no-untyped-def]
    """A caller's own ``ssl.SSLContext`` does mutual TLS, held to TLS 1.2 at least.

    The caller loads the client certificate; a context that would allow TLS 1.0 is raised to
    TLS 1.2 before any connection.
    """
    import ssl

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
    context.load_verify_locations(cafile=str(pki.ca))
    context.load_cert_chain(str(pki.client_cert), str(pki.client_key))
    with FakeVecozo(tls=server_context(pki), clock=VirtualClock(START)) as fake:
        http = HttpxClient(context=context, timeouts=Timeouts(read=10))
        try:
            assert context.minimum_version == ssl.TLSVersion.TLSv1_2
            envelope, data = message(gds801(1))
            assert VecozoClient(http, base_url=fake.base_url).push(envelope, data).accepted
        finally:
            http.close()
        assert len(fake.messages) == 1

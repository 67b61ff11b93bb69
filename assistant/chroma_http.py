"""The Chroma client: embedded under AMI_HOME, or an HTTP client whose every call is bounded in time and fails with a
sentence naming the server.

chromadb 1.5's `HttpClient` builds its httpx session with `timeout=None` and offers no setting for it (its
`Settings` timeouts are the server's own), so a server that accepts connections but never answers (stopped
with SIGSTOP, overloaded, behind a dead proxy) hangs every call. `http_client` first asks the server for a
heartbeat with a timeout, then builds chromadb's client and puts the same timeout on its session, turning
transport failures into `StoreUnavailable` with the server's address.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import httpx

from .errors import StoreUnavailable

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 10.0
_HINT = "Vérifiez le serveur (chroma run) ou retirez AMI_CHROMA_URL pour utiliser la base intégrée."


def _timeout(seconds: float) -> httpx.Timeout:
    return httpx.Timeout(seconds, connect=min(seconds, 5.0))


def _translated(exc: Exception, where: str, seconds: float) -> StoreUnavailable:
    if isinstance(exc, httpx.TimeoutException):
        return StoreUnavailable(f"Serveur Chroma {where} : pas de réponse en {seconds:g} s (serveur bloqué ou surchargé). {_HINT}")
    return StoreUnavailable(f"Serveur Chroma {where} injoignable ({type(exc).__name__}). {_HINT}")


def _bound(server: Any, where: str, seconds: float) -> None:
    """Put the timeout on chromadb's HTTP session and turn its transport errors into StoreUnavailable."""
    session = getattr(server, "_session", None)
    request = getattr(server, "_make_request", None)
    if session is None or request is None:  # another chromadb: keep working, without the bound
        log.warning("chromadb %s: no HTTP session to bound; calls to %s have no timeout", type(server).__name__, where)
        return
    session.timeout = _timeout(seconds)

    def bounded(method: str, path: str, **kwargs: Any) -> Any:
        try:
            return request(method, path, **kwargs)
        except (httpx.TimeoutException, httpx.TransportError) as exc:
            raise _translated(exc, where, seconds) from exc

    server._make_request = bounded


def http_client(url: str, timeout_s: float = DEFAULT_TIMEOUT_S):
    """A chromadb client for the server at `url`; each call gives up after `timeout_s` s with StoreUnavailable."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    u = urlparse(url if "://" in url else f"http://{url}")
    host, port, ssl = u.hostname or "127.0.0.1", u.port or 8000, u.scheme == "https"
    where = f"{'https' if ssl else 'http'}://{host}:{port}"
    try:  # chromadb's constructor already talks to the server, without a timeout: check it answers first
        httpx.get(f"{where}/api/v2/heartbeat", timeout=_timeout(timeout_s)).raise_for_status()
    except httpx.HTTPStatusError as exc:
        raise StoreUnavailable(f"Serveur Chroma {where} : réponse inattendue ({exc.response.status_code}). {_HINT}") from exc
    except httpx.HTTPError as exc:
        raise _translated(exc, where, timeout_s) from exc
    client = chromadb.HttpClient(host=host, port=port, ssl=ssl, settings=ChromaSettings(anonymized_telemetry=False))
    _bound(getattr(client, "_server", None), where, timeout_s)
    return client


def chroma_client(settings: Any):
    """The Chroma client of the settings: embedded under AMI_HOME, or the server at AMI_CHROMA_URL (each call
    bounded by `store_timeout_s`); an unreachable server raises StoreUnavailable naming it."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    url = settings.chroma_url
    if url:
        try:  # every call of this client gives up after store_timeout_s, naming the server
            client = http_client(url, settings.store_timeout_s)
            client.heartbeat()
        except StoreUnavailable:
            raise
        except Exception as exc:
            cause: BaseException | None = exc
            while cause is not None and not isinstance(cause, StoreUnavailable):  # chromadb re-raises as ValueError
                cause = cause.__cause__ or cause.__context__
            if cause is not None:
                raise StoreUnavailable(str(cause)) from exc
            raise StoreUnavailable(
                f"Serveur Chroma injoignable à {url} ({type(exc).__name__}). Lancez `chroma run` ou retirez AMI_CHROMA_URL."
            ) from exc
        return client
    path = Path(settings.home) / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))

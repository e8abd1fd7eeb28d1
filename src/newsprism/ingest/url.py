"""Fetch articles by URL with httpx: a timeout, a size limit and a redirect limit on every request."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import FetchError, TooLarge

USER_AGENT = "newsprism/0.1 (+research; respects robots by being slow)"


@dataclass(frozen=True)
class Fetched:
    url: str  # the final URL after redirects
    content: bytes
    content_type: str


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def fetch(url: str, *, timeout: float, max_bytes: int, max_redirects: int) -> Fetched:
    import httpx

    try:
        with httpx.Client(
            timeout=timeout,
            follow_redirects=True,
            max_redirects=max_redirects,
            headers={"User-Agent": USER_AGENT},
        ) as client, client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise FetchError(
                    f"server answered HTTP {response.status_code}; check the address", path=url
                )
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise TooLarge(
                    f"response is {int(declared)} bytes, over the limit of {max_bytes}; raise http_max_bytes",
                    path=url,
                )
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise TooLarge(
                        f"response is over the limit of {max_bytes} bytes; raise http_max_bytes", path=url
                    )
                chunks.append(chunk)
            return Fetched(
                url=str(response.url),
                content=b"".join(chunks),
                content_type=response.headers.get("content-type", ""),
            )
    except httpx.TooManyRedirects:
        raise FetchError(f"more than {max_redirects} redirects; check the address", path=url) from None
    except httpx.TimeoutException:
        raise FetchError(f"no answer within {timeout:g} s; try again later or raise http_timeout", path=url) from None
    except httpx.InvalidURL as exc:
        raise FetchError(f"is not a valid URL ({exc})", path=url) from None
    except httpx.HTTPError as exc:
        raise FetchError(f"could not be fetched ({type(exc).__name__}: {exc})", path=url) from None

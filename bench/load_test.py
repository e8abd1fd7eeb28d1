"""The web server under load: many concurrent clients on loopback, watching for errors and leaks.

    python bench/load_test.py [--clients 200] [--seconds 30] [--articles 20000] [--db bench-load.db]

1. Builds (or reuses) a store of generated fiction with bench/web_latency.py's builder (no spaCy).
2. Starts ``newsprism serve`` on a free loopback port (process 1).
3. Drives it from a second process: ``--clients`` concurrent clients (asyncio + httpx), each sending its
   next request as soon as the last one answered, for ``--seconds``, over story pages, search pages, the
   story list and the search API, with ids and words sampled from the store.
4. This process samples the server every second: resident memory (RSS), open file descriptors, its
   sockets, and TCP connections on the port. It samples during the load, then again after 5 s idle.
   Leaks show as descriptors or connections that stay up after the load, or RSS that keeps climbing.

Prints errors by kind, throughput, latency percentiles and the time series, with the core count and the
load average (other processes on the machine count). A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "bench")]


def server_stats(pid: int, port: int) -> dict[str, float]:
    """RSS (MB), open descriptors, sockets among them, and established TCP connections on ``port``."""
    rss = 0.0
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) / 1024
    fds = os.listdir(f"/proc/{pid}/fd")
    sockets = store_files = 0
    for fd in fds:
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:"):
            sockets += 1
        elif target.endswith((".db", ".db-wal", ".db-shm")):
            store_files += 1
    established = 0
    hex_port = f"{port:04X}"
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as fh:
                next(fh)
                for line in fh:
                    parts = line.split()
                    # local address ends with the server port; state 01 is ESTABLISHED
                    if parts[1].endswith(":" + hex_port) and parts[3] == "01":
                        established += 1
        except OSError:
            pass
    return {"rss_mb": round(rss, 1), "fds": len(fds), "sockets": sockets, "store_files": store_files,
            "tcp_established": established}


def plan(db: Path, rng: random.Random, n: int) -> list[str]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    stories = [r[0] for r in conn.execute(
        "SELECT story_id FROM story_articles GROUP BY story_id HAVING count(*) >= 2 LIMIT 2000")]
    words = [r[0].split()[0].lower() for r in conn.execute("SELECT name FROM actors ORDER BY random() LIMIT 300")]
    conn.close()
    words += ["harbour", "talks", "minister", "council", "strike", "quay"]
    urls = []
    for _ in range(n):
        kind = rng.random()
        if kind < 0.4:
            urls.append(f"/stories/{rng.choice(stories)}")
        elif kind < 0.8:
            urls.append(f"/search?q={rng.choice(words)}")
        elif kind < 0.9:
            urls.append(f"/?page={rng.randint(1, 20)}")
        else:
            urls.append(f"/api/articles?q={rng.choice(words)}")
    return urls


async def drive(base: str, urls: list[str], clients: int, seconds: float) -> dict[str, object]:
    """Runs in the load process: ``clients`` concurrent loops until the time is up."""
    import httpx

    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:

        async def one_client(k: int) -> None:
            i = k
            while time.monotonic() < deadline:
                url = urls[i % len(urls)]
                i += clients
                started = time.perf_counter()
                try:
                    r = await client.get(url)
                    statuses[str(r.status_code)] += 1
                except httpx.HTTPError as exc:
                    statuses[type(exc).__name__] += 1
                    continue
                latencies.append((time.perf_counter() - started) * 1000)

        started = time.perf_counter()
        await asyncio.gather(*(one_client(k) for k in range(clients)))
        wall = time.perf_counter() - started
    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(len(latencies) * p))], 1) if latencies else 0.0

    return {"requests": sum(statuses.values()), "statuses": dict(statuses), "seconds": round(wall, 1),
            "rps": round(len(latencies) / wall, 1), "p50_ms": pct(0.5), "p95_ms": pct(0.95), "p99_ms": pct(0.99),
            "max_ms": round(latencies[-1], 1) if latencies else 0.0,
            "mean_ms": round(statistics.fmean(latencies), 1) if latencies else 0.0}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--db", type=Path, default=Path("bench-load.db"))
    parser.add_argument("--rounds", type=int, default=2,
                        help="loads in a row on one server: a leak grows from round to round, a pool does not")
    parser.add_argument("--client", help=argparse.SUPPRESS)  # internal: run as the load process
    args = parser.parse_args()

    if args.client:
        spec = json.loads(Path(args.client).read_text())
        print(json.dumps(asyncio.run(drive(spec["base"], spec["urls"], spec["clients"], spec["seconds"]))))
        return

    if not args.db.exists():
        from web_latency import build

        print(f"building {args.db} with {args.articles:,} generated articles…", flush=True)
        build(args.db, args.articles)
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    # The server's messages go to a file: an unread pipe would block the server once it filled up.
    log = tempfile.TemporaryFile("w+")
    server = subprocess.Popen([sys.executable, "-m", "newsprism.cli", "serve", "--db", str(args.db),
                               "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=log)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise SystemExit(f"server did not start: {log.read()[-2000:]}") from None
                time.sleep(0.2)
        base = f"http://127.0.0.1:{port}"
        import httpx

        with httpx.Client(base_url=base, timeout=60) as warm:  # one request per kind: caches, connections
            for url in ("/", "/search?q=harbour", "/api/articles?q=harbour"):
                warm.get(url)
        idle = server_stats(server.pid, port)
        print(f"newsprism serve under load — {os.cpu_count()} cores, load average "
              f"{os.getloadavg()[0]:.1f}; {args.clients} clients for {args.seconds:g} s on {base}, "
              f"{args.rounds} round(s)", flush=True)
        print(f"before   {json.dumps(idle)}")
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
            json.dump({"base": base, "urls": plan(args.db, random.Random(5), 5000), "clients": args.clients,
                       "seconds": args.seconds}, fh)
            spec = fh.name
        rounds = []
        for number in range(1, args.rounds + 1):
            samples: list[tuple[float, dict[str, float]]] = []
            t0 = time.monotonic()
            loader = subprocess.Popen([sys.executable, __file__, "--client", spec], stdout=subprocess.PIPE,
                                      text=True)
            while loader.poll() is None:
                time.sleep(1.0)
                samples.append((time.monotonic() - t0, server_stats(server.pid, port)))
            result = json.loads(loader.stdout.read().strip().splitlines()[-1]) if loader.stdout else {}
            time.sleep(5.0)
            after = server_stats(server.pid, port)
            print(f"round {number}: load  {json.dumps(result)}")
            for t, sample in samples[:: max(1, len(samples) // 6)]:
                print(f"  t={t:5.1f}s {json.dumps(sample)}")
            print(f"  after 5 s idle {json.dumps(after)}", flush=True)
            rss = [sample["rss_mb"] for _, sample in samples]
            rounds.append({
                "round": number,
                "errors": {k: v for k, v in result.get("statuses", {}).items() if k != "200"},
                "requests": result.get("requests"), "rps": result.get("rps"), "p50_ms": result.get("p50_ms"),
                "p99_ms": result.get("p99_ms"), "rss_mb_max": max(rss, default=0), "rss_mb_after": after["rss_mb"],
                "fds_max": max((sample["fds"] for _, sample in samples), default=0), "fds_after": after["fds"],
                "sockets_after": after["sockets"], "tcp_established_after": after["tcp_established"],
            })
        os.unlink(spec)
        print(json.dumps({"before": idle, "rounds": rounds}))
    finally:
        server.terminate()
        server.wait(10)
        log.seek(0)
        problems = [line for line in log.read().splitlines() if "error" in line.lower() or "Traceback" in line]
        print(f"server log: {len(problems)} error line(s)" + "".join(f"\n  {p}" for p in problems[:10]))
        log.close()



if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Keep-alive HTTP clients for bench/tiles.sh's uncached phase, the counterpart of pgbench -c N.

    httpget.py LUA PORT CONNECTIONS SECONDS LOG

Takes the tile paths from the wrk script LUA; each of CONNECTIONS threads keeps one connection
open and fetches paths at random (as pgbench picks its scripts), sending Accept-Encoding: gzip as
browsers do, for SECONDS. Writes every request's latency in microseconds to LOG, one per line,
and prints: requests, tiles/s, median and mean in ms, non-2xx, and concurrency by Little's law
(tiles/s x mean latency), which must come out at about CONNECTIONS when the figures hold up.

Why not wrk here: at -c2 over these tiles wrk's latency figures broke Little's law (mean 35-37
ms at 71-77 tiles/s over 2 connections, where at most 26-28 ms fits) while this client, pgbench
and the server's own statement log agreed. The cause is wrk's coordinated-omission correction
(stats_correct in wrk's stats.c, applied before it prints): with expected = run time / (requests
per connection), about the mean latency, every request that took n >= 2 x expected adds
synthetic samples at n - expected, n - 2 x expected, ... down to expected. For a closed loop
over a mix of 2 ms and 140 ms tiles that invents samples between the two and lifts the median
about twofold; one tile at a time (near-equal latencies) it changes nothing, which is why the
paired phase still uses wrk. wrk still drives the cached and soak phases, where the figure is
throughput.
"""
import http.client
import random
import re
import sys
import threading
import time

lua, port, conns, secs, log = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
paths = re.findall(r'"(/tiles/[^"]+)"', open(lua).read())
latencies, bad, lock = [], [0], threading.Lock()


def client(seed):
    rnd = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port)
    mine, errors = [], 0
    end = time.perf_counter() + secs
    while True:
        t0 = time.perf_counter()
        if t0 >= end:
            break
        conn.request("GET", rnd.choice(paths), headers={"Accept-Encoding": "gzip, deflate, br"})
        r = conn.getresponse()
        r.read()
        mine.append(time.perf_counter() - t0)
        errors += r.status >= 300
        if r.getheader("Connection", "").lower() == "close":  # Tomcat's keep-alive request limit
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.close()
    with lock:
        latencies.extend(mine)
        bad[0] += errors


threads = [threading.Thread(target=client, args=(1000 + i,)) for i in range(conns)]
started = time.perf_counter()
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.perf_counter() - started
with open(log, "w") as f:
    f.writelines("%d\n" % (v * 1e6) for v in latencies)
latencies.sort()
n = len(latencies)
mean = sum(latencies) / n
print("requests %d  tiles/s %.1f  median %.2f ms  mean %.2f ms  non2xx %d  little %.2f"
      % (n, n / elapsed, 1000 * latencies[(n - 1) // 2], 1000 * mean, bad[0], n / elapsed * mean))

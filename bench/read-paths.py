#!/usr/bin/env python3
# Mixed-read paths for wrk (bench/mixed-reads.lua), used by bench/load.sh and bench/cluster.sh:
# tiles over the extent at z14-16, OGC item pages, parcel explanations of known parcels.
# Usage: read-paths.py W S E N TILE_URL SCENARIO IDS_FILE
import math, sys
w, s, e, n = map(float, sys.argv[1:5]); url, scen, ids = sys.argv[5], sys.argv[6], open(sys.argv[7]).read().split()
def tile(lon, lat, z):
    x = int((lon + 180) / 360 * 2**z); r = math.radians(lat)
    return x, int((1 - math.log(math.tan(r) + 1 / math.cos(r)) / math.pi) / 2 * 2**z)
for z in (14, 15, 16):
    x0, y0 = tile(w, n, z); x1, y1 = tile(e, s, z)
    for x in range(x0, x1 + 1):
        for y in range(y0, y1 + 1):
            print(url.replace("{z}", str(z)).replace("{x}", str(x)).replace("{y}", str(y)))
# OGC items pages (paging is by keyset, so windows of the extent stand in for pages)
for i in range(10):
    for j in range(2):
        x0 = w + (e - w) * i / 10; y0 = s + (n - s) * j / 2
        print(f"/ogc/collections/parcels/items?limit=100&bbox={x0:.5f},{y0:.5f},{x0 + (e - w) / 10:.5f},{y0 + (n - s) / 2:.5f}")
for i in ids:
    print(f"/api/scenarios/{scen}/parcels/{i}")

#!/usr/bin/env bash
# GML benchmark (docs/benchmarks.md, "GML"): the Nijkerk IMRO plan as zoning (preset imro) and a
# generated Kadastrale Kaart v5 file of N BRK-like parcels (preset brk-perceel: polygon with a
# label point, nested attributes, every 10th parcel with a gml:Arc), each loaded by the CLI in a
# fresh JVM with -Xmx (default 256m) and a GC log; prints features/s (load duration from the
# report, JVM start not counted) and the peak heap (largest heap before a GC).
# Usage: bench/gml.sh [XMX] [N]   (uses the private cluster's database "infill_bench")
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
db_up "${INFILL_BENCH_DB_NAME:-infill_bench}"
cd "$INFILL_HOME"
XMX="${1:-256m}"
N="${2:-200000}"
JAR="$BENCH_JAR"
bench_jar
WORK="$INFILL_HOME/service/target/bench/gml"
mkdir -p "$WORK"
PLAN="${INFILL_SHARED_DATA:-$INFILL_HOME/../shared/data}/imro/NL.IMRO.0267.BP0174-0001.gml"

BIG="$WORK/brk-$N.gml"
if [ ! -f "$BIG" ]; then
  python3 - "$N" "$BIG" <<'PY'
import sys
n, out = int(sys.argv[1]), sys.argv[2]
with open(out, "w") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<kk:DKK xmlns:gml="http://www.opengis.net/gml/3.2" '
            'xmlns:oz="urn:oz" xmlns:t="urn:t" xmlns:kk="urn:kk">\n')
    side = 447
    for i in range(n):
        x0 = 100000 + (i % side) * 20.0
        y0 = 450000 + (i // side) * 20.0
        x1, y1 = x0 + 18, y0 + 18
        if i % 10 == 0:
            ring = ('<gml:Ring><gml:curveMember><gml:Curve><gml:segments><gml:LineStringSegment><gml:posList>'
                    f'{x1} {y1} {x1} {y0} {x0} {y0} {x0} {y1}</gml:posList></gml:LineStringSegment><gml:Arc><gml:posList>'
                    f'{x0} {y1} {x0 + 9} {y1 + 1} {x1} {y1}</gml:posList></gml:Arc></gml:segments></gml:Curve>'
                    '</gml:curveMember></gml:Ring>')
        else:
            ring = (f'<gml:LinearRing><gml:posList>{x0} {y0} {x1} {y0} {x1} {y1} {x0} {y1} {x0} {y0}'
                    '</gml:posList></gml:LinearRing>')
        f.write(f'<kk:perceelMember><oz:Perceel gml:id="P{i}"><oz:kadastraleAanduiding><oz:TypeKadastraleAanduiding>'
                '<oz:kadastraleGemeente><oz:KadastraleGemeente><t:code>761</t:code><t:waarde>Otterlo</t:waarde>'
                f'</oz:KadastraleGemeente></oz:kadastraleGemeente><oz:sectie>B</oz:sectie><oz:perceelnummer>{i}</oz:perceelnummer>'
                '<oz:aKRKadastraleGemeenteCode><oz:AKRKadastraleGemeenteCode><t:code>812</t:code><t:waarde>OTL02</t:waarde>'
                '</oz:AKRKadastraleGemeenteCode></oz:aKRKadastraleGemeenteCode></oz:TypeKadastraleAanduiding>'
                '</oz:kadastraleAanduiding><oz:begrenzingPerceel><gml:Polygon srsName="urn:ogc:def:crs:EPSG::28992">'
                f'<gml:exterior>{ring}</gml:exterior></gml:Polygon></oz:begrenzingPerceel><oz:kadastraleGrootte>'
                '<oz:TypeOppervlak><oz:waarde>324</oz:waarde></oz:TypeOppervlak></oz:kadastraleGrootte>'
                f'<oz:plaatscoordinaten><gml:Point srsName="urn:ogc:def:crs:EPSG::28992"><gml:pos>{x0 + 9} {y0 + 9}</gml:pos>'
                '</gml:Point></oz:plaatscoordinaten></oz:Perceel></kk:perceelMember>\n')
    f.write('</kk:DKK>\n')
PY
fi

peak() { sed -n 's/.* \([0-9]*\)M->.*/\1/p' "$1" | sort -n | tail -1; }
load() { # layer file preset label
  local gc="$WORK/gc-$(basename "$2").log" out
  out=$(java "-Xmx$XMX" "-Xlog:gc:file=$gc" -jar "$JAR" --spring.main.web-application-type=none \
    --spring.main.banner-mode=off --logging.level.root=WARN --infill.cli=load "$1" "$2" \
    --preset "$3" 2>&1) || { echo "$out"; exit 1; }
  local read ms
  read=$(sed -n 's/^  read *\([0-9]*\).*/\1/p' <<<"$out")
  ms=$(sed -n 's/^  duration *\([0-9]*\) ms.*/\1/p' <<<"$out")
  printf '| %s | %s | %s | %.2f | %.0f | %s MB |\n' "$4" "$read" "$(sed -n 's/^  loaded *\([0-9]*\).*/\1/p' <<<"$out")" \
    "$(echo "$ms / 1000" | bc -l)" "$(echo "$read * 1000 / $ms" | bc -l)" "$(peak "$gc")"
  [ -n "${GML_BENCH_VERBOSE:-}" ] && echo "$out" >&2 || true
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| file | features read | rows loaded | load s | features/s | peak heap (-Xmx$XMX) |"
echo "|---|---|---|---|---|---|"
for round in 1 2 3; do
  load zoning "$PLAN" imro "Nijkerk IMRO plan, round $round"
  load parcels "$BIG" brk-perceel "$N BRK parcels, round $round"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

#!/usr/bin/env bash
# Cluster harness (issue 18; loopback only, bounded in time; docs/scaling.md). On this machine:
# a PostgreSQL primary and a streaming hot standby (pg_basebackup, the Debian PostgreSQL 15
# packages), two service replicas (java -jar service/target/infill-service.jar, small heaps) reading
# from the standby (infill.datasource.read-urls), and HAProxy in front of them. Then:
#   1. throughput of the 64-connection mixed-read load (bench/mixed-reads.lua, wrk) through HAProxy
#      with 1 replica behind it, then with 2;
#   2. the same load while a scenario run (accepted by replica b) and a layer load (through HAProxy)
#      happen, replica b killed (SIGKILL) mid-run;
#   3. after the load: runs lost, executed twice, left running; non-2xx answers and how many of them
#      were requests in flight on the killed replica (HAProxy's per-server counters); replica b is
#      started again, and the time until the run's results version is visible through every replica,
#      tiles and items served stale after the run (through each replica), and whether a session signed
#      in on replica a is still signed in on replica b.
# Every process it starts is stopped by PID (PostgreSQL by pg_ctl on its own data directories), also
# on failure or after CLUSTER_MAX_SECONDS (900).
#
#   bench/cluster.sh
#   CLUSTER_SECONDS=30 CLUSTER_CONNECTIONS=64 bench/cluster.sh
#
# Ports: PostgreSQL 55470 (primary) and 55471 (standby); HAProxy 18470, replicas 18471-18472.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export INFILL_HOME="$ROOT"
# shellcheck source=../scripts/postgis.sh
. "$ROOT/scripts/postgis.sh"

PGP="${CLUSTER_PG_PORT:-55470}"; PGS=$((PGP + 1))
LB="${CLUSTER_LB_PORT:-18470}"; RA=$((LB + 1)); RB=$((LB + 2))
SECS="${CLUSTER_SECONDS:-30}"
CONN="${CLUSTER_CONNECTIONS:-64}"
MAX="${CLUSTER_MAX_SECONDS:-900}"
JAR="${CLUSTER_JAR:-$ROOT/service/target/infill-service.jar}"
GPKG="$ROOT/data/target/sample-city.gpkg"
WORK="$(mktemp -d /tmp/infill-cluster.XXXXXX)"
chmod 755 "$WORK"
PGW="$WORK/pg"   # the clusters, their logs and sockets: owned by the PostgreSQL OS user
PIDS=()
START=$(date +%s)
say() { printf '[cluster %3ds] %s\n' $(( $(date +%s) - START )) "$*" >&2; }

cleanup() {
  set +e
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do kill "${PIDS[$i]}" 2>/dev/null; done
  # the watchdog first, then its sleep: killed the other way round it would go on to stop this script
  if [ -n "${WATCHDOG:-}" ]; then
    kids=$(pgrep -P "$WATCHDOG"); kill "$WATCHDOG" 2>/dev/null; [ -n "$kids" ] && kill $kids 2>/dev/null
  fi
  for d in standby primary; do
    [ -f "$PGW/$d/postmaster.pid" ] && as_pg "$(pg_bindir)/pg_ctl" -D "$PGW/$d" -m immediate stop >/dev/null 2>&1
  done
  mkdir -p /tmp/infill-cluster-logs && cp "$WORK"/*.log "$PGW"/*.log /tmp/infill-cluster-logs/ 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
( sleep "$MAX"; say "time limit of $MAX s reached: stopping"; kill -TERM $$ ) & WATCHDOG=$!

for p in "$PGP" "$PGS" "$LB" "$RA" "$RB"; do port_free "$p" || die "port $p is in use"; done
ensure_postgis_packages
ensure_pg_os_user
mkdir -p "$PGW"; [ "$(id -u)" -eq 0 ] && chown "$PG_OS_USER" "$PGW"
if ! command -v haproxy >/dev/null 2>&1; then
  say "installing haproxy (Debian package)"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo -n"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q haproxy >/dev/null || die "apt-get install haproxy failed"
fi
command -v wrk >/dev/null || die "wrk is missing: apt-get install wrk"
[ -f "$JAR" ] || (cd "$ROOT" && mvn -B -q -o -DskipTests -pl service -am package) || die "could not build $JAR"
[ -f "$GPKG" ] || INFILL_SKIP_BUILD=1 "$ROOT/infill" generate >/dev/null || die "could not generate the sample city"
BIN="$(pg_bindir)"
psqlp() { "$BIN/psql" -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGP" -U postgres -d infill "$@"; }
# transactions the standby has run: reads it served (items, tiles, exports, explanations, version checks)
standby_xacts() { "$BIN/psql" -X -q -At -h 127.0.0.1 -p "$PGS" -U postgres -d infill -c "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = 'infill'"; }

# --- PostgreSQL primary and streaming standby ------------------------------------------------
say "primary on $PGP"
as_pg "$BIN/initdb" -D "$PGW/primary" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
cat >> "$PGW/primary/postgresql.conf" <<CONF
port = $PGP
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PGW'
max_connections = 200
shared_buffers = 128MB
wal_level = replica
max_wal_senders = 5
hot_standby = on
# the backend of a replica killed mid-statement is cancelled within this instead of finishing its
# query and holding its locks, which the run's retry on another replica would wait for (docs/scaling.md)
client_connection_check_interval = 2s
CONF
as_pg "$BIN/pg_ctl" -D "$PGW/primary" -l "$PGW/primary.log" -w start >/dev/null
"$BIN/psql" -X -q -h 127.0.0.1 -p "$PGP" -U postgres -d postgres -v ON_ERROR_STOP=1 >/dev/null <<SQL
-- as ./infill does: the owner runs the migrations (which create roles), the service connects as infill_app
CREATE ROLE infill LOGIN CREATEROLE PASSWORD 'cluster';
CREATE ROLE infill_app LOGIN NOINHERIT PASSWORD 'cluster-app';
CREATE DATABASE infill OWNER infill;
\c infill
CREATE EXTENSION postgis;
CREATE EXTENSION pgrouting;
GRANT ALL ON SCHEMA public TO infill;
SQL
say "standby on $PGS (pg_basebackup)"
as_pg "$BIN/pg_basebackup" -h 127.0.0.1 -p "$PGP" -U postgres -D "$PGW/standby" -X stream -R -c fast >/dev/null
as_pg sh -c "echo 'port = $PGS' >> '$PGW/standby/postgresql.conf'"
as_pg "$BIN/pg_ctl" -D "$PGW/standby" -l "$PGW/standby.log" -w start >/dev/null

# --- service replicas ---------------------------------------------------------------------------
HASH=$(printf 'cluster-editor' | java -cp "$JAR" -Dloader.main=nl.infill.system.security.BcryptHash \
  org.springframework.boot.loader.launch.PropertiesLauncher)
printf 'infill:\n  security:\n    users:\n      - name: editor\n        password-hash: "%s"\n        roles: [editor, admin]\n' \
  "$HASH" > "$WORK/users.yml"
start_replica() { # name port extra-args...
  local name="$1" port="$2"; shift 2
  INFILL_DB_URL="jdbc:postgresql://127.0.0.1:$PGP/infill" INFILL_DB_USER=infill INFILL_DB_PASSWORD=cluster \
  INFILL_APP_DB_USER=infill_app INFILL_APP_DB_PASSWORD=cluster-app \
  INFILL_DATASOURCE_READ_URLS="jdbc:postgresql://127.0.0.1:$PGS/infill" INFILL_DB_POOL_SIZE=16 INFILL_SESSIONS_STORE=jdbc INFILL_INSTANCE_ID="cluster-$name" \
    java -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$JAR" --server.port="$port" \
      --spring.config.additional-location="optional:file:$WORK/users.yml" "$@" >> "$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  eval "PID_$name=$!"
}
wait_up() { # port seconds
  local t=0
  until curl -fsS -o /dev/null "http://127.0.0.1:$1/actuator/health" 2>/dev/null; do
    sleep 2; t=$((t + 2)); [ "$t" -lt "$2" ] || die "replica on $1 not up after $2 s"
  done
}
say "replica a on $RA (loads the sample city, runs the default scenario)"
start_replica a "$RA" --infill.bootstrap.sample-city="$GPKG"
wait_up "$RA" 300
until [ "$(psqlp -c "SELECT count(*) FROM analysis_run WHERE status = 'succeeded'")" -ge 1 ]; do
  sleep 2; [ $(( $(date +%s) - START )) -lt "$MAX" ] || die "no start-up run"
done
say "replica b on $RB"
start_replica b "$RB" --infill.analysis.run-on-startup=false
wait_up "$RB" 300

# --- HAProxy ----------------------------------------------------------------------------------
haproxy_cfg() { # servers...
  cat <<CFG
global
  maxconn 4096
  stats socket $WORK/haproxy.sock mode 600 level admin
  # one line per request: server, status, termination state (who ended it, in which phase)
  log stdout format raw local0 info
defaults
  mode http
  log global
  log-format "REQ %s %ST %tsc"
  timeout connect 3s
  timeout client 90s
  timeout server 90s
  retries 2
  option redispatch 1
  retry-on conn-failure
frontend infill
  bind 127.0.0.1:$LB
  default_backend replicas
backend replicas
  balance roundrobin
  option httpchk GET /actuator/health
  http-check expect status 200
  # /actuator/health asks the database: under load it can take over a second, and a check timing
  # out takes a healthy replica out (HAProxy then answers 503 itself)
  timeout check 5s
  # No maxconn: with it, a dead replica's slots free at once (each connection is refused) while the
  # live one's are full, so retries went back to the dead one (3,179 answers 503 in one run). A
  # replica refusing 10 connections in a row is taken out at once, not after 3 failed checks.
  default-server inter 2s fall 3 rise 2 observe layer4 error-limit 10 on-error mark-down
CFG
  for s in "$@"; do echo "  server $s 127.0.0.1:$([ "$s" = a ] && echo "$RA" || echo "$RB") check"; done
}
HAPROXY_PID=""
start_haproxy() {
  [ -n "$HAPROXY_PID" ] && kill "$HAPROXY_PID" 2>/dev/null && wait "$HAPROXY_PID" 2>/dev/null || true
  haproxy_cfg "$@" > "$WORK/haproxy.cfg"
  haproxy -db -f "$WORK/haproxy.cfg" > "$WORK/requests.log" 2>> "$WORK/haproxy.log" &
  HAPROXY_PID=$!; PIDS+=("$HAPROXY_PID")
  local t=0; until curl -fsS -o /dev/null "http://127.0.0.1:$LB/actuator/health" 2>/dev/null; do sleep 1; t=$((t + 1)); [ "$t" -lt 30 ] || die "haproxy not up"; done
}
server_stat() { # server field -> value from HAProxy's show stat
  python3 - "$WORK/haproxy.sock" "$1" "$2" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(b"show stat\n")
data = b""
while True:
    b = s.recv(65536)
    if not b: break
    data += b
lines = data.decode().splitlines(); head = lines[0].lstrip("# ").split(",")
for l in lines[1:]:
    f = l.split(",")
    if len(f) == len(head) and f[0] == "replicas" and f[1] == sys.argv[2]:
        print(f[head.index(sys.argv[3])] or 0); break
PY
}

# --- read paths (as bench/load.sh builds them) ---------------------------------------------------
BASE="http://127.0.0.1:$LB"
start_haproxy a b
curl -fsS "$BASE/ogc/collections/parcels/items?limit=200" | python3 -c 'import json,sys; [print(f["id"]) for f in json.load(sys.stdin)["features"]]' > "$WORK/ids"
TILEJSON=$(curl -fsS "$BASE/tiles/parcels.json")
TILE_URL=$(python3 -c 'import json,re,sys; print(re.sub(r"^https?://[^/]*", "", json.loads(sys.argv[1])["tiles"][0]))' "$TILEJSON")
read -r W S E N < <(python3 -c 'import json,sys; print(*json.loads(sys.argv[1])["bounds"])' "$TILEJSON")
python3 "$ROOT/bench/read-paths.py" "$W" "$S" "$E" "$N" "$TILE_URL" default "$WORK/ids" > "$WORK/paths"
say "read paths: $(wc -l < "$WORK/paths")"
load() { # seconds -> wrk output; run it in a subshell (it execs wrk, which on SIGINT stops early and still reports)
  BENCH_PATHS="$WORK/paths" exec wrk -t2 -c"$CONN" -d"${1}s" --timeout 10s -s "$ROOT/bench/mixed-reads.lua" "$BASE"
}
rps() { awk '/Requests\/sec/{print $2}'; }
non2xx() { awk '/Non-2xx or 3xx responses/{print $NF; f=1} END{if(!f) print 0}'; }
sockerr() { awk '/Socket errors/{gsub(/,/,""); print $4+$6+$8+$10; f=1} END{if(!f) print 0}'; }

# --- 1. throughput with 1 and with 2 replicas ------------------------------------------------------
# warm-up through both, so that neither measurement pays the other's cold tile cache and JIT. It is
# stopped as the kill phase's load is (SIGINT): wrk counts a read error for each connection it
# closes with a request under way, which this shows without a kill
say "warm-up, 2 replicas, 15 s"
( load "$MAX" > "$WORK/wrk-warm.log" ) & W=$!; sleep 15; kill -INT "$W" 2>/dev/null; wait "$W" || true
start_haproxy a
say "throughput, 1 replica, $CONN connections, $SECS s (load $(cut -d' ' -f1-3 /proc/loadavg))"
( load "$SECS" > "$WORK/wrk-1.log" )
start_haproxy a b
say "throughput, 2 replicas (load $(cut -d' ' -f1-3 /proc/loadavg))"
( load "$SECS" > "$WORK/wrk-2.log" )

# --- 2. the load while a run and a layer load happen, replica b killed mid-run --------------------
start_haproxy a b
T0=$(psqlp -c "SELECT now()")
RV0=$(psqlp -c "SELECT results_version FROM scenario WHERE slug = 'default'")
curl -fsS "$BASE/api/export/amenities?format=geojson" > "$WORK/amenities.geojson"
say "load with a run on b, a layer load and b killed (load $(cut -d' ' -f1-3 /proc/loadavg))"
# the load runs until KILL_TAIL s after the kill (SIGINT), so that requests are in flight on b when it dies
KILL_TAIL="${CLUSTER_KILL_TAIL_SECONDS:-15}"
SB0=$(standby_xacts)
( load "$MAX" > "$WORK/wrk-kill.log" ) & WRK=$!
sleep 5
curl -sS -u editor:cluster-editor -o "$WORK/load.json" -w '%{http_code}' -F "file=@$WORK/amenities.geojson" \
  "$BASE/api/layers/amenities/loads" > "$WORK/load.status"
# The run is posted to b in the background: under this load b's answer can take longer than the run
# (35 s seen), so the run is followed in the database, and b is killed as soon as the run computes
# (network, walks, criteria: percent 10-45) or scores; not while it only checks its criteria (5).
MAXID=$(psqlp -c "SELECT coalesce(max(id), 0) FROM analysis_run")
curl -sS -u editor:cluster-editor -o "$WORK/run.json" -w '%{http_code}' -X POST \
  "http://127.0.0.1:$RB/api/scenarios/default/runs" > "$WORK/run.status" 2>/dev/null & POSTED=$!
say "run posted to b; layer load $(cat "$WORK/load.status")"
t=0; until [ "$(psqlp -c "SELECT coalesce((SELECT status <> 'running' OR percent >= 10 FROM analysis_run WHERE id > $MAXID ORDER BY id LIMIT 1), false)")" = t ] || [ $t -ge 600 ]; do sleep 0.1; t=$((t + 1)); done
RUN_ID=$(psqlp -c "SELECT min(id) FROM analysis_run WHERE id > $MAXID")
RUN_AT_KILL=$(psqlp -c "SELECT coalesce((SELECT status || ' ' || coalesce(stage, '') || ' on ' || coalesce(owner, '-') FROM analysis_run WHERE id = ${RUN_ID:-0}), 'none')")
kill -9 "$PID_b"; KILLED_AT=$(date +%s.%N)
wait "$POSTED" 2>/dev/null || true
RUN_STATUS=$(cat "$WORK/run.status" 2>/dev/null)
say "replica b killed; run $RUN_ID was: $RUN_AT_KILL (b answered the POST: ${RUN_STATUS:-nothing})"
sleep "$KILL_TAIL"; kill -INT "$WRK" 2>/dev/null; wait "$WRK" || true
B_ERESP=$(server_stat b eresp); B_5XX=$(server_stat b hrsp_5xx); B_RETR=$(server_stat b wretr); B_REDIS=$(server_stat b wredis)
A_5XX=$(server_stat a hrsp_5xx); SB1=$(standby_xacts)
# every request of this load that failed, by the server HAProxy sent it to: a status outside 2xx/3xx, or
# ended by anything but the client; one the client gave up (termination state C..., e.g. wrk stopping
# mid-request) is no failure the client sees
FAILED_BY=$(grep '^REQ ' "$WORK/requests.log" | awk '{ok = $3 >= 200 && $3 < 400; t = substr($4, 1, 1); if (t != "C" && (!ok || t != "-")) n[$2]++} END {for (s in n) printf "%s %d, ", s, n[s]}')
FAILED_B=$(grep '^REQ ' "$WORK/requests.log" | awk '$2 == "b" {ok = $3 >= 200 && $3 < 400; t = substr($4, 1, 1); if (t != "C" && (!ok || t != "-")) n++} END {print n + 0}')
FAILED_ELSEWHERE=$(grep '^REQ ' "$WORK/requests.log" | awk '$2 != "b" {ok = $3 >= 200 && $3 < 400; t = substr($4, 1, 1); if (t != "C" && (!ok || t != "-")) n++} END {print n + 0}')
cp "$WORK/requests.log" "$WORK/requests-kill.log"

# runs settle: a run whose replica died must end (failed or retried) once its lease expires
SETTLE="${CLUSTER_SETTLE_SECONDS:-120}"
t=0; while [ "$(psqlp -c "SELECT count(*) FROM analysis_run WHERE started_at >= '$T0' AND status IN ('queued', 'running')")" -gt 0 ] && [ $t -lt "$SETTLE" ]; do sleep 2; t=$((t + 2)); done
RUNS=$(psqlp -c "SELECT coalesce(string_agg(status || '=' || n, ' '), 'none') FROM (SELECT status, count(*) n FROM analysis_run WHERE started_at >= '$T0' GROUP BY status) x")
LEFT=$(psqlp -c "SELECT count(*) FROM analysis_run WHERE started_at >= '$T0' AND status IN ('queued', 'running')")
SUCC=$(psqlp -c "SELECT count(*) FROM analysis_run WHERE started_at >= '$T0' AND status = 'succeeded'")
RV1=$(psqlp -c "SELECT results_version FROM scenario WHERE slug = 'default'")
LOST=$([ -n "$RUN_ID" ] && [ "$(psqlp -c "SELECT count(*) FROM analysis_run WHERE id = $RUN_ID")" = 1 ] && echo 0 || echo 1)
RUN_END=$(psqlp -c "SELECT status || coalesce(' (' || left(error, 80) || ')', '') || ', claimed ' || attempts || ' times, ended ' || coalesce(round((extract(epoch FROM finished_at) - $KILLED_AT)::numeric, 1)::text, '-') || ' s after the kill' FROM analysis_run WHERE id = ${RUN_ID:-0}")
# executed twice: more results versions committed than runs that succeeded
DUP=$(( RV1 - RV0 - SUCC )); [ "$DUP" -lt 0 ] && DUP=0

# --- 3. results visible through every replica, staleness, sessions -------------------------------------
say "replica b started again"
start_replica b "$RB" --infill.analysis.run-on-startup=false
wait_up "$RB" 300
# a fresh run through HAProxy with every replica up gives the visibility figures (new weights, so
# that the results change)
curl -sS -u editor:cluster-editor -H 'Content-Type: application/json' -X PUT -o /dev/null \
  -d '{"name":"Default","weights":{"capacity":3,"amenities":1,"ageing":1},"params":{}}' "$BASE/api/scenarios/default"
curl -sS -u editor:cluster-editor -H 'Prefer: wait=60' -o "$WORK/run2.json" -X POST "$BASE/api/scenarios/default/runs" >/dev/null
DONE=$(psqlp -c "SELECT extract(epoch FROM max(finished_at)) FROM analysis_run WHERE status = 'succeeded'")
TOKEN=$(psqlp -c "SELECT 's' || s.id || 'r' || s.results_version || 'p' || l.version FROM scenario s, layer_state l WHERE s.slug = 'default' AND l.layer = 'parcels'")
# stale answers, asked at once after the run (the standby may not have replayed it yet): the tile at
# the new version (ETag), the first 100 parcels' scores in an items page, 20 parcels' explanations and
# the CSV export of the results, each against the primary's rows, through each replica
psqlp -c "SELECT parcel_id || ' ' || coalesce(round(score::numeric, 6)::text, 'null') FROM parcel_result r JOIN scenario s ON s.id = r.scenario_id WHERE s.slug = 'default' ORDER BY parcel_id LIMIT 100" > "$WORK/truth"
stale() { # port what -> count of answers that differ from the primary's rows
  python3 - "$1" "$2" "$WORK/truth" <<'PY'
import csv, io, json, sys, urllib.request
port, what, truth = sys.argv[1], sys.argv[2], dict(l.split() for l in open(sys.argv[3]).read().splitlines())
get = lambda path: urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60).read().decode()
fmt = lambda sc: "null" if sc in (None, "") else f"{float(sc):.6f}"
stale = 0
if what == "items":
    for f in json.loads(get("/ogc/collections/results-default/items?limit=100&sortby=%2Bparcel_id"))["features"]:
        p = f["properties"]; want = truth.get(str(p.get("parcel_id", f["id"])))
        stale += want is not None and fmt(p.get("score")) != want
elif what == "explanations":
    for pid in list(truth)[:20]:
        stale += fmt(json.loads(get(f"/api/scenarios/default/parcels/{pid}")).get("score")) != truth[pid]
elif what == "export":
    for row in csv.DictReader(io.StringIO(get("/api/export/results-default?format=csv"))):
        want = truth.get(row["parcel_id"])
        stale += want is not None and fmt(row["score"]) != want
print(stale)
PY
}
# time until each replica's TileJSON names the new version, polled while the stale checks run
python3 - "$TOKEN" "$DONE" "$RA" "$RB" > "$WORK/visible" <<'PY' &
import sys, time, urllib.request
token, done, ports = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
seen, deadline = {}, time.time() + 60
while len(seen) < len(ports) and time.time() < deadline:
    for p in ports:
        if p not in seen:
            try:
                if f"v={token}" in urllib.request.urlopen(f"http://127.0.0.1:{p}/tiles/results-default.json", timeout=10).read().decode():
                    seen[p] = time.time()
            except OSError:
                pass
    time.sleep(0.05)
print(" / ".join(f"{seen[p] - done:.1f}" if p in seen else "not within 60" for p in ports))
PY
VIS=$!
STALE_TILES=0; STALE=""; CHECKED=0
TILE=$(grep -m1 '/tiles/' "$WORK/paths" | sed -e 's#/tiles/parcels/#/tiles/results-default/#' -e "s#?v=.*#?v=$TOKEN#")
for port in "$RA" "$RB"; do
  name=$([ "$port" = "$RA" ] && echo a || echo b)
  etag=$(curl -sS -D - -o /dev/null "http://127.0.0.1:$port$TILE" | awk 'tolower($1)=="etag:"{print $2}')
  case "$etag" in *"$TOKEN"*) ;; *) STALE_TILES=$((STALE_TILES + 1)) ;; esac
  STALE="$STALE $name: items $(stale "$port" items 2>/dev/null || echo n/a), explanations $(stale "$port" explanations 2>/dev/null || echo n/a), export $(stale "$port" export 2>/dev/null || echo n/a);"
  CHECKED=$((CHECKED + 1))
done
wait "$VIS"; VISIBLE=$(cat "$WORK/visible")
# a session signed in on a, asked on b
JAR_C="$WORK/cookies"
csrf=$(curl -fsS -c "$JAR_C" -b "$JAR_C" "http://127.0.0.1:$RA/api/session" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("csrf",""))')
curl -sS -c "$JAR_C" -b "$JAR_C" -H "X-XSRF-TOKEN: $csrf" -H 'Content-Type: application/json' \
  -d '{"username":"editor","password":"cluster-editor"}' -o /dev/null "http://127.0.0.1:$RA/api/session"
ON_B=$(curl -fsS -b "$JAR_C" "http://127.0.0.1:$RB/api/session" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("user") or "nobody")')
HEALTH=$(curl -fsS -u editor:cluster-editor "http://127.0.0.1:$RA/actuator/health/replicas" | python3 -c '
import json, sys; d = json.load(sys.stdin)["details"]["replica0"]; print(d["state"], "lagBytes=%s" % d["lagBytes"], "replayAgeMs=%s" % d["replayAgeMs"])')

# --- report ---------------------------------------------------------------------------------------
echo
echo "== cluster harness ($(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
echo "throughput, $CONN connections, $SECS s: 1 replica $(rps < "$WORK/wrk-1.log") req/s (non-2xx $(non2xx < "$WORK/wrk-1.log"), socket errors $(sockerr < "$WORK/wrk-1.log")); 2 replicas $(rps < "$WORK/wrk-2.log") req/s (non-2xx $(non2xx < "$WORK/wrk-2.log"), socket errors $(sockerr < "$WORK/wrk-2.log"))"
K_NON2XX=$(non2xx < "$WORK/wrk-kill.log")
echo "control: the warm-up load stopped the same way (SIGINT), no kill: $(awk '/requests in/{print $1}' "$WORK/wrk-warm.log") requests, non-2xx $(non2xx < "$WORK/wrk-warm.log"), socket errors $(sockerr < "$WORK/wrk-warm.log")"
echo "failed requests of that load by server (HAProxy's log): ${FAILED_BY:-none}; on b (in flight when it died, or sent before its checks failed) $FAILED_B, elsewhere $FAILED_ELSEWHERE"
echo "kill run: $(rps < "$WORK/wrk-kill.log") req/s, $(awk '/requests in/{print $1}' "$WORK/wrk-kill.log") requests, non-2xx $K_NON2XX, socket errors $(sockerr < "$WORK/wrk-kill.log"); on the killed replica b (HAProxy): response errors (in flight when it died) $B_ERESP, 5xx $B_5XX, retried $B_RETR, redispatched $B_REDIS; 5xx from a $A_5XX; non-2xx not explained by b's in-flight requests $(( K_NON2XX > B_ERESP + B_5XX ? K_NON2XX - B_ERESP - B_5XX : 0 )); standby transactions during this load $((SB1 - SB0))"
echo "runs since the kill run started: $RUNS; run $RUN_ID (accepted by b, $RUN_AT_KILL at the kill): $RUN_END"
echo "lost runs $LOST, runs executed twice $DUP, runs left running $LEFT (after $SETTLE s at most)"
echo "results version $TOKEN in the TileJSON of a / b ${VISIBLE} s after the run finished"
echo "stale right after the run: tiles $STALE_TILES of $CHECKED replicas; parcels answering differently from the primary (of 100 items, 20 explanations, 100 export rows) -$STALE"
echo "session signed in on a, on b: $ON_B"
echo "standby health seen by a: $HEALTH"
echo "logs: /tmp/infill-cluster-logs/"

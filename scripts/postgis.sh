# shellcheck shell=bash
# Database bring-up for Infill, sourced by ./infill.
#
# Either INFILL_DB_URL points at an existing PostGIS (with INFILL_DB_USER / INFILL_DB_PASSWORD),
# or a private PostgreSQL cluster is created in .infill/pg of this checkout, on a free
# non-default port, owned by a dedicated OS user when we run as root (PostgreSQL refuses to run
# as root). Everything here is idempotent: a second call finds the cluster and reuses it.

PG_MAJOR="${INFILL_PG_MAJOR:-15}"
PG_PACKAGES="postgresql-${PG_MAJOR} postgresql-${PG_MAJOR}-postgis-3 postgresql-${PG_MAJOR}-pgrouting"
PG_OS_USER="${INFILL_PG_OS_USER:-infillpg}"

log() { printf '[infill] %s\n' "$*" >&2; }
die() { printf '[infill] error: %s\n' "$*" >&2; exit 1; }

pg_bindir() {
  if [ -n "${INFILL_PG_BINDIR:-}" ]; then echo "$INFILL_PG_BINDIR"; return; fi
  if command -v pg_config >/dev/null 2>&1 && [ -x "/usr/lib/postgresql/${PG_MAJOR}/bin/initdb" ]; then
    echo "/usr/lib/postgresql/${PG_MAJOR}/bin"; return
  fi
  echo "/usr/lib/postgresql/${PG_MAJOR}/bin"
}

pg_sharedir() { echo "/usr/share/postgresql/${PG_MAJOR}"; }

postgis_installed() {
  [ -x "$(pg_bindir)/initdb" ] \
    && [ -f "$(pg_sharedir)/extension/postgis.control" ] \
    && [ -f "$(pg_sharedir)/extension/pgrouting.control" ]
}

# Installs PostgreSQL + PostGIS + pgRouting from Debian packages when they are missing and we
# may (root, or password-less sudo); otherwise tells exactly what to install.
ensure_postgis_packages() {
  postgis_installed && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
      die "PostgreSQL ${PG_MAJOR} with PostGIS 3 and pgRouting is not installed.
  Install it with:  sudo apt-get install -y ${PG_PACKAGES}
  (or point INFILL_DB_URL at an existing PostGIS database)"
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    die "PostGIS is missing and this is not a Debian-like system. Install PostgreSQL ${PG_MAJOR}, PostGIS 3 and pgRouting with your package manager, or set INFILL_PG_MAJOR / INFILL_PG_BINDIR, or point INFILL_DB_URL at an existing PostGIS."
  fi
  log "installing ${PG_PACKAGES} (Debian packages)"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null \
    || die "apt-get update failed"
  # The machine may already run a PostgreSQL cluster on 5432; installing the packages must not
  # create or start another one, so the Debian default cluster creation is switched off.
  if [ ! -f /etc/postgresql-common/createcluster.conf ] || ! grep -q '^create_main_cluster *= *false' /etc/postgresql-common/createcluster.conf 2>/dev/null; then
    $sudo mkdir -p /etc/postgresql-common
    if [ ! -f /etc/postgresql-common/createcluster.conf ]; then
      echo "create_main_cluster = false" | $sudo tee /etc/postgresql-common/createcluster.conf >/dev/null
    fi
  fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q ${PG_PACKAGES} >/dev/null \
    || die "apt-get install ${PG_PACKAGES} failed"
  postgis_installed || die "PostGIS still missing after install; looked in $(pg_bindir) and $(pg_sharedir)"
}

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Runs a command as the cluster owner: ourselves, or the dedicated OS user when we are root.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "$PG_OS_USER" -- "$@"
  else
    "$@"
  fi
}

ensure_pg_os_user() {
  [ "$(id -u)" -eq 0 ] || return 0
  id "$PG_OS_USER" >/dev/null 2>&1 && return 0
  log "creating OS user $PG_OS_USER to own the private cluster (PostgreSQL refuses to run as root)"
  useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_OS_USER" 2>/dev/null \
    || useradd -r -M -s /bin/false "$PG_OS_USER" \
    || die "could not create OS user $PG_OS_USER"
}

# The cluster lives in the checkout (.infill/pg). As root the dedicated user must be able to
# reach that folder; when a parent folder is closed to others (e.g. /root), fall back to a
# folder under /var/lib/infill named after this checkout, and say so.
cluster_home() {
  local home="$INFILL_HOME/.infill"
  if [ "$(id -u)" -eq 0 ]; then
    mkdir -p "$home"
    if ! runuser -u "$PG_OS_USER" -- test -x "$home" 2>/dev/null; then
      local key
      key=$(printf '%s' "$INFILL_HOME" | sha1sum | cut -c1-12)
      home="/var/lib/infill/$key"
      mkdir -p "$home"
      log "checkout is not reachable by $PG_OS_USER; cluster kept in $home"
    fi
  fi
  mkdir -p "$home"
  echo "$home"
}

psql_super() {
  local port="$1"; shift
  PGPASSWORD="$(cat "$PGHOME_DIR/superuser.pass")" \
    "$(pg_bindir)/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres "$@"
}

# Creates (first time) and starts (when stopped) the private cluster; exports its port.
ensure_private_cluster() {
  ensure_postgis_packages
  ensure_pg_os_user
  PGHOME_DIR=$(cluster_home)
  local data="$PGHOME_DIR/pg" bindir
  bindir=$(pg_bindir)
  if [ ! -f "$PGHOME_DIR/superuser.pass" ]; then
    (umask 077; head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$PGHOME_DIR/superuser.pass")
    (umask 077; head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$PGHOME_DIR/app.pass")
  fi
  # The service's DML-only role (clusters made before it existed get its password now).
  if [ ! -f "$PGHOME_DIR/service.pass" ]; then
    (umask 077; head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$PGHOME_DIR/service.pass")
  fi
  if [ "$(id -u)" -eq 0 ]; then
    chown "$PG_OS_USER" "$PGHOME_DIR" "$PGHOME_DIR/superuser.pass"
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    log "creating private PostgreSQL ${PG_MAJOR} cluster in $data"
    rm -rf "$data"
    as_pg "$bindir/initdb" -D "$data" -U postgres --auth=scram-sha-256 \
      --pwfile="$PGHOME_DIR/superuser.pass" -E UTF8 --locale=C.UTF-8 >/dev/null \
      || die "initdb failed"
    cat >> "$data/postgresql.conf" <<CONF
# Infill private cluster
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
max_connections = 200
shared_buffers = 512MB
work_mem = 64MB
maintenance_work_mem = 512MB
max_wal_size = 4GB
checkpoint_timeout = 15min
jit = off
log_min_messages = warning
CONF
  fi
  # Bulk loads: with WAL at its minimum, rows written into a layer table that the load's own
  # transaction truncated, and the indexes it rebuilds, skip the WAL (PostgreSQL manual, "Populating
  # a Database"). The private cluster has no replicas or archive that would need it. Clusters made
  # before this setting get it at their next start.
  if ! grep -q '^wal_level = minimal' "$data/postgresql.conf"; then
    printf '%s\n' '# Infill bulk loads' 'wal_level = minimal' 'max_wal_senders = 0' >> "$data/postgresql.conf"
  fi
  local port=""
  [ -f "$PGHOME_DIR/port" ] && port=$(cat "$PGHOME_DIR/port")
  if ! as_pg "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    if [ -z "$port" ] || ! port_free "$port"; then
      port=55432
      while ! port_free "$port"; do port=$((port + 1)); done
    fi
    # Another program may take the port between the check and the bind; then try the next one.
    local attempt
    for attempt in 1 2 3 4 5; do
      echo "$port" > "$PGHOME_DIR/port"
      log "starting private PostgreSQL on 127.0.0.1:$port"
      if as_pg "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -o "-p $port" -w -t 60 start >/dev/null; then
        break
      fi
      if [ "$attempt" -lt 5 ] && tail -5 "$data/server.log" | grep -qE 'could not (create listen socket|bind)|Address already in use'; then
        port=$((port + 1))
        while ! port_free "$port"; do port=$((port + 1)); done
        continue
      fi
      tail -20 "$data/server.log" >&2
      die "PostgreSQL did not start (log: $data/server.log)"
    done
  fi
  INFILL_PG_PORT="$port"
  export INFILL_PG_PORT
}

# Creates the application role and a database with PostGIS and pgRouting (idempotent).
# infill owns the schema and runs the migrations; infill_app is what the service connects with:
# LOGIN and nothing else here (V50 grants it row access), so a flaw in the service cannot change
# the schema or roles.
ensure_database() {
  local db="$1" port="$INFILL_PG_PORT" apppass servicepass
  apppass=$(cat "$PGHOME_DIR/app.pass")
  servicepass=$(cat "$PGHOME_DIR/service.pass")
  psql_super "$port" -d postgres <<SQL >/dev/null
SELECT 'CREATE ROLE infill LOGIN PASSWORD ''$apppass'''
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'infill') \gexec
ALTER ROLE infill PASSWORD '$apppass';
SELECT 'CREATE ROLE infill_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD ''$servicepass'''
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'infill_app') \gexec
ALTER ROLE infill_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD '$servicepass';
-- CREATEROLE: migrations create the least-privilege roles (read-only publishing, service).
ALTER ROLE infill CREATEROLE;
SELECT 'CREATE DATABASE $db OWNER infill'
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$db') \gexec
SQL
  psql_super "$port" -d "$db" >/dev/null <<SQL
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE EXTENSION IF NOT EXISTS pgrouting;
GRANT ALL ON SCHEMA public TO infill;
SQL
}

drop_database() {
  local db="$1"
  psql_super "$INFILL_PG_PORT" -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
}

# Exports INFILL_DB_URL/USER/PASSWORD for the service and the tests.
# $1: database name for the private cluster; $2: "fresh" to recreate it empty.
db_up() {
  local db="$1" mode="${2:-keep}"
  if [ -n "${INFILL_DB_URL:-}" ] && [ -z "${INFILL_PRIVATE_DB:-}" ]; then
    log "using configured database $INFILL_DB_URL"
    return 0
  fi
  ensure_private_cluster
  [ "$mode" = fresh ] && drop_database "$db"
  ensure_database "$db"
  INFILL_DB_URL="jdbc:postgresql://127.0.0.1:${INFILL_PG_PORT}/${db}"
  INFILL_DB_USER=infill
  INFILL_DB_PASSWORD=$(cat "$PGHOME_DIR/app.pass")
  INFILL_APP_DB_USER=infill_app
  INFILL_APP_DB_PASSWORD=$(cat "$PGHOME_DIR/service.pass")
  INFILL_DB_SUPERUSER_PASSWORD=$(cat "$PGHOME_DIR/superuser.pass")
  INFILL_PRIVATE_DB=1
  # For fault tests that stop and restart the private cluster.
  INFILL_PG_DATA="$PGHOME_DIR/pg"
  INFILL_PG_BINDIR=$(pg_bindir)
  INFILL_PG_OS_USER="$PG_OS_USER"
  export INFILL_DB_URL INFILL_DB_USER INFILL_DB_PASSWORD INFILL_APP_DB_USER INFILL_APP_DB_PASSWORD \
    INFILL_DB_SUPERUSER_PASSWORD INFILL_PRIVATE_DB \
    INFILL_PG_DATA INFILL_PG_BINDIR INFILL_PG_OS_USER
  log "database ready: $INFILL_DB_URL"
}

# ./infill db --reset: the private database dropped and created empty. Never a database Infill did
# not make: with INFILL_DB_URL pointing elsewhere it refuses and says so.
db_reset() {
  local db="$1"
  if [ -n "${INFILL_DB_URL:-}" ] && [ -z "${INFILL_PRIVATE_DB:-}" ]; then
    die "db --reset recreates only the private database of this checkout (.infill/pg); INFILL_DB_URL points at $INFILL_DB_URL, which Infill does not drop.
  Drop and recreate that database yourself, or unset INFILL_DB_URL to use the private one."
  fi
  log "dropping and recreating the local database $db (its layers, scenarios and runs are gone)"
  db_up "$db" fresh
}

# The migrations of this checkout as "version|description" lines, as Flyway names them
# (V12__load_progress.sql -> 12|load progress).
checkout_migrations() {
  local f base
  for f in "$INFILL_HOME"/service/src/main/resources/db/migration/V*__*.sql; do
    [ -e "$f" ] || continue
    base="${f##*/}"; base="${base%.sql}"
    printf '%s|%s\n' "${base%%__*}" "$(printf '%s' "${base#*__}" | tr '_' ' ')" | sed 's/^V//'
  done
}

# Applied migrations of database $1 (private cluster) that this checkout does not have, at or below
# its newest version, one "version description" per line; nothing when the history fits (or there
# is none yet). Newer ones are a newer checkout's and fine, as for Flyway. Checksums are the
# service's to compare (nl.infill.system.schema.SchemaHistoryCheck): this catches the consolidation.
outdated_schema_history() {
  local db="$1" known max applied v
  known="$(checkout_migrations)"
  max=$(printf '%s\n' "$known" | cut -d'|' -f1 | sort -n | tail -1)
  applied=$(psql_super "$INFILL_PG_PORT" -d "$db" -At -c \
    "SELECT version || '|' || description FROM flyway_schema_history WHERE version IS NOT NULL AND to_regclass('public.flyway_schema_history') IS NOT NULL" 2>/dev/null) || return 0
  while IFS= read -r v; do
    [ -n "$v" ] || continue
    [ "${v%%|*}" -le "${max:-0}" ] 2>/dev/null || continue
    printf '%s\n' "$known" | grep -qxF "$v" || printf 'V%s %s\n' "${v%%|*}" "${v#*|}"
  done <<< "$applied"
}

# ./infill run on a database made by an older checkout: say so plainly before Java starts (the
# service would refuse it too). On a terminal, offer to recreate it; otherwise print what to do.
require_current_schema_history() {
  local db="$1" outdated answer
  [ -n "${INFILL_PRIVATE_DB:-}" ] || return 0
  outdated="$(outdated_schema_history "$db")"
  [ -z "$outdated" ] && return 0
  printf '[infill] The local database %s was made by an older Infill checkout whose schema history has since\n' "$db" >&2
  printf '[infill] been consolidated (nothing was released), so it cannot be migrated. Not in this checkout:\n' >&2
  printf '%s\n' "$outdated" | head -8 | sed 's/^/[infill]   /' >&2
  if [ -t 0 ] && [ -t 2 ]; then
    printf '[infill] Recreate %s now? Its loaded layers, scenarios and runs will be gone. [y/N] ' "$db" >&2
    read -r answer || answer=""
    case "$answer" in
      y|Y|yes|YES) db_reset "$db"; return 0 ;;
    esac
  fi
  die "recreate it with:  ./infill db --reset  (drops and recreates the local database $db; your loaded layers will be gone)"
}

db_stop() {
  PGHOME_DIR=$(cluster_home)
  if [ -f "$PGHOME_DIR/pg/PG_VERSION" ]; then
    as_pg "$(pg_bindir)/pg_ctl" -D "$PGHOME_DIR/pg" -m fast stop >/dev/null 2>&1 && log "private PostgreSQL stopped"
  fi
  return 0
}

# Test tools from Debian: Chromium + chromedriver (browser tests), poppler's pdftotext (report PDF) and GDAL's ogr2ogr (real-data
# network test, load benchmark). Installed like PostGIS when missing and permitted; otherwise we
# say what to install.
ensure_test_tools() {
  local missing=""
  [ -x /usr/bin/chromium ] || missing="$missing chromium"
  [ -x /usr/bin/chromedriver ] || missing="$missing chromium-driver"
  command -v ogr2ogr >/dev/null 2>&1 || missing="$missing gdal-bin"
  # the report test reads the printed PDF's text and pages (ReportIT)
  command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
  # ComposeConfigTest runs `docker-compose config` (no engine needed) when no compose plugin is there
  { docker compose version || command -v docker-compose; } >/dev/null 2>&1 || missing="$missing docker-compose"
  [ -z "$missing" ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
      log "warning: tests need:$missing (sudo apt-get install -y$missing)"
      return 0
    fi
  fi
  command -v apt-get >/dev/null 2>&1 || { log "warning: install$missing for the tests"; return 0; }
  log "installing$missing (Debian packages) for the tests"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || true
  # shellcheck disable=SC2086
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >/dev/null \
    || die "apt-get install$missing failed"
}

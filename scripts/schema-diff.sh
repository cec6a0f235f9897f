#!/usr/bin/env bash
# Prints the difference between the schema two sets of Flyway migrations make from an empty
# database: those of a git revision (default: the last commit before the consolidated baselines)
# and those of this working tree. Used to prove that a rewrite of the migration history changes
# only what it means to change (issue 14 part 4, docs/architecture.md "Database").
#
#   scripts/schema-diff.sh [REV]        exit 0 when identical, 1 when the schemas differ
#
# Each set is applied in Flyway's version order, one transaction per file, as the owner role, to a
# scratch database of the private cluster (infill_schema_old / infill_schema_new, dropped after).
# The dumps are normalised: pg_dump --schema-only without owners, SET lines and SQL comments, each
# object's block sorted by its name and type, so that creation order does not show as a difference.
# Both dumps stay in /tmp/infill-schema-{old,new}.sql for a closer look.
set -euo pipefail

INFILL_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export INFILL_HOME
# shellcheck source=postgis.sh
. "$INFILL_HOME/scripts/postgis.sh"

REV="${1:-94ba4e1}"
MIGRATIONS=service/src/main/resources/db/migration

if [ -n "${INFILL_DB_URL:-}" ] && [ -z "${INFILL_PRIVATE_DB:-}" ]; then
  die "schema-diff needs the private cluster of this checkout (scratch databases are created and dropped); unset INFILL_DB_URL"
fi
db_up infill_schema_probe >/dev/null 2>&1 || db_up infill_schema_probe
drop_database infill_schema_probe

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/old" "$work/new"
git -C "$INFILL_HOME" archive "$REV" "$MIGRATIONS" | tar -x -C "$work/old" --strip-components=6
cp "$INFILL_HOME/$MIGRATIONS"/*.sql "$work/new/"

migrate_and_dump() {
  local dir="$1" db="$2" out="$3" f
  drop_database "$db" 2>/dev/null
  ensure_database "$db"
  # Flyway's order: by version number, not by file name.
  for f in $(ls "$dir" | grep -E '^V[0-9]+__.*\.sql$' | sort -t_ -k1.2n); do
    PGPASSWORD="$INFILL_DB_PASSWORD" "$(pg_bindir)/psql" -X -q -v ON_ERROR_STOP=1 --single-transaction \
      -h 127.0.0.1 -p "$INFILL_PG_PORT" -U infill -d "$db" -f "$dir/$f" >/dev/null 2>"$work/err" \
      || { cat "$work/err" >&2; die "$f failed on $db"; }
  done
  PGPASSWORD="$INFILL_DB_PASSWORD" "$(pg_bindir)/pg_dump" --schema-only --no-owner \
    -h 127.0.0.1 -p "$INFILL_PG_PORT" -U infill -d "$db" > "$work/raw.sql"
  drop_database "$db" 2>/dev/null
  python3 - "$work/raw.sql" > "$out" <<'PY'
import re, sys
# pg_dump heads every object with "-- Name: x; Type: T; Schema: s; Owner: o"; keep each object's
# statements under that key (owner dropped), sort the objects by key.
blocks, key, lines = {}, "~preamble", []
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"-- (?:Data for )?Name: (.*?); Type: (.*?); Schema: (.*?);", line)
    if m:
        blocks.setdefault(key, []).extend(lines)
        key, lines = f"{m.group(2)} {m.group(3)}.{m.group(1)}", []
        continue
    if line.startswith("--") or line.startswith("\\") or line.startswith("SET ") or line.startswith("SELECT pg_catalog.set_config") \
            or not line.strip():
        continue
    lines.append(line)
blocks.setdefault(key, []).extend(lines)
for k in sorted(blocks):
    if blocks[k]:
        print(f"-- {k}")
        # an ACL's grants are a set: their order follows the order they were given in
        print("".join(sorted(blocks[k]) if k.startswith(("ACL ", "DEFAULT ACL ")) else blocks[k]), end="")
PY
}

migrate_and_dump "$work/old" infill_schema_old /tmp/infill-schema-old.sql
migrate_and_dump "$work/new" infill_schema_new /tmp/infill-schema-new.sql
echo "old: $REV ($(ls "$work/old" | wc -l) migrations)  new: working tree ($(ls "$work/new" | wc -l) migrations)"
if diff -u /tmp/infill-schema-old.sql /tmp/infill-schema-new.sql; then
  echo "schemas identical"
else
  exit 1
fi

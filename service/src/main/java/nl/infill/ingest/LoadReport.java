package nl.infill.ingest;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a load did, as kept in {@code load_history} and returned by CLI and API. Counts:
 * {@code read} features in the file; {@code filtered} skipped by the mapping's row filter;
 * {@code rejected} unusable (listed with index and reason, at most the configured number);
 * {@code repaired} made valid with ST_MakeValid; {@code reduced} GeometryCollections reduced to the
 * layer's geometry type; {@code loaded} rows now in the layer (multi-lines of the street layer
 * and multi-points of the amenity layer count once per part). {@code harvest} is a harvest's
 * progress (absent for a file load): {@code source} is then the API's URL, {@code table} the
 * collection and {@code format} {@code ogcapi-features}.
 */
record LoadReport(long id, String layer, String status, String source, String format, String preset,
                  String crs, String table, int read, int filtered, int loaded, int repaired, int reduced,
                  int rejected, List<Rejection> rejections, String message, String where, Long version,
                  OffsetDateTime startedAt, OffsetDateTime finishedAt, Long durationMs,
                  @JsonInclude(JsonInclude.Include.NON_NULL) Harvest harvest) {

    LoadReport(long id, String layer, String status, String source, String format, String preset,
               String crs, String table, int read, int filtered, int loaded, int repaired, int reduced,
               int rejected, List<Rejection> rejections, String message, String where, Long version,
               OffsetDateTime startedAt, OffsetDateTime finishedAt, Long durationMs) {
        this(id, layer, status, source, format, preset, crs, table, read, filtered, loaded, repaired, reduced,
                rejected, rejections, message, where, version, startedAt, finishedAt, durationMs, null);
    }

    /** A feature that was skipped: its 0-based position in the file and why. */
    record Rejection(long index, String reason) {
    }

    /**
     * A harvest's progress: pages fetched and features read so far, the server's
     * {@code numberMatched} when it gives one (and then {@code percent} of it read), the page being
     * read (the last one once the harvest ended) and when this was written.
     */
    record Harvest(int pages, long features, Long numberMatched, Integer percent, String pageUrl,
                   OffsetDateTime updatedAt) {
    }

    String summary() {
        StringBuilder s = new StringBuilder();
        s.append("load ").append(id).append(" of layer ").append(layer).append(": ").append(status).append('\n');
        s.append("  source   ").append(source).append(" (").append(format)
                .append(table == null ? "" : ", table " + table).append(", ").append(crs == null ? "CRS unknown" : crs)
                .append(", preset ").append(preset).append(")\n");
        s.append("  read     ").append(read).append('\n');
        if (harvest != null) {
            s.append("  pages    ").append(harvest.pages())
                    .append(harvest.numberMatched() == null ? "" : " (the server matched " + harvest.numberMatched() + ")")
                    .append('\n');
        }
        if (filtered > 0) {
            s.append("  filtered ").append(filtered).append(" (by the mapping's row filter)\n");
        }
        s.append("  loaded   ").append(loaded).append('\n');
        s.append("  repaired ").append(repaired).append(" (invalid geometry made valid)\n");
        s.append("  reduced  ").append(reduced).append(" (GeometryCollection reduced to the layer's type)\n");
        s.append("  rejected ").append(rejected).append('\n');
        for (Rejection r : rejections) {
            s.append("    feature ").append(r.index()).append(": ").append(r.reason()).append('\n');
        }
        if (rejected > rejections.size()) {
            s.append("    ... and ").append(rejected - rejections.size()).append(" more\n");
        }
        if (message != null) {
            s.append("  message  ").append(message).append(where == null ? "" : " (at " + where + ")").append('\n');
        }
        if (version != null) {
            s.append("  version  ").append(version).append('\n');
        }
        if (durationMs != null) {
            s.append("  duration ").append(durationMs).append(" ms\n");
        }
        return s.toString();
    }
}

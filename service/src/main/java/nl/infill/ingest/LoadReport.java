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
 * collection and {@code format} {@code ogcapi-features}. {@code plan} is what an IMRO plan load
 * (preset {@code imro}) did with each of the plan's objects (absent for other loads).
 */
record LoadReport(long id, String layer, String status, String source, String format, String preset,
                  String crs, String table, int read, int filtered, int loaded, int repaired, int reduced,
                  int rejected, List<Rejection> rejections, String message, String where, Long version,
                  OffsetDateTime startedAt, OffsetDateTime finishedAt, Long durationMs,
                  @JsonInclude(JsonInclude.Include.NON_NULL) Harvest harvest,
                  @JsonInclude(JsonInclude.Include.NON_NULL) PlanReport plan) {

    LoadReport(long id, String layer, String status, String source, String format, String preset,
               String crs, String table, int read, int filtered, int loaded, int repaired, int reduced,
               int rejected, List<Rejection> rejections, String message, String where, Long version,
               OffsetDateTime startedAt, OffsetDateTime finishedAt, Long durationMs, Harvest harvest) {
        this(id, layer, status, source, format, preset, crs, table, read, filtered, loaded, repaired, reduced,
                rejected, rejections, message, where, version, startedAt, finishedAt, durationMs, harvest, null);
    }

    LoadReport(long id, String layer, String status, String source, String format, String preset,
               String crs, String table, int read, int filtered, int loaded, int repaired, int reduced,
               int rejected, List<Rejection> rejections, String message, String where, Long version,
               OffsetDateTime startedAt, OffsetDateTime finishedAt, Long durationMs) {
        this(id, layer, status, source, format, preset, crs, table, read, filtered, loaded, repaired, reduced,
                rejected, rejections, message, where, version, startedAt, finishedAt, durationMs, null);
    }

    /**
     * A feature that was skipped: its 0-based position in the file, why, and where it lies (WGS84
     * {@code lon}/{@code lat}, so a map can show it) when its coordinates could be read as the
     * source's CRS; both null when not (no geometry, or out of the CRS's range).
     */
    record Rejection(long index, String reason, Double lon, Double lat) {
    }

    /**
     * A harvest's progress: pages fetched and features read so far, the server's
     * {@code numberMatched} when it gives one (and then {@code percent} of it read), the page being
     * read (the last one once the harvest ended) and when this was written.
     */
    record Harvest(int pages, long features, Long numberMatched, Integer percent, String pageUrl,
                   OffsetDateTime updatedAt) {
    }

    /**
     * An IMRO plan load: the plan, per IMRO type how many objects were read, used, ignored (with the
     * reason) or of a type the derivation does not know; per Maatvoering value type how it was used;
     * the Bouwvlakken whose height is not on the map; the partition's parts and areas ({@code slivers}:
     * faces narrower than 10 cm or smaller than 0.01 m2, merged into a neighbouring part).
     */
    record PlanReport(String planId, String planName, String namespace, List<TypeCount> types,
                      List<ValueCount> maatvoering, int bouwvlakken, int heightUnknown, List<String> heightUnknownIds,
                      int monuments, int parts, double planAreaM2, double partsAreaM2, int slivers, double sliversM2) {
    }

    /** Objects of one IMRO type: read, used, ignored (with the reason), unknown type. */
    record TypeCount(String type, int read, int used, int ignored, int unknown, String reason) {
    }

    /** Maatvoering values of one waardeType: how many, and what became of them. */
    record ValueCount(String name, int count, String use) {
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
        if (plan != null) {
            s.append("  plan     ").append(plan.planId()).append(" (").append(plan.planName()).append(")\n");
            for (TypeCount t : plan.types()) {
                s.append("    ").append(t.type()).append(": read ").append(t.read()).append(", used ").append(t.used())
                        .append(t.ignored() > 0 ? ", ignored " + t.ignored() : "")
                        .append(t.unknown() > 0 ? ", unknown " + t.unknown() : "")
                        .append(t.reason() == null ? "" : " (" + t.reason() + ")").append('\n');
            }
            for (ValueCount v : plan.maatvoering()) {
                s.append("    Maatvoering '").append(v.name()).append("': ").append(v.count()).append(", ")
                        .append(v.use()).append('\n');
            }
            s.append("    Bouwvlakken ").append(plan.bouwvlakken()).append(", height unknown (not on the map) ")
                    .append(plan.heightUnknown()).append('\n');
            s.append("    monuments (constraints) ").append(plan.monuments()).append('\n');
            s.append("    zoning parts ").append(plan.parts()).append(String.format(java.util.Locale.ROOT,
                    ", %.1f m2 of the plan's %.1f m2; %d slivers (%.2f m2) merged into a neighbour",
                    plan.partsAreaM2(), plan.planAreaM2(), plan.slivers(), plan.sliversM2())).append('\n');
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

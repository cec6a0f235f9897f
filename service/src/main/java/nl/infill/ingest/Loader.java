package nl.infill.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import nl.infill.geo.Crs;
import nl.infill.layers.Layer;
import nl.infill.system.DatabaseAway;
import nl.infill.system.DomainException;
import nl.infill.system.InvalidInput;
import nl.infill.system.NotFound;
import nl.infill.system.Unavailable;
import nl.infill.system.UnprocessableInput;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Loads one file into one layer, all-or-nothing. Features stream from the file through the
 * attribute mapping into a COPY to a per-load staging table (source geometry, no SRID yet);
 * set-based SQL then reprojects, checks ranges, repairs and reduces; the layer's rows are swapped
 * in the same transaction that bumps {@code layer_state.version} and marks the load succeeded.
 *
 * <p>Policy. A feature that cannot be used (empty/null or unreadable geometry, coordinates
 * outside the CRS's range, an attribute of the wrong type or out of range, a required attribute
 * empty) is rejected, counted and listed with its index, and the others load. The whole load
 * fails and nothing changes when the file itself is wrong: not JSON or truncated, not a
 * GeoPackage, no features, unknown layer, preset or CRS, a declared geometry type (GeoPackage
 * table) the layer cannot take or no feature of a type it can take (a stray polygon among lines is
 * rejected like any unusable feature),
 * a required attribute missing from the source schema, or no usable feature at all.
 */
@Service
class Loader {

    private static final Logger log = LoggerFactory.getLogger(Loader.class);

    private final LoadStore history;
    private final LoadSettler settler;
    private final StagingStore staging;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final IngestProperties props;
    private final Harvester harvester;
    private final ImroLoad imro;

    private final MeterRegistry meters;

    Loader(LoadStore history, LoadSettler settler, StagingStore staging, PlatformTransactionManager txManager,
           ApplicationEventPublisher events, IngestProperties props, Harvester harvester, ImroLoad imro,
           MeterRegistry meters) {
        this.harvester = harvester;
        this.imro = imro;
        this.meters = meters;
        this.history = history;
        this.settler = settler;
        this.staging = staging;
        this.tx = new TransactionTemplate(txManager);
        this.events = events;
        this.props = props;
    }

    /** Told how a load's reading goes (the CLI's progress line). */
    interface Watcher {
        /**
         * @param features  features read so far
         * @param total     features the source holds, or null when it does not say cheaply
         * @param elapsedMs since the load started
         * @param done      the file is read to its end (checks and the swap follow)
         */
        void read(long features, Long total, long elapsedMs, boolean done);
    }

    /** Features between two calls of a {@link Watcher}. */
    private static final int WATCH_EVERY = 5_000;

    /** Counters filled while a load runs; what a failed load still reports. */
    private static final class Progress {
        Watcher watcher;
        Long total;
        String format;
        String crs;
        String table;
        int read;
        int filtered;
        int staged;
        int fitting;
        long firstMisfit = -1;
        String firstMisfitType;
        /** The swap and the report are written: what is left is COMMIT, whose answer may be lost. */
        boolean committing;

        LoadStore.Outcome outcome(int rejected, List<LoadReport.Rejection> rejections) {
            return new LoadStore.Outcome(format, crs, table, read, filtered, 0, 0, 0, rejected, rejections);
        }
    }

    LoadReport load(LoadRequest req) {
        return load(begin(req), req);
    }

    LoadReport load(LoadRequest req, Watcher watcher) {
        return load(begin(req), req, watcher);
    }

    /** Records the start of a load (its report reads 'running') and returns its id, for {@link #load(long, LoadRequest)}. */
    long begin(LoadRequest req) {
        String presetName = req.mappingJson() != null ? "mapping-file"
                : req.preset() != null ? req.preset() : Mapping.DEFAULT_PRESET;
        String layerId = req.layer() == null ? "" : req.layer();
        return history.start(layerId.length() > 100 ? layerId.substring(0, 100) : layerId, req.sourceName(),
                req.harvest() != null ? HarvestSource.FORMAT : null, presetName, req.crs(), req.table());
    }

    /** Runs load {@code id} (from {@link #begin}) to its end: its report, or the problem that stopped it. */
    LoadReport load(long id, LoadRequest req) {
        return load(id, req, null);
    }

    private LoadReport load(long id, LoadRequest req, Watcher watcher) {
        long started = System.nanoTime();
        Progress p = new Progress();
        p.watcher = watcher;
        // A harvest has its own bounds (infill.harvest.max-features, max-duration, ...); a file has these.
        LoadLimits limits = req.harvest() != null ? LoadLimits.untimed(props) : LoadLimits.start(props);
        try {
            LoadReport report;
            try {
                report = run(id, req, p, started, limits);
            } catch (RuntimeException e) {
                // the database cancelled a statement at the load's deadline, or the reader was stopped by it
                if (!(e instanceof DomainException) && !p.committing && (limits.expired() || queryCancelled(e))) {
                    throw limits.timedOut();
                }
                throw e;
            }
            // After the swap committed. Published inside a (new, empty) transaction so that plain
            // listeners and transactional ones (@ApplicationModuleListener) both see it, and both
            // read the committed rows.
            tx.executeWithoutResult(s -> events.publishEvent(new LayerLoaded(report.layer(), id, report.version())));
            measure(req, report);
            return report;
        } catch (DomainException e) {
            // a file without one usable feature keeps its rejections in the history too
            List<LoadReport.Rejection> rejections = new java.util.ArrayList<>();
            if (e.extra().get("rejections") instanceof List<?> list) {
                list.forEach(r -> rejections.add((LoadReport.Rejection) r));
            }
            int rejected = e.extra().get("rejected") instanceof Integer n ? n : 0;
            try {
                history.fail(id, p.outcome(rejected, rejections), e.getMessage(), e.where(), millis(started));
            } catch (RuntimeException recording) {
                if (!DatabaseAway.causedBy(recording)) {
                    throw recording;
                }
                // the answer about the file stands; the report gets its end once the database is back
                settler.settleWhenBack(id);
            }
            throw e.with("loadId", id);
        } catch (RuntimeException e) {
            if (DatabaseAway.causedBy(e)) {
                // Recording the failure needs the database that just went away: the settler does it
                // once it answers. The load's transaction did not commit (the database rolls back
                // what a lost connection left open) unless only the answer to COMMIT was lost.
                log.warn("load {} of {}: database connection lost{}: {}", id, req.sourceName(),
                        p.committing ? " while committing" : "", e.toString());
                settler.settleWhenBack(id);
                throw new Unavailable(p.committing
                        ? "The database connection was lost while the load was committing. Whether it committed "
                                + "shows in GET /api/loads/" + id + " once the database is back."
                        : "The database connection was lost during the load; nothing was changed. Try again shortly.",
                        Map.of("loadId", id));
            }
            log.error("load {} of {} failed unexpectedly", id, req.sourceName(), e);
            history.fail(id, p.outcome(0, List.of()), "The load failed unexpectedly; nothing was changed.",
                    null, millis(started));
            throw e;
        }
    }

    /** Sizes of successful loads per layer (docs/operations.md): features loaded, and bytes of a file. */
    private void measure(LoadRequest req, LoadReport report) {
        DistributionSummary.builder("infill.load.features").description("Features loaded into a layer by one load")
                .baseUnit("features").tag("layer", report.layer()).register(meters).record(report.loaded());
        if (req.file() != null) {
            try {
                DistributionSummary.builder("infill.load.bytes").description("Size of the file of one load")
                        .baseUnit("bytes").tag("layer", report.layer()).register(meters).record(Files.size(req.file()));
            } catch (IOException e) {
                log.debug("load {}: file size unknown for the metric: {}", report.id(), e.toString());
            }
        }
    }

    /** SQLSTATE 57014: a statement cancelled, here by the load's statement_timeout. */
    private static boolean queryCancelled(Throwable e) {
        for (int depth = 0; e != null && depth < 20; depth++, e = e.getCause()) {
            if (e instanceof java.sql.SQLException sql && "57014".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private LoadReport run(long id, LoadRequest req, Progress p, long started, LoadLimits limits) {
        Layer layer = Layer.byId(req.layer()).orElseThrow(() -> new NotFound("layer",
                "Unknown layer '" + req.layer() + "'. Known layers: " + String.join(", ", Layer.ids()) + "."));
        if (Presets.IMRO.equals(req.preset()) && req.mappingJson() == null && req.harvest() == null) {
            return imroPlan(id, layer, req, p, started, limits);
        }
        Mapping mapping = req.mappingJson() != null
                ? Mapping.parse("mapping-file", req.mappingJson(), "mapping")
                : Mapping.preset(req.preset() != null ? req.preset() : Mapping.DEFAULT_PRESET);
        mapping.checkAgainst(layer, req.mappingJson() != null ? "mapping" : "preset " + mapping.name());
        Integer paramSrid = req.crs() == null || req.crs().isBlank() ? null : Crs.sridOf(req.crs(), "crs");

        String format = req.harvest() != null ? HarvestSource.FORMAT : sniff(req.file());
        p.format = format;
        try (FeatureSource source = req.harvest() != null ? harvester.open(id, req.harvest())
                : "gpkg".equals(format) ? GeoPackageSource.open(req.file(), blankToNull(req.table()), mapping.table(), limits)
                : "gml".equals(format) ? new GmlSource(req.file())
                : CityJsonSource.FORMAT.equals(format) ? new CityJsonSource(req.file())
                : new GeoJsonSource(req.file())) {
            p.table = source.table();
            if (p.watcher != null) {
                p.total = source.total();
            }
            source.readOnly(mapping.attributesRead(layer));
            if (source instanceof GeoPackageSource g) {
                checkDeclaredType(layer, g);
                checkSchema(layer, mapping, source, "table " + g.table());
            }
            LoadReport report = tx.execute(status -> stageAndSwap(id, layer, mapping, source, paramSrid, p, started, limits));
            return report;
        }
    }

    /** An IMRO plan as the zoning layer, its monuments as constraints (ImroLoad), in one transaction. */
    private LoadReport imroPlan(long id, Layer layer, LoadRequest req, Progress p, long started, LoadLimits limits) {
        if (layer != Layer.ZONING) {
            throw new InvalidInput("preset", "The imro preset derives the zoning layer from a plan; it cannot load "
                    + "layer " + layer.id() + ".");
        }
        p.format = sniff(req.file());
        if (!"gml".equals(p.format)) {
            throw new UnprocessableInput("file", "The imro preset reads an IMRO plan in GML; this file is "
                    + p.format + ".");
        }
        try (GmlSource source = new GmlSource(req.file())) {
            ImroLoad.Result r = tx.execute(status -> imro.load(id, source, started, limits));
            tx.executeWithoutResult(s -> events.publishEvent(new LayerLoaded(Layer.CONSTRAINTS.id(), id,
                    r.constraintsVersion())));
            return r.report();
        }
    }

    private LoadReport stageAndSwap(long id, Layer layer, Mapping mapping, FeatureSource source, Integer paramSrid,
                                    Progress p, long started, LoadLimits limits) {
        history.claim(id);
        staging.begin(limits.remaining());
        staging.create(layer);
        List<Layer.Column> cols = layer.columns();
        try (StagingStore.StageWriter out = staging.copy(layer)) {
            source.read((index, sourceType, sourceWkb, attrs, problem) -> {
                p.read++;
                if (p.watcher != null && p.read % WATCH_EVERY == 0) {
                    p.watcher.read(p.read, p.total, millis(started), false);
                }
                limits.check(p.read, out.bytes());
                if (!mapping.keeps(attrs)) {
                    p.filtered++;
                    return;
                }
                String type = sourceType;
                byte[] wkb = sourceWkb;
                String reason = problem;
                // a damaged or oversized geometry rejects its own feature, before the COPY could fail the load
                String bad = wkb == null ? null : WkbCheck.problem(wkb, props.maxVertices());
                if (bad != null) {
                    reason = bad;
                    type = null;
                    wkb = null;
                }
                if (type != null && !fits(layer, type)) {
                    if (p.firstMisfit < 0) {
                        p.firstMisfit = index;
                        p.firstMisfitType = type;
                    }
                    reason = "geometry is a " + type + "; layer " + layer.id() + " takes " + layer.geometryType();
                } else if (type != null) {
                    p.fitting++;
                }
                Object[] values = new Object[cols.size()];
                for (int i = 0; i < cols.size(); i++) {
                    Layer.Column c = cols.get(i);
                    var rule = mapping.rule(c.name());
                    if (rule.isEmpty()) {
                        values[i] = columnDefault(layer, c.name());
                        continue;
                    }
                    try {
                        values[i] = Values.convert(rule.get().apply(attrs), c.type());
                        if (values[i] == null) {
                            values[i] = columnDefault(layer, c.name());
                        } else if (values[i] instanceof String text && text.length() > props.maxTextLength()) {
                            values[i] = null;
                            throw new IllegalArgumentException(text.length() + " characters long, longer than "
                                    + props.maxTextLength() + " (infill.ingest.max-text-length)");
                        }
                    } catch (IllegalArgumentException e) {
                        if (reason == null) {
                            reason = "attribute " + c.name() + (rule.get().from() == null ? "" : " (from "
                                    + rule.get().from() + ")") + ": " + e.getMessage();
                        }
                    }
                }
                out.write(index, wkb, reason, values);
                p.staged++;
            });
        }
        if (p.watcher != null) {
            p.watcher.read(p.read, p.total, millis(started), true);
        }
        long tCopied = System.nanoTime();
        if (p.read == 0) {
            if (HarvestSource.FORMAT.equals(source.format())) {
                throw new UnprocessableInput("collection", "The collection " + source.table() + " gave no features"
                        + " (none in the bbox?); nothing to load.");
            }
            throw new UnprocessableInput(source.table() == null ? "features" : "table " + source.table(),
                    "The file has no features (empty).");
        }
        if (p.fitting == 0 && p.firstMisfit >= 0) {
            throw new UnprocessableInput(source.where(p.firstMisfit) + ".geometry", "Layer " + layer.id()
                    + " takes " + layer.geometryType() + " geometries (or their single/multi form); no feature of "
                    + "this file has one (the first is a " + p.firstMisfitType + "). Is it the right file for this layer?");
        }
        checkSchema(layer, mapping, source, source.table() == null ? "features[*].properties" : "table " + source.table());
        int srid = srid(paramSrid, source, mapping);
        p.crs = "EPSG:" + srid;
        if (!staging.sridKnown(srid)) {
            throw new UnprocessableInput("crs", "Unknown CRS EPSG:" + srid + ": PostGIS has no definition for it.");
        }
        if (p.staged == 0) {
            throw new UnprocessableInput("filter", "The mapping's row filter kept none of the " + p.read
                    + " features; nothing to load.");
        }
        // The layer is emptied and filled in this transaction; whatever fails from here on (no usable
        // feature included) rolls it back to what it was.
        staging.lock(layer);
        staging.timeout(limits.remaining());
        boolean bulk = p.staged >= props.bulkSwapRows();
        staging.clear(layer, bulk);
        int loaded = staging.fill(layer, id, srid, Crs.areaInNl(srid), p.crs);
        long tFilled = System.nanoTime();
        StagingStore.Counts counts = staging.counts(p.staged);
        List<LoadReport.Rejection> rejections = staging.rejections(props.maxReportedRejections(), srid, Crs.areaInNl(srid));
        if (counts.usable() == 0) {
            String first = rejections.isEmpty() ? "" : " The first: feature " + rejections.get(0).index() + ", "
                    + rejections.get(0).reason() + ".";
            throw new UnprocessableInput(rejections.isEmpty() ? "features" : source.where(rejections.get(0).index()),
                    "None of the "
                    + counts.rejected() + " features can be used; the layer was left as it was." + first,
                    Map.of("rejected", counts.rejected(), "rejections", rejections));
        }
        if (bulk) {
            staging.rebuild(layer);
        }
        staging.analyze(layer);
        long version = staging.bumpVersion(layer, id);
        long duration = millis(started);
        log.info("load {} of {}: read+copy {} ms, validate+write {} ms, indexes + statistics {} ms ({})", id, layer.id(),
                (tCopied - started) / 1_000_000, (tFilled - tCopied) / 1_000_000, millis(tFilled),
                bulk ? "bulk: rebuilt" : "kept");
        LoadStore.Outcome o = new LoadStore.Outcome(p.format, p.crs, p.table, p.read, p.filtered, loaded,
                counts.repaired(), counts.reduced(), counts.rejected(), rejections);
        history.succeed(id, o, version, duration);
        LoadReport report = history.find(id).orElseThrow();
        p.committing = true;
        return report;
    }

    private static void checkDeclaredType(Layer layer, GeoPackageSource g) {
        String t = g.geometryTypeName() == null ? "GEOMETRY" : g.geometryTypeName().toUpperCase();
        if (t.equals("GEOMETRY") || t.equals("GEOMETRYCOLLECTION")) {
            return;
        }
        String name = switch (t) {
            case "POINT" -> "Point";
            case "MULTIPOINT" -> "MultiPoint";
            case "LINESTRING" -> "LineString";
            case "MULTILINESTRING" -> "MultiLineString";
            case "POLYGON" -> "Polygon";
            case "MULTIPOLYGON" -> "MultiPolygon";
            default -> t;
        };
        if (!fits(layer, name)) {
            throw new UnprocessableInput("table " + g.table(), "Layer " + layer.id() + " takes "
                    + layer.geometryType() + " geometries; table " + g.table() + " holds " + name
                    + ". Is it the right table for this layer?");
        }
    }

    private static void checkSchema(Layer layer, Mapping mapping, FeatureSource source, String where) {
        for (Map.Entry<String, String> e : mapping.requiredSourceAttributes(layer).entrySet()) {
            if (java.util.Arrays.stream(e.getValue().split(" \\| ")).noneMatch(source.attributes()::contains)) {
                String what = e.getKey().startsWith("filter:") ? "the row filter" : "column " + e.getKey();
                throw new UnprocessableInput(where, "Required attribute '" + e.getValue() + "' (for " + what
                        + " of layer " + layer.id() + ") is missing from the source. Source attributes: "
                        + (source.attributes().isEmpty() ? "none" : String.join(", ", source.attributes())) + ".",
                        Map.of("attribute", e.getValue()));
            }
        }
    }

    private static int srid(Integer paramSrid, FeatureSource source, Mapping mapping) {
        if (paramSrid != null) {
            return paramSrid;
        }
        if (source.declaredCrs() != null) {
            return Crs.sridOf(source.declaredCrs(), "crs");
        }
        if (mapping.crs() != null) {
            return Crs.sridOf(mapping.crs(), "preset.crs");
        }
        if ("geojson".equals(source.format())) {
            return 4326; // RFC 7946: lon/lat on WGS 84 when nothing is declared
        }
        if (CityJsonSource.FORMAT.equals(source.format())) {
            throw new UnprocessableInput("metadata.referenceSystem", "The CityJSON file declares no CRS "
                    + "(metadata.referenceSystem): give one with --crs / 'crs', e.g. EPSG:28992.");
        }
        if ("gml".equals(source.format())) {
            throw new UnprocessableInput("crs", "The GML file declares no CRS (no srsName on its geometries or "
                    + "envelope): give one with --crs / 'crs', e.g. EPSG:28992.");
        }
        throw new UnprocessableInput("crs", "The GeoPackage table " + source.table()
                + " declares no CRS (undefined SRS): give one with --crs / 'crs', e.g. EPSG:28992.");
    }

    /** The table's column defaults (NOT NULL columns with a DEFAULT), applied while mapping. */
    private static Object columnDefault(Layer layer, String column) {
        if (layer == Layer.BUILDINGS && column.equals("monument")) {
            return false;
        }
        if (layer == Layer.STREETS && column.equals("walkable")) {
            return true;
        }
        return null;
    }

    static boolean fits(Layer layer, String type) {
        if (type.equals("GeometryCollection")) {
            return true;
        }
        return switch (layer.geometryType()) {
            case "MultiPolygon" -> type.equals("Polygon") || type.equals("MultiPolygon");
            case "LineString" -> type.equals("LineString") || type.equals("MultiLineString");
            case "Point" -> type.equals("Point") || type.equals("MultiPoint");
            default -> false;
        };
    }

    /** geojson, cityjson, gml or gpkg, from the first bytes: SQLite's magic header, or the first character of JSON (and CityJSON's members) or XML. */
    static String sniff(Path file) {
        byte[] head = new byte[16];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, 16);
            if (n == 16 && new String(head, 0, 15, java.nio.charset.StandardCharsets.US_ASCII).equals("SQLite format 3")) {
                return "gpkg";
            }
            int i = 0;
            int c = n > 0 ? head[0] & 0xff : -1;
            if (n >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
                i = 3;
            }
            for (; i < n; i++) {
                c = head[i] & 0xff;
                if (!Character.isWhitespace(c)) {
                    break;
                }
            }
            if (n == 0 || i == n && onlyWhitespace(in)) {
                throw new UnprocessableInput("file", "The file is empty.");
            }
            if (c == '{') {
                return CityJsonSource.looksLikeCityJson(file) ? CityJsonSource.FORMAT : "geojson";
            }
            if (c == '<') {
                return "gml";
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String name = file.getFileName().toString().toLowerCase();
        if (name.endsWith(".gpkg")) {
            throw new UnprocessableInput("file", "The file is not a GeoPackage (no SQLite header).");
        }
        throw new UnprocessableInput("line 1, column 1", "The file is neither GeoJSON (it does not start with '{'), "
                + "GML (XML, starting with '<') nor a GeoPackage (no SQLite header).");
    }

    private static boolean onlyWhitespace(InputStream in) throws IOException {
        int c;
        while ((c = in.read()) >= 0) {
            if (!Character.isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static long millis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}

package nl.infill.tiles;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

import nl.infill.analysis.AnalysisCompleted;
import nl.infill.catalogue.Catalogue;
import nl.infill.catalogue.VersionedReads;
import nl.infill.catalogue.CollectionId;
import nl.infill.ingest.LayerLoaded;
import nl.infill.layers.Layer;
import nl.infill.system.InvalidInput;
import nl.infill.system.NotFound;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Tiles by collection and z/x/y: validation, the in-memory cache and the data version that makes
 * tile URLs and ETags change with the data. The cache key holds the version, so a new version
 * can never be answered with an old tile; events only free the memory of old ones early.
 *
 * <p>The cache holds each tile gzip-compressed, compressed once when it is rendered: browsers
 * (and so Leaflet.VectorGrid and MapLibre) all accept gzip, and a cached tile is served by
 * copying bytes, so its cost is mostly bytes (44% of them left, docs/benchmarks.md). The rare
 * client without gzip gets the tile decompressed. Without a cache nothing is compressed: compressing on every
 * request would cost each uncached tile CPU on the same cores as PostgreSQL.
 */
@Service
class TileService {

    /**
     * A rendered tile with the version it was rendered for.
     *
     * @param gzip whether {@code body} is gzip-compressed (served with Content-Encoding: gzip)
     * @param etag strong, and different for the gzip and the plain representation, as RFC 9110
     *             (8.8.3) asks of representations that differ in content coding
     */
    record Tile(byte[] body, boolean gzip, String version, String etag, boolean versionMatches) {
    }

    /** A tile as the cache holds it: gzip-compressed unless compressing did not make it smaller. */
    private record Stored(byte[] bytes, boolean gzip) {
    }

    /**
     * @param criteria   the side channel of a results tile (its scaled criteria), not the tile
     * @param only     the attributes asked for ({@link #properties}), null for all
     */
    private record Key(String collection, String version, TileMatrixSet tms, int z, int x, int y, boolean criteria,
                       String only) {
    }

    /** Mercator circumference over a 256-pixel tile: metres per pixel at z0 on the equator. */
    private static final double Z0_PIXEL_M = 2 * Math.PI * 6378137.0 / 256;
    /** A client's v or an unknown scenario re-reads versions at most this often (cheap anyway). */
    private static final Duration FORCED_REFRESH_MIN_AGE = Duration.ofMillis(200);
    private static final Pattern NUMBER = Pattern.compile("\\d{1,10}");
    private static final Pattern VERSION = Pattern.compile("[a-z0-9]{1,64}");
    private static final int MAX_PROPERTIES_LENGTH = 500;
    private static final byte[] EMPTY_JSON = "[]".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private final TileStore store;
    private final TileVersions versions;
    private final Catalogue catalogue;
    private final TilesProperties properties;
    private final VersionedReads reads;
    private final Cache<Key, Stored> cache;
    private final Map<TileFamily, String> settingsTags = new LinkedHashMap<>();

    TileService(TileStore store, TileVersions versions, Catalogue catalogue, TilesProperties properties,
                MeterRegistry meters, VersionedReads reads) {
        this.store = store;
        this.reads = reads;
        this.versions = versions;
        this.catalogue = catalogue;
        this.properties = properties;
        this.cache = properties.cacheMaxBytes() == 0 ? null : Caffeine.newBuilder()
                .maximumWeight(properties.cacheMaxBytes())
                .<Key, Stored>weigher((k, v) -> v.bytes().length + 112)
                .recordStats()
                .build();
        if (cache != null) {
            // cache.gets{cache="tiles",result="hit"|"miss"}, evictions and size (docs/operations.md)
            CaffeineCacheMetrics.monitor(meters, cache, "tiles");
        }
        for (TileFamily f : TileFamily.values()) {
            // Settings shape the tile too: changing them must change the ETag.
            settingsTags.put(f, Integer.toHexString(Objects.hash(properties.maxFeatures(),
                    properties.simplifyPixels(), properties.minFeaturePixels(), properties.minZoom(f))));
        }
    }

    /**
     * A WebMercatorQuad tile of {@code /tiles}, whose coordinates out of range are 400s, with only
     * the attributes named in {@code properties} (comma-separated,
     * as pg_tileserv's {@code properties} parameter; empty: geometry and feature id only; null: all).
     * A map that draws a layer as background asks for what it styles by: the own basemap's
     * buildings come without attributes, half the bytes and a third of the decoding.
     *
     * @param acceptsGzip whether the client takes {@code Content-Encoding: gzip}
     */
    Tile tile(String collectionId, String zText, String xText, String yText, String v, String properties,
              boolean acceptsGzip) {
        int[] zxy = webMercator(zText, xText, yText);
        return serve(collectionId, TileMatrixSet.WEB_MERCATOR_QUAD, zxy[0], zxy[1], zxy[2], v, acceptsGzip, false,
                properties);
    }

    /**
     * The asked attributes in the family's order, joined by commas; null when all are asked (the
     * same tile as without the parameter). Names are checked against the family's fields, which
     * also makes them safe to put into the statement (TileStore).
     */
    static String properties(String asked, TileFamily family) {
        if (asked == null) {
            return null;
        }
        if (asked.length() > MAX_PROPERTIES_LENGTH) {
            throw new InvalidInput("properties", "Parameter 'properties' is at most " + MAX_PROPERTIES_LENGTH
                    + " characters: a comma-separated list of the collection's attributes.");
        }
        Set<String> names = new HashSet<>();
        for (String name : asked.split(",", -1)) {
            String n = name.strip();
            if (n.isEmpty()) {
                continue;
            }
            if (!family.fields().containsKey(n)) {
                throw new InvalidInput("properties", "Parameter 'properties' names '" + (n.length() > 40 ? n.substring(0, 40) + "…" : n)
                        + "', which this collection's tiles do not have; they have: "
                        + String.join(", ", family.fields().keySet()) + " (the TileJSON's vector_layers fields). "
                        + "Leave it empty for geometry and feature id only.");
            }
            names.add(n);
        }
        if (names.size() == family.fields().size()) {
            return null;
        }
        return String.join(",", family.fields().keySet().stream().filter(names::contains).toList());
    }

    /** z, x and y of a {@code /tiles} URL, checked: out of range is a 400 naming the parameter. */
    private int[] webMercator(String zText, String xText, String yText) {
        int z = (int) parse("z", zText, properties.maxZoom());
        long max = (1L << z) - 1;
        return new int[] {z, (int) parse("x", xText, max), (int) parse("y", yText, max)};
    }

    /**
     * The side channel of a WebMercatorQuad results tile: its parcels' scaled criteria as JSON
     * (results-criteria.sql), versioned, cached and served like the tile. The web map's live
     * re-weighting fetches it once a slider moves; the tile itself leaves the criteria out.
     */
    Tile criteria(String collectionId, String zText, String xText, String yText, String v, boolean acceptsGzip) {
        int[] zxy = webMercator(zText, xText, yText);
        if (collection(collectionId).family() != TileFamily.RESULTS) {
            throw new NotFound("collection", "Only results-{scenario} tiles have scaled criteria beside them; '"
                    + (collectionId.length() > 80 ? collectionId.substring(0, 80) + "…" : collectionId) + "' has none.");
        }
        return serve(collectionId, TileMatrixSet.WEB_MERCATOR_QUAD, zxy[0], zxy[1], zxy[2], v, acceptsGzip, true, null);
    }

    /** The highest level served in {@code tms}: the configured max zoom, at most the set's deepest level. */
    int maxLevel(TileMatrixSet tms) {
        return Math.min(properties.maxZoom(), tms.maxLevel());
    }

    /**
     * The lowest level with features of a family in {@code tms}. {@code infill.tiles.min-zoom} is
     * in WebMercatorQuad zooms; in another set it is the first level whose pixel is no larger than
     * a WebMercatorQuad pixel at that zoom in the Netherlands (latitude 52°), so features appear
     * at the same map scale in both grids.
     */
    int minLevel(TileMatrixSet tms, TileFamily family) {
        int minZoom = properties.minZoom(family);
        if (tms == TileMatrixSet.WEB_MERCATOR_QUAD || minZoom == 0) {
            return minZoom;
        }
        double pixelM = Z0_PIXEL_M / (1L << minZoom) * Math.cos(Math.toRadians(52));
        int level = 0;
        while (level < maxLevel(tms) && tms.cellSize(level) > pixelM) {
            level++;
        }
        return level;
    }

    /** A tile whose coordinates the caller has checked against {@code tms} and {@link #maxLevel}. */
    Tile tile(String collectionId, TileMatrixSet tms, int z, int x, int y, String v, boolean acceptsGzip) {
        return serve(collectionId, tms, z, x, y, v, acceptsGzip, false, null);
    }

    private Tile serve(String collectionId, TileMatrixSet tms, int z, int x, int y, String v, boolean acceptsGzip,
                       boolean criteria, String askedProperties) {
        if (v != null && !VERSION.matcher(v).matches()) {
            throw new InvalidInput("v", "Parameter 'v' is a data version as given in the tile URL of "
                    + "the collection's TileJSON (lower-case letters and digits).");
        }
        TileCollection c = collection(collectionId);
        String only = properties(askedProperties, c.family());
        if (v != null && !v.equals(c.version())) {
            // The client may know a newer version than this instance: look again before answering.
            c = versions.resolve(collectionId, versions.refreshIfOlderThan(FORCED_REFRESH_MIN_AGE))
                    .orElseThrow(() -> unknown(collectionId));
        }
        Stored stored = stored(c, tms, z, x, y, acceptsGzip, criteria, only);
        boolean gzip = stored.gzip() && acceptsGzip;
        byte[] body = stored.gzip() && !acceptsGzip ? Gzip.decompress(stored.bytes()) : stored.bytes();
        String etag = "\"" + c.version() + "-" + settingsTags.get(c.family())
                + (tms == TileMatrixSet.WEB_MERCATOR_QUAD ? "" : "-" + tms.srid()) + (criteria ? "-criteria" : "")
                + (only == null ? "" : "-p." + only.replace(',', '.'))
                + (gzip ? "-gzip" : "") + "\"";
        return new Tile(body, gzip, c.version(), etag, c.version().equals(v));
    }

    /**
     * The tile from the cache, or rendered (and cached). A fresh render that a client without
     * gzip asked for is returned plain, without the round trip through gzip.
     */
    private Stored stored(TileCollection c, TileMatrixSet tms, int z, int x, int y, boolean acceptsGzip,
                          boolean criteria, String only) {
        if (z < minLevel(tms, c.family())) {
            return new Stored(criteria ? EMPTY_JSON : new byte[0], false);
        }
        if (cache == null) {
            return new Stored(render(c, tms, z, x, y, criteria, only), false);
        }
        Key key = new Key(c.id(), c.version(), tms, z, x, y, criteria, only);
        Stored stored = cache.getIfPresent(key);
        if (stored == null) {
            byte[] plain = render(c, tms, z, x, y, criteria, only);
            byte[] gzipped = plain.length == 0 ? null : Gzip.compress(plain);
            stored = gzipped != null && gzipped.length < plain.length ? new Stored(gzipped, true) : new Stored(plain, false);
            cache.put(key, stored);
            if (stored.gzip() && !acceptsGzip) {
                return new Stored(plain, false);
            }
        }
        return stored;
    }

    private byte[] render(TileCollection c, TileMatrixSet tms, int z, int x, int y, boolean criteria, String only) {
        double pixelM;
        if (tms == TileMatrixSet.WEB_MERCATOR_QUAD) {
            // Ground size of a pixel at the tile's latitude: Mercator stretches by 1/cos(lat).
            double lat = Math.atan(Math.sinh(Math.PI * (1 - 2 * (y + 0.5) / (1L << z))));
            pixelM = Z0_PIXEL_M / (1L << z) * Math.cos(lat);
        } else {
            // RD New's scale error stays within 0.01% over the Netherlands: a cell is its ground size.
            pixelM = tms.cellSize(z);
        }
        double minSize = c.family().sizeFiltered() ? properties.minFeaturePixels() * pixelM : 0;
        var render = new TileStore.Render(tms, z, x, y, properties.simplifyPixels() * pixelM, minSize,
                properties.maxFeatures());
        // rendered for c.version() (URL, ETag, cache key): a standby serves it only at that version
        return reads.read(c.collection().id(), c.version(),
                () -> criteria ? store.criteria(c, render) : store.tile(c, render, only));
    }

    TileCollection collection(String id) {
        return versions.resolve(id, versions.current())
                .or(() -> versions.resolve(id, versions.refreshIfOlderThan(FORCED_REFRESH_MIN_AGE)))
                .orElseThrow(() -> unknown(id));
    }

    List<TileCollection> collections() {
        return versions.all();
    }

    /** TileJSON 3.0.0 of a collection; {@code baseUrl} is the service root as the client sees it. */
    Map<String, Object> tileJson(String id, String baseUrl) {
        TileCollection c = collection(id);
        int minZoom = properties.minZoom(c.family());
        int maxZoom = properties.maxZoom();
        // Kept per data version by the catalogue: a full scan on a million features otherwise,
        // and maps ask for TileJSON on every page load and after every run.
        double[] bounds = catalogue.extent(c.collection(), c.versions()).crs84();
        if (bounds == null) {
            bounds = new double[] {-180, -85.0511, 180, 85.0511};
        }
        int centerZoom = Math.min(maxZoom, Math.max(minZoom, 14));
        Map<String, Object> layer = new LinkedHashMap<>();
        layer.put("id", c.id());
        layer.put("description", c.title());
        layer.put("minzoom", minZoom);
        layer.put("maxzoom", maxZoom);
        layer.put("fields", c.family().fields());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("tilejson", "3.0.0");
        doc.put("name", c.id());
        doc.put("description", c.title() + "; data version " + c.version() + ".");
        doc.put("scheme", "xyz");
        doc.put("tiles", List.of(baseUrl + "/tiles/" + c.id() + "/{z}/{x}/{y}.mvt?v=" + c.version()));
        if (c.family() == TileFamily.RESULTS) {
            // not TileJSON's: where the scaled criteria of each tile's parcels are (live re-weighting)
            doc.put("criteria", baseUrl + "/tiles/" + c.id() + "/{z}/{x}/{y}.criteria?v=" + c.version());
        }
        doc.put("minzoom", minZoom);
        doc.put("maxzoom", maxZoom);
        doc.put("bounds", bounds);
        doc.put("center", new double[] {(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, centerZoom});
        doc.put("vector_layers", List.of(layer));
        return doc;
    }

    @EventListener
    void layerLoaded(LayerLoaded event) {
        versions.invalidate();
        evict(collection -> CollectionId.changesWithLayer(collection, event.layer()));
    }

    @EventListener
    void analysisCompleted(AnalysisCompleted event) {
        versions.invalidate();
        evict(collection -> CollectionId.changesWithScenario(collection, event.scenarioSlug()));
    }

    private void evict(Predicate<String> collection) {
        if (cache != null) {
            cache.asMap().keySet().removeIf(k -> collection.test(k.collection()));
        }
    }

    private static long parse(String name, String text, long max) {
        if (!NUMBER.matcher(text).matches() || Long.parseLong(text) > max) {
            throw new InvalidInput(name, "Parameter '" + name + "' must be a whole number from 0 to "
                    + max + (name.equals("z") ? " (the highest zoom served)." : " (2^z - 1 at this zoom)."));
        }
        return Long.parseLong(text);
    }

    private static NotFound unknown(String id) {
        return new NotFound("collection", "Unknown tile collection '" + (id.length() > 80 ? id.substring(0, 80) + "…" : id) + "'. Collections are the "
                + "layers (" + String.join(", ", Layer.ids()) + "), results-{scenario} and "
                + "neighbourhood-results-{scenario}; GET /tiles lists them.");
    }
}

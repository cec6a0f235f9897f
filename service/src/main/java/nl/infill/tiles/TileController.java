package nl.infill.tiles;

import java.util.List;
import java.util.Map;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Mapbox vector tiles in WebMercatorQuad and their TileJSON. An empty tile is a 200 with an empty
 * body (a valid tile without layers): Leaflet.VectorGrid, MapLibre and QGIS all draw it as empty,
 * and it keeps ETag revalidation uniform.
 */
@RestController
class TileController {

    static final MediaType MVT = MediaType.parseMediaType("application/vnd.mapbox-vector-tile");

    private final TileService tiles;
    private final TilesProperties properties;

    TileController(TileService tiles, TilesProperties properties) {
        this.tiles = tiles;
        this.properties = properties;
    }

    /**
     * A tile. {@code properties} (comma-separated, as pg_tileserv's) keeps only those attributes;
     * empty keeps the geometry and the feature id only; absent keeps all.
     */
    @GetMapping("/tiles/{collection}/{z}/{x}/{y}.mvt")
    ResponseEntity<byte[]> tile(@PathVariable String collection, @PathVariable String z, @PathVariable String x,
                                @PathVariable String y, @RequestParam(name = "v", required = false) String v,
                                @RequestParam(name = "properties", required = false) String only,
                                @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
                                @RequestHeader(name = HttpHeaders.ACCEPT_ENCODING, required = false) String acceptEncoding) {
        return respond(tiles.tile(collection, z, x, y, v, only, Gzip.accepted(acceptEncoding)), ifNoneMatch, properties);
    }

    /**
     * A results tile's side channel: {@code [[parcel_id, excluded, exclusion_reason, v_1 .. v_7], ...]},
     * the scaled criteria (score.sql's order) of the tile's parcels, for the web map's live re-weighting.
     */
    @GetMapping("/tiles/{collection}/{z}/{x}/{y}.criteria")
    ResponseEntity<byte[]> criteria(@PathVariable String collection, @PathVariable String z, @PathVariable String x,
                                    @PathVariable String y, @RequestParam(name = "v", required = false) String v,
                                    @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
                                    @RequestHeader(name = HttpHeaders.ACCEPT_ENCODING, required = false) String acceptEncoding) {
        return respond(tiles.criteria(collection, z, x, y, v, Gzip.accepted(acceptEncoding)), ifNoneMatch, properties,
                MediaType.APPLICATION_JSON);
    }

    /** A tile response: ETag, 304 on a matching If-None-Match, caching by the URL's version, gzip. */
    static ResponseEntity<byte[]> respond(TileService.Tile tile, String ifNoneMatch, TilesProperties properties) {
        return respond(tile, ifNoneMatch, properties, MVT);
    }

    private static ResponseEntity<byte[]> respond(TileService.Tile tile, String ifNoneMatch, TilesProperties properties,
                                                  MediaType type) {
        // Only a URL naming the current version may be cached without asking again: the URL
        // changes with the data. Anything else revalidates, cheaply, with the ETag.
        CacheControl cacheControl = tile.versionMatches()
                ? CacheControl.maxAge(properties.maxAge()).cachePublic().immutable()
                : CacheControl.noCache();
        if (matches(ifNoneMatch, tile.etag())) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(tile.etag()).cacheControl(cacheControl)
                    .varyBy(HttpHeaders.ACCEPT_ENCODING).build();
        }
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok().eTag(tile.etag()).cacheControl(cacheControl)
                .varyBy(HttpHeaders.ACCEPT_ENCODING).contentType(type);
        if (tile.gzip()) {
            ok.header(HttpHeaders.CONTENT_ENCODING, "gzip");
        }
        return ok.body(tile.body());
    }

    @GetMapping(path = "/tiles/{collection}.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> tileJson(@PathVariable String collection) {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache())
                .body(tiles.tileJson(collection, baseUrl()));
    }

    /** {@code GET /tiles}: every tile collection with its current version and URLs. */
    record TileIndex(List<Entry> collections) {

        /**
         * @param tilejson the collection's TileJSON
         * @param tiles    the tile URL template with the current data version
         */
        record Entry(String id, String title, String version, String tilejson, String tiles) {
        }
    }

    @GetMapping(path = "/tiles", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TileIndex> collections() {
        String base = baseUrl();
        List<TileIndex.Entry> list = tiles.collections().stream().map(c -> new TileIndex.Entry(c.id(), c.title(),
                c.version(), base + "/tiles/" + c.id() + ".json",
                base + "/tiles/" + c.id() + "/{z}/{x}/{y}.mvt?v=" + c.version())).toList();
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(new TileIndex(list));
    }

    /** If-None-Match uses the weak comparison (RFC 9110 13.1.2): W/"x" matches "x". */
    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String t = candidate.trim();
            if (t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(etag)) {
                return true;
            }
        }
        return false;
    }

    static String baseUrl() {
        return ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
    }
}

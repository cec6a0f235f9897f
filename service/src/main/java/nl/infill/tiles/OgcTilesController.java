package nl.infill.tiles;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import nl.infill.catalogue.Catalogue;
import nl.infill.catalogue.Collection;
import nl.infill.features.OgcApiExtension;
import nl.infill.presentation.Presentation.MapLayer;
import nl.infill.system.InvalidInput;
import nl.infill.system.NotFound;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * OGC API - Tiles 1.0 (OGC 20-057) under {@code /ogc}: the tile matrix sets, each collection's
 * vector tilesets in WebMercatorQuad and NetherlandsRDNewQuad, and their tiles, which come from
 * the same versioned cache as {@code /tiles} (so never stale); and a MapLibre style document per
 * map layer of a collection (OGC API - Styles' resource paths; that standard is a draft, so no
 * conformance class is declared for it). Tile coordinates outside the set are 404s, as the
 * standard asks (/req/core/tc-error), where {@code /tiles} answers 400.
 */
@RestController
@Tag(name = "OGC API - Tiles", description = "Vector tiles in WebMercatorQuad and NetherlandsRDNewQuad, and MapLibre styles (OGC 20-057, 17-083r4)")
class OgcTilesController implements OgcApiExtension {

    static final String REL_TILING_SCHEME = "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme";
    static final String REL_TILING_SCHEMES = "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes";
    static final String REL_TILESETS_VECTOR = "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector";
    static final String REL_STYLES = "http://www.opengis.net/def/rel/ogc/1.0/styles";
    private static final String JSON = MediaType.APPLICATION_JSON_VALUE;
    private static final Pattern NUMBER = Pattern.compile("\\d{1,10}");

    private static final List<String> CONFORMANCE = List.of(
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt",
            // OGC Two Dimensional Tile Matrix Set and Tile Set Metadata 2.0 (OGC 17-083r4)
            "http://www.opengis.net/spec/tms/2.0/conf/tilematrixset",
            "http://www.opengis.net/spec/tms/2.0/conf/json-tilematrixset",
            "http://www.opengis.net/spec/tms/2.0/conf/tilesetmetadata",
            "http://www.opengis.net/spec/tms/2.0/conf/json-tilesetmetadata");

    private final TileService tiles;
    private final TilesProperties properties;
    private final Catalogue catalogue;

    OgcTilesController(TileService tiles, TilesProperties properties, Catalogue catalogue) {
        this.tiles = tiles;
        this.properties = properties;
        this.catalogue = catalogue;
    }

    @Override
    public List<String> conformance() {
        return CONFORMANCE;
    }

    @Override
    public List<Link> landingLinks(String root) {
        return List.of(new Link(root + "/tileMatrixSets", REL_TILING_SCHEMES, JSON, "tile matrix sets"));
    }

    @Override
    public List<Link> collectionLinks(String root, Collection c) {
        String base = root + "/collections/" + c.id();
        List<Link> links = new ArrayList<>();
        links.add(new Link(base + "/tiles", REL_TILESETS_VECTOR, JSON, "vector tilesets"));
        if (!MapLibreStyles.layersOf(TileFamily.of(c)).isEmpty()) {
            links.add(new Link(base + "/styles", REL_STYLES, JSON, "MapLibre styles"));
        }
        return links;
    }

    /**
     * The OpenAPI path items of the tiles and styles resources (OGC 20-057's own OpenAPI building
     * blocks name the parameters the same: collectionId, tileMatrixSetId, tileMatrix, tileRow,
     * tileCol), so /ogc/api describes every path the OGC API serves.
     */
    @Override
    public Map<String, Object> apiPaths() {
        Map<String, Object> paths = new LinkedHashMap<>();
        Map<String, Object> collectionId = pathParam("collectionId", Map.of("type", "string"), "a collection id");
        Map<String, Object> tmsId = pathParam("tileMatrixSetId", Map.of("type", "string", "enum", TileMatrixSet.ids()),
                "a tile matrix set");
        paths.put("/tileMatrixSets", op("getTileMatrixSetsList", "The tile matrix sets tiles are served in",
                List.of(), jsonOk("the tile matrix sets"), false));
        paths.put("/tileMatrixSets/{tileMatrixSetId}", op("getTileMatrixSet", "A tile matrix set definition (OGC 17-083r4)",
                List.of(tmsId), jsonOk("the tile matrix set"), true));
        paths.put("/collections/{collectionId}/tiles", op("getCollectionTileSetsList",
                "The vector tilesets of a collection, one per tile matrix set", List.of(collectionId),
                jsonOk("the tilesets"), true));
        paths.put("/collections/{collectionId}/tiles/{tileMatrixSetId}", op("getCollectionTileSet",
                "Tileset metadata: tile URL template, levels, layers and fields", List.of(collectionId, tmsId),
                jsonOk("the tileset metadata"), true));
        Map<String, Object> integer = Map.of("type", "integer", "minimum", 0);
        Map<String, Object> tile = new LinkedHashMap<>();
        tile.put("200", Map.of("description", "A Mapbox vector tile (gzip-encoded when asked by Accept-Encoding)",
                "content", Map.of(TileController.MVT.toString(), Map.of("schema", Map.of("type", "string", "format", "binary")))));
        tile.put("304", Map.of("description", "Not modified (If-None-Match)"));
        paths.put("/collections/{collectionId}/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}", op(
                "getCollectionVectorTile", "A Mapbox vector tile; rows count from the top",
                List.of(collectionId, tmsId, pathParam("tileMatrix", integer, "the zoom level"),
                        pathParam("tileRow", integer, "the row, from the top"),
                        pathParam("tileCol", integer, "the column, from the left"),
                        Map.of("name", "v", "in", "query", "required", false, "style", "form", "explode", false,
                                "description", "data version from the tileset's URL template: with the current one the tile may be cached for good",
                                "schema", Map.of("type", "string"))),
                tile, true));
        paths.put("/collections/{collectionId}/styles", op("getCollectionStyles",
                "The MapLibre styles of a collection, one per map layer drawing it", List.of(collectionId),
                jsonOk("the styles"), true));
        paths.put("/collections/{collectionId}/styles/{styleId}", op("getCollectionStyle",
                "A MapLibre (Mapbox GL v8) style document", List.of(collectionId,
                        pathParam("styleId", Map.of("type", "string"), "a map layer id"),
                        Map.of("name", "f", "in", "query", "required", false, "style", "form", "explode", false,
                                "schema", Map.of("type", "string", "enum", List.of("mapbox")))),
                Map.of("200", Map.of("description", "The style document", "content",
                        Map.of(MapLibreStyles.MEDIA_TYPE, Map.of("schema", Map.of("type", "object"))))), true));
        return paths;
    }

    private static Map<String, Object> pathParam(String name, Map<String, Object> schema, String description) {
        return Map.of("name", name, "in", "path", "required", true, "description", description, "schema", schema);
    }

    private static Map<String, Object> jsonOk(String what) {
        return Map.of("200", Map.of("description", what, "content", Map.of(JSON, Map.of("schema", Map.of("type", "object")))));
    }

    private static Map<String, Object> op(String id, String summary, List<?> params, Map<String, Object> responses,
                                          boolean notFound) {
        Map<String, Object> r = new LinkedHashMap<>(responses);
        Map<String, Object> problem = Map.of("description", "A problem (RFC 9457) naming the parameter in 'where'",
                "content", Map.of("application/problem+json", Map.of("schema", Map.of("type", "object"))));
        r.put("400", problem);
        if (notFound) {
            r.put("404", problem);
        }
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("operationId", id);
        op.put("summary", summary);
        op.put("tags", List.of("OGC API - Tiles"));
        op.put("parameters", params);
        op.put("responses", r);
        return Map.of("get", op);
    }

    @GetMapping(path = "/ogc/tileMatrixSets", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The tile matrix sets tiles are served in")
    ResponseEntity<Map<String, Object>> tileMatrixSets() {
        String root = root();
        List<Map<String, Object>> list = new ArrayList<>();
        for (TileMatrixSet t : TileMatrixSet.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", t.id());
            m.put("title", t.title());
            if (t.uri() != null) {
                m.put("uri", t.uri());
            }
            m.put("crs", t.crsUri());
            m.put("links", List.of(link(root + "/tileMatrixSets/" + t.id(), REL_TILING_SCHEME, JSON, t.title())));
            list.add(m);
        }
        return ResponseEntity.ok(Map.of("tileMatrixSets", list));
    }

    @GetMapping(path = "/ogc/tileMatrixSets/{tileMatrixSetId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A tile matrix set definition (OGC 17-083r4 JSON encoding)")
    ResponseEntity<Map<String, Object>> tileMatrixSet(@PathVariable String tileMatrixSetId) {
        return ResponseEntity.ok(tms(tileMatrixSetId).document());
    }

    @GetMapping(path = "/ogc/collections/{collectionId}/tiles", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The vector tilesets of a collection, one per tile matrix set")
    ResponseEntity<Map<String, Object>> tilesets(@PathVariable String collectionId) {
        TileCollection c = tiles.collection(collectionId);
        String root = root();
        String base = root + "/collections/" + c.id() + "/tiles";
        List<Map<String, Object>> list = new ArrayList<>();
        for (TileMatrixSet t : TileMatrixSet.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("title", c.title() + " (" + t.id() + ")");
            m.put("dataType", "vector");
            m.put("crs", t.crsUri());
            if (t.uri() != null) {
                m.put("tileMatrixSetURI", t.uri());
            }
            m.put("links", List.of(link(base + "/" + t.id(), "self", JSON, "tileset metadata"),
                    link(root + "/tileMatrixSets/" + t.id(), REL_TILING_SCHEME, JSON, t.id() + " definition")));
            list.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("links", List.of(link(base, "self", JSON, "tilesets of " + c.id()),
                link(root + "/collections/" + c.id(), "collection", JSON, c.title())));
        body.put("tilesets", list);
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(body);
    }

    @GetMapping(path = "/ogc/collections/{collectionId}/tiles/{tileMatrixSetId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Tileset metadata: the tile URL template (with the data version), levels, layers and fields")
    ResponseEntity<Map<String, Object>> tileset(@PathVariable String collectionId, @PathVariable String tileMatrixSetId) {
        TileMatrixSet t = tms(tileMatrixSetId);
        TileCollection c = tiles.collection(collectionId);
        String root = root();
        String base = root + "/collections/" + c.id() + "/tiles/" + t.id();
        int minLevel = tiles.minLevel(t, c.family());
        int maxLevel = tiles.maxLevel(t);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", c.title() + " (" + t.id() + ")");
        body.put("description", c.title() + "; data version " + c.version() + ".");
        body.put("dataType", "vector");
        body.put("crs", t.crsUri());
        if (t.uri() != null) {
            body.put("tileMatrixSetURI", t.uri());
        }
        body.put("minTileMatrix", Integer.toString(minLevel));
        body.put("maxTileMatrix", Integer.toString(maxLevel));
        double[] e = catalogue.extent(c.collection(), c.versions()).crs84();
        if (e != null) {
            body.put("boundingBox", Map.of("lowerLeft", List.of(e[0], e[1]), "upperRight", List.of(e[2], e[3]),
                    "crs", "http://www.opengis.net/def/crs/OGC/1.3/CRS84"));
        }
        Map<String, Object> template = link(base + "/{tileMatrix}/{tileRow}/{tileCol}?v=" + c.version(), "item",
                TileController.MVT.toString(), "Mapbox vector tiles of this data version");
        template.put("templated", true);
        body.put("links", List.of(link(base, "self", JSON, "this tileset"),
                link(root + "/tileMatrixSets/" + t.id(), REL_TILING_SCHEME, JSON, t.id() + " definition"),
                link(root + "/collections/" + c.id(), "collection", JSON, c.title()),
                template));
        Map<String, Object> layer = new LinkedHashMap<>();
        layer.put("id", c.id());
        layer.put("title", c.title());
        layer.put("dataType", "vector");
        layer.put("geometryDimension", dimension(c.collection().geometryType()));
        layer.put("minTileMatrix", Integer.toString(minLevel));
        layer.put("maxTileMatrix", Integer.toString(maxLevel));
        Map<String, Object> fields = new LinkedHashMap<>();
        c.family().fields().forEach((name, description) -> {
            int colon = description.indexOf(':');
            fields.put(name, Map.of("type", description.substring(0, colon).toLowerCase(java.util.Locale.ROOT),
                    "description", description.substring(colon + 1).trim()));
        });
        layer.put("propertiesSchema", Map.of("type", "object", "properties", fields));
        body.put("layers", List.of(layer));
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(body);
    }

    @GetMapping("/ogc/collections/{collectionId}/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}")
    @Operation(summary = "A Mapbox vector tile; rows count from the top, as in both tile matrix sets")
    ResponseEntity<byte[]> tile(@PathVariable String collectionId, @PathVariable String tileMatrixSetId,
                                @PathVariable String tileMatrix, @PathVariable String tileRow,
                                @PathVariable String tileCol, @RequestParam(name = "v", required = false) String v,
                                @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
                                @RequestHeader(name = HttpHeaders.ACCEPT_ENCODING, required = false) String acceptEncoding) {
        TileMatrixSet t = tms(tileMatrixSetId);
        int z = (int) coordinate("tileMatrix", tileMatrix, tiles.maxLevel(t),
                "levels 0 to " + tiles.maxLevel(t) + " of " + t.id() + " are served");
        long max = (1L << z) - 1;
        int row = (int) coordinate("tileRow", tileRow, max, "tile matrix " + z + " of " + t.id() + " has rows 0 to " + max);
        int col = (int) coordinate("tileCol", tileCol, max, "tile matrix " + z + " of " + t.id() + " has columns 0 to " + max);
        TileService.Tile tile = tiles.tile(collectionId, t, z, col, row, v, Gzip.accepted(acceptEncoding));
        return TileController.respond(tile, ifNoneMatch, properties);
    }

    @GetMapping(path = "/ogc/collections/{collectionId}/styles", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The MapLibre styles of a collection, one per map layer drawing it")
    ResponseEntity<Map<String, Object>> styles(@PathVariable String collectionId) {
        TileCollection c = tiles.collection(collectionId);
        String base = root() + "/collections/" + c.id() + "/styles";
        List<Map<String, Object>> list = new ArrayList<>();
        for (MapLayer l : MapLibreStyles.layersOf(c.family())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", l.id());
            m.put("title", l.title().nl());
            m.put("links", List.of(link(base + "/" + l.id() + "?f=mapbox", "stylesheet", MapLibreStyles.MEDIA_TYPE,
                    "MapLibre / Mapbox GL style")));
            list.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (!list.isEmpty()) {
            body.put("default", list.get(0).get("id"));
        }
        body.put("styles", list);
        body.put("links", List.of(link(base, "self", JSON, "styles of " + c.id())));
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(body);
    }

    @GetMapping("/ogc/collections/{collectionId}/styles/{styleId}")
    @Operation(summary = "A MapLibre (Mapbox GL v8) style document over the collection's WebMercatorQuad tiles")
    ResponseEntity<Map<String, Object>> style(@PathVariable String collectionId, @PathVariable String styleId,
                                              @RequestParam(required = false) String f) {
        if (f != null && !f.equals("mapbox")) {
            throw new InvalidInput("f", "Styles are served as MapLibre / Mapbox GL style documents only: f=mapbox.");
        }
        TileCollection c = tiles.collection(collectionId);
        List<MapLayer> layers = MapLibreStyles.layersOf(c.family());
        MapLayer l = layers.stream().filter(x -> x.id().equals(styleId)).findFirst()
                .orElseThrow(() -> new NotFound("styleId", "Collection '" + c.id() + "' has no style '"
                        + (styleId.length() > 40 ? styleId.substring(0, 40) + "…" : styleId) + "'; it has "
                        + String.join(", ", layers.stream().map(MapLayer::id).toList()) + "."));
        TileMatrixSet t = TileMatrixSet.WEB_MERCATOR_QUAD;
        // MapLibre's {z}/{y}/{x} are WebMercatorQuad's tileMatrix/tileRow/tileCol.
        String url = root() + "/collections/" + c.id() + "/tiles/" + t.id() + "/{z}/{y}/{x}?v=" + c.version();
        double[] bounds = catalogue.extent(c.collection(), c.versions()).crs84();
        return ResponseEntity.ok().cacheControl(CacheControl.noCache())
                .contentType(MediaType.parseMediaType(MapLibreStyles.MEDIA_TYPE))
                .body(MapLibreStyles.document(l, c.family(), c.id(), url, tiles.minLevel(t, c.family()),
                        tiles.maxLevel(t), bounds));
    }

    private static TileMatrixSet tms(String id) {
        return TileMatrixSet.of(id).orElseThrow(() -> new NotFound("tileMatrixSetId", "Unknown tile matrix set '"
                + (id.length() > 40 ? id.substring(0, 40) + "…" : id) + "'; served are "
                + String.join(", ", TileMatrixSet.ids()) + "."));
    }

    private static long coordinate(String name, String text, long max, String range) {
        if (!NUMBER.matcher(text).matches() || Long.parseLong(text) > max) {
            throw new NotFound(name, "No tile at " + name + " '" + (text.length() > 20 ? text.substring(0, 20) + "…" : text)
                    + "': " + range + ".");
        }
        return Long.parseLong(text);
    }

    /** OGC TMS 2.0 geometryDimension: 0 points, 1 lines, 2 polygons. */
    private static int dimension(String geometryType) {
        String g = geometryType.toLowerCase(java.util.Locale.ROOT);
        return g.contains("point") ? 0 : g.contains("line") ? 1 : 2;
    }

    private static Map<String, Object> link(String href, String rel, String type, String title) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("href", href);
        m.put("rel", rel);
        m.put("type", type);
        m.put("title", title);
        return m;
    }

    private static String root() {
        return TileController.baseUrl() + "/ogc";
    }
}

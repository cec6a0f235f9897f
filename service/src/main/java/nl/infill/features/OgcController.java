package nl.infill.features;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import nl.infill.geo.Crs;
import nl.infill.catalogue.Catalogue;
import nl.infill.catalogue.Collection;
import nl.infill.catalogue.DataVersions;
import nl.infill.catalogue.VersionedReads;
import nl.infill.layers.Layer;
import nl.infill.system.NotFound;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import tools.jackson.databind.json.JsonMapper;

/**
 * OGC API - Features Part 1 (Core, GeoJSON, HTML, OpenAPI 3.0) and Part 2 (CRS by reference)
 * under {@code /ogc}. Each resource answers JSON or HTML by {@code f} or {@code Accept}.
 */
@RestController
@Tag(name = "OGC API - Features", description = "Standard access to layers and scenario results (OGC 17-069r4, 18-058r1)")
class OgcController {

    static final List<String> CONFORMANCE = List.of(
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
            "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
            // OGC API - Features Part 3: Filtering (OGC 19-079r2)
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
            // Common Query Language (OGC 21-065r2)
            "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
            "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
            "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
            "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
            "http://www.opengis.net/spec/cql2/1.0/conf/case-insensitive-comparison",
            "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
            "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
            "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions",
            "http://www.opengis.net/spec/cql2/1.0/conf/property-property",
            // OGC API - Features Part 8: Sorting (OGC 24-030, draft): the sortables resource. Not
            // "sorting": that class takes a list of sort keys, sortby here takes one.
            "http://www.opengis.net/spec/ogcapi-features-8/1.0/conf/sortables");

    private static final String TITLE = "Infill: redevelopment potential per parcel";

    private final Catalogue catalogue;
    private final FeatureStore store;
    private final ItemsQuery items;
    private final OgcApiDocument apiDocument;
    private final Exporter exporter;
    private final JsonMapper json;
    private final List<OgcApiExtension> extensions;
    private final List<String> conformance;
    private final VersionedReads reads;

    OgcController(Catalogue catalogue, FeatureStore store, ItemsQuery items, OgcApiDocument apiDocument,
                  Exporter exporter, List<OgcApiExtension> extensions, VersionedReads reads) {
        this.exporter = exporter;
        this.catalogue = catalogue;
        this.reads = reads;
        this.store = store;
        this.items = items;
        this.apiDocument = apiDocument;
        this.json = JsonMapper.builder().build();
        this.extensions = extensions;
        List<String> all = new ArrayList<>(CONFORMANCE);
        extensions.forEach(e -> all.addAll(e.conformance()));
        this.conformance = List.copyOf(all);
    }

    @GetMapping({"/ogc", "/ogc/"})
    @Operation(summary = "Landing page", description = "Links to the API definition, conformance and collections.")
    ResponseEntity<String> landing(@Parameter(description = "json or html") @RequestParam(required = false) String f,
                                   @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        Format format = Format.of(f, accept);
        String root = OgcLinks.root();
        List<Map<String, Object>> links = new ArrayList<>(selfLinks(format, root, OgcLinks.JSON, "this document"));
        links.add(OgcLinks.link(root + "/api", "service-desc", OgcLinks.OPENAPI, "the API definition (OpenAPI 3.0)"));
        links.add(OgcLinks.link(root + "/api?f=html", "service-doc", OgcLinks.HTML, "the API documentation"));
        links.add(OgcLinks.link(root + "/conformance", "conformance", OgcLinks.JSON, "conformance classes"));
        links.add(OgcLinks.link(root + "/collections", "data", OgcLinks.JSON, "collections"));
        extensions.forEach(e -> e.landingLinks(root).forEach(l -> links.add(link(l))));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", TITLE);
        body.put("description", "Parcels, buildings, zoning, amenities, neighbourhoods, streets, constraints "
                + "and the results of every scenario, in CRS84 or EPSG:28992.");
        body.put("links", links);
        if (format == Format.HTML) {
            return html(Html.page(TITLE, "<p>" + Html.esc(body.get("description")) + "</p>" + Html.links(links)));
        }
        return ok(OgcLinks.JSON, body);
    }

    @GetMapping("/ogc/conformance")
    @Operation(summary = "Conformance classes implemented")
    ResponseEntity<String> conformance(@RequestParam(required = false) String f,
                                       @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        Format format = Format.of(f, accept);
        if (format == Format.HTML) {
            StringBuilder b = new StringBuilder("<ul>");
            conformance.forEach(c -> b.append("<li>").append(Html.esc(c)).append("</li>"));
            return html(Html.page("Conformance", b.append("</ul>").toString()));
        }
        return ok(OgcLinks.JSON, Map.of("conformsTo", conformance));
    }

    @GetMapping("/ogc/api")
    @Operation(summary = "The OpenAPI 3.0 definition of the OGC API", description = "HTML: a page pointing to Swagger UI.")
    ResponseEntity<String> api(@RequestParam(required = false) String f,
                               @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        Format format = Format.of(f, accept);
        if (format == Format.HTML) {
            String root = OgcLinks.root();
            String swagger = root.substring(0, root.length() - "/ogc".length()) + "/swagger-ui.html";
            return html(Html.page("API definition", "<p>" + Html.link(swagger, "Swagger UI") + " documents every "
                    + "endpoint of the service; " + Html.link(root + "/api?f=json", "the OpenAPI 3.0 document")
                    + " describes this OGC API.</p>"));
        }
        return ok(OgcLinks.OPENAPI, apiDocument.build(OgcLinks.root(), catalogue.collections(catalogue.versions()), extensions));
    }

    @GetMapping("/ogc/collections")
    @Operation(summary = "The collections: every layer and each scenario's results")
    ResponseEntity<String> collections(@RequestParam(required = false) String f,
                                       @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        Format format = Format.of(f, accept);
        String root = OgcLinks.root();
        DataVersions versions = catalogue.versions();
        List<Map<String, Object>> list = catalogue.collections(versions).stream().map(c -> collection(root, c, versions))
                .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("links", selfLinks(format, root + "/collections", OgcLinks.JSON, "collections"));
        body.put("crs", Crs.uris());
        body.put("collections", list);
        if (format == Format.HTML) {
            StringBuilder b = new StringBuilder("<table><tr><th>Collection</th><th>Title</th><th>Items</th></tr>");
            for (Map<String, Object> c : list) {
                String href = root + "/collections/" + c.get("id");
                b.append("<tr><td>").append(Html.link(href + "?f=html", (String) c.get("id"))).append("</td><td>")
                        .append(Html.esc(c.get("title"))).append("</td><td>")
                        .append(Html.link(href + "/items?f=html", "items")).append("</td></tr>");
            }
            return html(Html.page("Collections", b.append("</table>").toString()));
        }
        return ok(OgcLinks.JSON, body);
    }

    @GetMapping("/ogc/collections/{collectionId}")
    @Operation(summary = "One collection: extent, CRSs, links")
    ResponseEntity<String> collection(@PathVariable String collectionId, @RequestParam(required = false) String f,
                                      @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        Format format = Format.of(f, accept);
        DataVersions versions = catalogue.versions();
        Collection c = catalogue.collection(collectionId, versions).orElseThrow(() -> unknown(collectionId));
        String root = OgcLinks.root();
        Map<String, Object> body = collection(root, c, versions);
        List<Map<String, Object>> links = new ArrayList<>(selfLinks(format, root + "/collections/" + c.id(),
                OgcLinks.JSON, "this collection"));
        links.addAll(itemLinks(root, c));
        body.put("links", links);
        if (format == Format.HTML) {
            Map<String, Object> rows = new LinkedHashMap<>();
            rows.put("id", c.id().value());
            rows.put("description", c.description());
            rows.put("geometry", c.geometryType());
            rows.put("properties", String.join(", ", c.columnNames()));
            rows.put("extent (CRS84)", body.get("extent") == null ? "empty" : json.writeValueAsString(body.get("extent")));
            return html(Html.page(c.title(), Html.table(rows) + Html.links(links)));
        }
        return ok(OgcLinks.JSON, body);
    }

    @GetMapping("/ogc/collections/{collectionId}/queryables")
    @Operation(summary = "Queryable properties (JSON Schema): the names accepted in filter and as property=value")
    ResponseEntity<String> queryables(@PathVariable String collectionId, @RequestParam(required = false) String f,
                                      @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        return propertySchema(collection(collectionId), "queryables", Format.of(f, accept));
    }

    @GetMapping("/ogc/collections/{collectionId}/sortables")
    @Operation(summary = "Sortable properties (JSON Schema): the names accepted in sortby (OGC API - Features Part 8 draft)")
    ResponseEntity<String> sortables(@PathVariable String collectionId, @RequestParam(required = false) String f,
                                     @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        return propertySchema(collection(collectionId), "sortables", Format.of(f, accept));
    }

    /** Queryables (with the geometry) or sortables (without) as JSON Schema 2020-12. */
    private ResponseEntity<String> propertySchema(Collection c, String kind, Format format) {
        Map<String, Object> props = new LinkedHashMap<>();
        if (kind.equals("queryables")) {
            // Spatial queryables carry a format and no type (OGC 19-079r2 /req/queryables/get-queryables-response).
            props.put(CollectionQueryables.GEOMETRY, Map.of("title", "geometry", "format",
                    CollectionQueryables.geometryFormat(c), "x-ogc-role", "primary-geometry"));
        }
        for (Layer.Column p : c.columns()) {
            props.put(p.name(), Map.of("title", p.name(), "type", p.type().jsonSchemaType()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        body.put("$id", OgcLinks.root() + "/collections/" + c.id() + "/" + kind);
        body.put("type", "object");
        body.put("title", c.title());
        body.put("properties", props);
        body.put("additionalProperties", false);
        if (format == Format.HTML) {
            return html(Html.page(Character.toUpperCase(kind.charAt(0)) + kind.substring(1) + " of " + c.id(),
                    Html.table(props)));
        }
        return ok(OgcLinks.SCHEMA, body);
    }

    @GetMapping("/ogc/collections/{collectionId}/items")
    @Operation(summary = "Features of a collection, one keyset page at a time",
            description = "Filters: bbox (with bbox-crs), property=value for each queryable, a CQL2 filter (filter, "
                    + "filter-lang, filter-crs), sortby=+prop|-prop. Follow the next/prev links to page; crs picks the "
                    + "output CRS. numberMatched is given up to infill.features.count-limit.")
    ResponseEntity<String> items(
            @PathVariable String collectionId,
            @Parameter(description = "minx,miny,maxx,maxy in bbox-crs (default CRS84)") @RequestParam(required = false) String bbox,
            @Parameter(description = "CRS URI of bbox") @RequestParam(name = "bbox-crs", required = false) String bboxCrs,
            @Parameter(description = "CRS URI of the output (CRS84 or EPSG:28992)") @RequestParam(required = false) String crs,
            @Parameter(description = "features per page (1..max, default configurable)") @RequestParam(required = false) String limit,
            @Parameter(description = "+prop or -prop") @RequestParam(required = false) String sortby,
            @Parameter(description = "opaque token of the next link") @RequestParam(required = false) String after,
            @Parameter(description = "opaque token of the prev link") @RequestParam(required = false) String before,
            @Parameter(description = "CQL2 filter, e.g. score_class >= 4 AND S_INTERSECTS(geometry, BBOX(4.47,52.04,4.5,52.06))")
            @RequestParam(required = false) String filter,
            @Parameter(description = "cql2-text (default) or cql2-json") @RequestParam(name = "filter-lang", required = false) String filterLang,
            @Parameter(description = "CRS URI of the filter's geometries (default CRS84)") @RequestParam(name = "filter-crs", required = false) String filterCrs,
            @Parameter(description = "json, html or fgb (FlatGeobuf of this page's features)") @RequestParam(required = false) String f,
            @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> params,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        Format format = Format.of(f, accept);
        DataVersions versions = catalogue.versions();
        Collection c = catalogue.collection(collectionId, versions).orElseThrow(() -> unknown(collectionId));
        // a standby answers only once it shows the version the primary has now: never an older page
        ItemsQuery.Page page = reads.read(c.id(), versions.token(c.id()), () -> items.page(c, params));
        String root = OgcLinks.root();
        List<Map<String, Object>> links = new ArrayList<>();
        Map<String, String> none = new LinkedHashMap<>();
        links.add(OgcLinks.link(OgcLinks.current(withF(none, format == Format.HTML ? "html" : null)), "self",
                format == Format.HTML ? OgcLinks.HTML : OgcLinks.GEOJSON, "this page"));
        links.add(OgcLinks.link(OgcLinks.current(withF(none, format == Format.HTML ? "json" : "html")), "alternate",
                format == Format.HTML ? OgcLinks.GEOJSON : OgcLinks.HTML, "this page as " + (format == Format.HTML ? "GeoJSON" : "HTML")));
        links.add(OgcLinks.link(OgcLinks.current(withF(none, "fgb")), "alternate", OgcLinks.FLATGEOBUF,
                "this page as FlatGeobuf"));
        String type = format == Format.HTML ? OgcLinks.HTML : OgcLinks.GEOJSON;
        if (page.next() != null) {
            links.add(OgcLinks.link(OgcLinks.current(paging("after", page.next())), "next", type, "next page"));
        }
        if (page.prev() != null) {
            links.add(OgcLinks.link(OgcLinks.current(paging("before", page.prev())), "prev", type, "previous page"));
        }
        links.add(OgcLinks.link(root + "/collections/" + c.id(), "collection", OgcLinks.JSON, "the collection"));
        String timeStamp = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        if (format == Format.HTML) {
            return html(itemsHtml(c, page, links), page.crs());
        }
        StringBuilder b = new StringBuilder(64 + page.rows().size() * 512);
        b.append("{\"type\":\"FeatureCollection\",\"timeStamp\":\"").append(timeStamp)
                .append("\",\"numberReturned\":").append(page.rows().size())
                .append(page.numberMatched() == null ? "" : ",\"numberMatched\":" + page.numberMatched())
                .append(",\"links\":").append(json.writeValueAsString(links))
                .append(",\"features\":[");
        for (int i = 0; i < page.rows().size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(page.rows().get(i).json());
        }
        b.append("]}");
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(OgcLinks.GEOJSON))
                .header("Content-Crs", "<" + page.crs().uri() + ">").body(b.toString());
    }

    /**
     * The page's features as one FlatGeobuf file, streamed like the export (/api/export): the
     * same selection, order and limit as the GeoJSON page, in the asked crs, named after the
     * collection. No links: a client pages through the GeoJSON and takes each page's alternate.
     * Its own mapping (params f=fgb) because Spring streams a StreamingResponseBody only from a
     * method declared to return one.
     */
    @GetMapping(path = "/ogc/collections/{collectionId}/items", params = "f=fgb")
    @Operation(summary = "The features of one items page as FlatGeobuf (f=fgb)")
    ResponseEntity<StreamingResponseBody> itemsFlatGeobuf(@PathVariable String collectionId,
            @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> params) {
        Collection c = collection(collectionId);
        Crs crs = Crs.ofUri(ItemsQuery.single(params, "crs"), "crs");
        Selection s = items.pageFile(c, params);
        String token = reads.token(c.id());
        StreamingResponseBody body = out -> exporter.write(Exporter.Kind.FLATGEOBUF, s, crs, false, token, out);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(OgcLinks.FLATGEOBUF))
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + c.id() + ".fgb\"")
                .header("Content-Crs", "<" + crs.uri() + ">").body(body);
    }

    @GetMapping("/ogc/collections/{collectionId}/items/{featureId}")
    @Operation(summary = "One feature by id")
    ResponseEntity<String> item(@PathVariable String collectionId, @PathVariable String featureId,
                                @RequestParam(required = false) String crs, @RequestParam(required = false) String f,
                                @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        Format format = Format.of(f, accept);
        Collection c = collection(collectionId);
        Crs out = Crs.ofUri(crs, "crs");
        long id;
        try {
            id = Long.parseLong(featureId);
        } catch (NumberFormatException e) {
            throw unknownFeature(c, featureId);
        }
        long fid = id;
        String feature = reads.read(c.id(), () -> store.feature(c, fid, out)).orElseThrow(() -> unknownFeature(c, featureId));
        String root = OgcLinks.root();
        String href = root + "/collections/" + c.id() + "/items/" + id;
        List<Map<String, Object>> links = new ArrayList<>(selfLinks(format, href, OgcLinks.GEOJSON, "this feature"));
        links.add(OgcLinks.link(root + "/collections/" + c.id(), "collection", OgcLinks.JSON, "the collection"));
        if (format == Format.HTML) {
            Map<?, ?> parsed = json.readValue(feature, Map.class);
            return html(Html.page(c.id() + " " + id, Html.table(castMap(parsed.get("properties")))
                    + "<p>Geometry (" + Html.esc(out.uri()) + "):</p><pre>" + Html.esc(json.writeValueAsString(parsed.get("geometry")))
                    + "</pre>" + Html.links(links)), out);
        }
        String body = feature.substring(0, feature.length() - 1) + ",\"links\":" + json.writeValueAsString(links) + "}";
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(OgcLinks.GEOJSON))
                .header("Content-Crs", "<" + out.uri() + ">").body(body);
    }

    private Collection collection(String collectionId) {
        return catalogue.collection(collectionId).orElseThrow(() -> unknown(collectionId));
    }

    private static NotFound unknown(String collectionId) {
        return new NotFound("collectionId", "Unknown collection '" + Crs.abbreviate(collectionId)
                + "'. See /ogc/collections for the list.");
    }

    private static NotFound unknownFeature(Collection c, String featureId) {
        return new NotFound("featureId", "Collection '" + c.id() + "' has no feature '"
                + Crs.abbreviate(featureId) + "'.");
    }

    private Map<String, Object> collection(String root, Collection c, DataVersions versions) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id().value());
        m.put("title", c.title());
        m.put("description", c.description());
        m.put("itemType", "feature");
        m.put("crs", Crs.uris());
        m.put("storageCrs", Crs.RD.uri());
        double[] e = catalogue.extent(c, versions).crs84();
        if (e != null) {
            m.put("extent", Map.of("spatial", Map.of("bbox", List.of(List.of(e[0], e[1], e[2], e[3])),
                    "crs", Crs.CRS84.uri())));
        }
        List<Map<String, Object>> links = new ArrayList<>();
        links.add(OgcLinks.link(root + "/collections/" + c.id(), "self", OgcLinks.JSON, c.title()));
        links.addAll(itemLinks(root, c));
        m.put("links", links);
        return m;
    }

    private List<Map<String, Object>> itemLinks(String root, Collection c) {
        String items = root + "/collections/" + c.id() + "/items";
        List<Map<String, Object>> links = new ArrayList<>(List.of(
                OgcLinks.link(items, "items", OgcLinks.GEOJSON, "features as GeoJSON"),
                OgcLinks.link(items + "?f=html", "items", OgcLinks.HTML, "features as HTML"),
                OgcLinks.link(root + "/collections/" + c.id() + "/queryables",
                        "http://www.opengis.net/def/rel/ogc/1.0/queryables", OgcLinks.SCHEMA, "queryable properties"),
                OgcLinks.link(root + "/collections/" + c.id() + "/sortables",
                        "http://www.opengis.net/def/rel/ogc/1.0/sortables", OgcLinks.SCHEMA, "sortable properties")));
        extensions.forEach(e -> e.collectionLinks(root, c).forEach(l -> links.add(link(l))));
        return links;
    }

    private static Map<String, Object> link(OgcApiExtension.Link l) {
        return OgcLinks.link(l.href(), l.rel(), l.type(), l.title());
    }

    private static List<Map<String, Object>> selfLinks(Format format, String href, String jsonType, String title) {
        String sep = href.contains("?") ? "&" : "?";
        Map<String, Object> asJson = OgcLinks.link(href + sep + "f=json", format == Format.JSON ? "self" : "alternate",
                jsonType, title + " as JSON");
        Map<String, Object> asHtml = OgcLinks.link(href + sep + "f=html", format == Format.HTML ? "self" : "alternate",
                OgcLinks.HTML, title + " as HTML");
        if (format == Format.JSON) {
            asJson.put("href", href);
            return List.of(asJson, asHtml);
        }
        return List.of(asHtml, asJson);
    }

    private String itemsHtml(Collection c, ItemsQuery.Page page, List<Map<String, Object>> links) {
        StringBuilder b = new StringBuilder("<p>").append(page.rows().size())
                .append(page.numberMatched() == null ? "" : " of " + page.numberMatched())
                .append(" feature(s).</p><table><tr><th>id</th>");
        c.columnNames().forEach(n -> b.append("<th>").append(Html.esc(n)).append("</th>"));
        b.append("</tr>");
        String base = OgcLinks.root() + "/collections/" + c.id() + "/items/";
        for (FeatureStore.FeatureRow row : page.rows()) {
            Map<String, Object> props = castMap(json.readValue(row.json(), Map.class).get("properties"));
            b.append("<tr><td>").append(Html.link(base + row.id() + "?f=html", Long.toString(row.id()))).append("</td>");
            c.columnNames().forEach(n -> b.append("<td>").append(Html.esc(props.get(n))).append("</td>"));
            b.append("</tr>");
        }
        b.append("</table>").append(Html.links(links));
        return Html.page(c.title(), b.toString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static Map<String, String> withF(Map<String, String> base, String f) {
        Map<String, String> m = new LinkedHashMap<>(base);
        m.put("f", f);
        return m;
    }

    private static Map<String, String> paging(String name, String token) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("after", null);
        m.put("before", null);
        m.put(name, token);
        return m;
    }

    private ResponseEntity<String> ok(String type, Object body) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(type)).body(json.writeValueAsString(body));
    }

    private static ResponseEntity<String> html(String page) {
        return ResponseEntity.ok().contentType(new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8)).body(page);
    }

    private static ResponseEntity<String> html(String page, Crs crs) {
        return ResponseEntity.ok().contentType(new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8))
                .header("Content-Crs", "<" + crs.uri() + ">").body(page);
    }
}

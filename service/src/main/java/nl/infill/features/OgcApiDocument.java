package nl.infill.features;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import nl.infill.geo.Crs;
import nl.infill.catalogue.Collection;
import nl.infill.layers.Layer;

/**
 * The OpenAPI 3.0 document of the OGC API ({@code /ogc/api}), generated so that it always lists
 * the current collections with their filter parameters, and every other path served under
 * {@code /ogc} (tiles, tile matrix sets, styles: {@link OgcApiExtension#apiPaths()}): the OGC suite and clients read the
 * accepted parameters of each items path from here (OGC 17-069r4 /req/oas30/*). Parameter
 * definitions follow the standard's own OpenAPI fragments (bbox, limit, datetime, crs).
 */
@Component
class OgcApiDocument {

    private final FeaturesSettings settings;

    OgcApiDocument(FeaturesSettings settings) {
        this.settings = settings;
    }

    Map<String, Object> build(String serverUrl, List<Collection> collections, List<OgcApiExtension> extensions) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.0.3");
        doc.put("info", Map.of("title", "Infill OGC API - Features", "version", "1.0.0",
                "description", "Layers and scenario results of Infill as OGC API - Features (Parts 1 and 2).",
                "license", Map.of("name", "Data licences as supplied by the sources")));
        doc.put("servers", List.of(Map.of("url", serverUrl)));
        Map<String, Object> paths = new LinkedHashMap<>();
        paths.put("/", get("getLandingPage", "Landing page", List.of(fParam()), json("landing page")));
        paths.put("/conformance", get("getConformanceDeclaration", "Conformance classes", List.of(fParam()),
                json("conformance classes")));
        paths.put("/api", get("getApiDefinition", "This API definition", List.of(fParam()),
                Map.of("200", Map.of("description", "The OpenAPI document",
                        "content", Map.of(OgcLinks.OPENAPI, Map.of("schema", Map.of("type", "object")),
                                "text/html", Map.of("schema", Map.of("type", "string")))))));
        paths.put("/collections", get("getCollections", "Collections", List.of(fParam()), json("collections")));
        // The templated paths serve clients that look for them (QGIS reads limit's maximum and
        // default here); the concrete paths below add each collection's filter parameters.
        Map<String, Object> collectionId = Map.of("name", "collectionId", "in", "path", "required", true,
                "schema", Map.of("type", "string"));
        paths.put("/collections/{collectionId}", get("describeCollection", "A collection",
                List.of(collectionId, fParam()), json("collection metadata"), "404", problem()));
        paths.put("/collections/{collectionId}/items", get("getFeatures", "Features of a collection",
                List.of(collectionId, limit(), bbox(), bboxCrs(), crs(), datetime(),
                        stringParam("sortby", "+property or -property (one queryable)"),
                        stringParam("after", "paging token of a next link"),
                        stringParam("before", "paging token of a prev link"), filter(), filterLang(), filterCrs(), itemsF()),
                features(), "404", problem()));
        paths.put("/collections/{collectionId}/items/{featureId}", get("getFeature", "One feature",
                List.of(collectionId, featureId(), crs(), fParam()), feature()));
        for (Collection c : collections) {
            String base = "/collections/" + c.id();
            paths.put(base, get("describeCollection_" + op(c), "Collection " + c.id(), List.of(fParam()),
                    json("collection metadata")));
            for (String kind : List.of("queryables", "sortables")) {
                paths.put(base + "/" + kind, get("get" + Character.toUpperCase(kind.charAt(0)) + kind.substring(1) + "_"
                        + op(c), kind + " of " + c.id(), List.of(fParam()),
                        Map.of("200", Map.of("description", "JSON Schema of the " + kind.substring(0, kind.length() - 1)
                                + " properties", "content", Map.of(OgcLinks.SCHEMA, Map.of("schema", Map.of("type", "object"))))),
                        "404", problem()));
            }
            List<Object> params = new ArrayList<>(List.of(limit(), bbox(), bboxCrs(), crs(), datetime(),
                    stringParam("sortby", "+property or -property (one queryable)"),
                    stringParam("after", "paging token of a next link"),
                    stringParam("before", "paging token of a prev link"), filter(), filterLang(), filterCrs(), itemsF()));
            for (Layer.Column p : c.columns()) {
                params.add(Map.of("name", p.name(), "in", "query", "required", false, "style", "form", "explode", false,
                        "description", "equality filter on " + p.name(), "schema", Map.of("type", p.type().jsonSchemaType())));
            }
            paths.put(base + "/items", get("getFeatures_" + op(c), "Features of " + c.id(), params, features()));
            paths.put(base + "/items/{featureId}", get("getFeature_" + op(c), "One feature of " + c.id(),
                    List.of(featureId(), crs(), fParam()),
                    feature()));
        }
        // Tiles and styles: their module describes its own paths.
        extensions.forEach(e -> paths.putAll(e.apiPaths()));
        doc.put("paths", paths);
        return doc;
    }

    private static String op(Collection c) {
        return c.id().value().replace('-', '_');
    }

    private static Map<String, Object> get(String id, String summary, List<?> params, Map<String, Object> responses) {
        return get(id, summary, params, responses, null, null);
    }

    private static Map<String, Object> get(String id, String summary, List<?> params, Map<String, Object> responses,
                                           String extraCode, Object extra) {
        Map<String, Object> r = new LinkedHashMap<>(responses);
        r.put("400", problem());
        if (extraCode != null) {
            r.put(extraCode, extra);
        }
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("operationId", id);
        op.put("summary", summary);
        op.put("parameters", params);
        op.put("responses", r);
        return Map.of("get", op);
    }

    private static Map<String, Object> json(String what) {
        return Map.of("200", Map.of("description", what, "content", Map.of(
                OgcLinks.JSON, Map.of("schema", Map.of("type", "object")),
                OgcLinks.HTML, Map.of("schema", Map.of("type", "string")))));
    }

    private static Map<String, Object> features() {
        return Map.of("200", Map.of("description", "A GeoJSON FeatureCollection (one page), or the page's features "
                        + "as FlatGeobuf (f=fgb)",
                "headers", Map.of("Content-Crs", Map.of("schema", Map.of("type", "string"))),
                "content", Map.of(OgcLinks.GEOJSON, Map.of("schema", Map.of("type", "object")),
                        OgcLinks.HTML, Map.of("schema", Map.of("type", "string")),
                        OgcLinks.FLATGEOBUF, Map.of("schema", Map.of("type", "string", "format", "binary")))));
    }

    private static Map<String, Object> feature() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("200", Map.of("description", "A GeoJSON Feature",
                "headers", Map.of("Content-Crs", Map.of("schema", Map.of("type", "string"))),
                "content", Map.of(OgcLinks.GEOJSON, Map.of("schema", Map.of("type", "object")),
                        OgcLinks.HTML, Map.of("schema", Map.of("type", "string")))));
        r.put("404", problem());
        return r;
    }

    private static Map<String, Object> featureId() {
        return Map.of("name", "featureId", "in", "path", "required", true, "schema", Map.of("type", "string"));
    }

    private static Map<String, Object> problem() {
        return Map.of("description", "A problem (RFC 9457) naming the parameter in 'where'",
                "content", Map.of("application/problem+json", Map.of("schema", Map.of("type", "object"))));
    }

    private Map<String, Object> limit() {
        return Map.of("name", "limit", "in", "query", "required", false, "style", "form", "explode", false,
                "description", "features per page",
                "schema", Map.of("type", "integer", "minimum", 1, "maximum", settings.maxLimit(),
                        "default", settings.defaultLimit()));
    }

    private static Map<String, Object> bbox() {
        return Map.of("name", "bbox", "in", "query", "required", false, "style", "form", "explode", false,
                "description", "minx,miny,maxx,maxy (or 6 numbers with heights) in bbox-crs",
                "schema", Map.of("type", "array", "minItems", 4, "maxItems", 6, "items", Map.of("type", "number")));
    }

    private static Map<String, Object> bboxCrs() {
        return Map.of("name", "bbox-crs", "in", "query", "required", false, "style", "form", "explode", false,
                "schema", Map.of("type", "string", "format", "uri", "enum", Crs.uris(), "default", Crs.CRS84.uri()));
    }

    private static Map<String, Object> crs() {
        return Map.of("name", "crs", "in", "query", "required", false, "style", "form", "explode", false,
                "schema", Map.of("type", "string", "format", "uri", "enum", Crs.uris(), "default", Crs.CRS84.uri()));
    }

    private static Map<String, Object> datetime() {
        return Map.of("name", "datetime", "in", "query", "required", false, "style", "form", "explode", false,
                "description", "accepted; the collections have no temporal properties, so it selects every feature",
                "schema", Map.of("type", "string"));
    }

    /** The three parameters of OGC 19-079r2 (openapi/parameters/filter*.yml there). */
    private static Map<String, Object> filter() {
        return Map.of("name", "filter", "in", "query", "required", false, "style", "form", "explode", false,
                "description", "CQL2 filter expression over the queryables (see /collections/{collectionId}/queryables)",
                "schema", Map.of("type", "string"));
    }

    private static Map<String, Object> filterLang() {
        return Map.of("name", "filter-lang", "in", "query", "required", false, "style", "form",
                "schema", Map.of("type", "string", "enum", List.of("cql2-text", "cql2-json"), "default", "cql2-text"));
    }

    private static Map<String, Object> filterCrs() {
        return Map.of("name", "filter-crs", "in", "query", "required", false, "style", "form", "explode", false,
                "schema", Map.of("type", "string", "format", "uri-reference", "enum", Crs.uris(), "default", Crs.CRS84.uri()));
    }

    private static Map<String, Object> stringParam(String name, String description) {
        return Map.of("name", name, "in", "query", "required", false, "style", "form", "explode", false,
                "description", description, "schema", Map.of("type", "string"));
    }

    private static Map<String, Object> itemsF() {
        return Map.of("name", "f", "in", "query", "required", false, "style", "form", "explode", false,
                "description", "json (GeoJSON), html, or fgb: the page's features as one FlatGeobuf file",
                "schema", Map.of("type", "string", "enum", List.of("json", "html", "fgb")));
    }

    private static Map<String, Object> fParam() {
        return Map.of("name", "f", "in", "query", "required", false, "style", "form", "explode", false,
                "schema", Map.of("type", "string", "enum", List.of("json", "html")));
    }
}

package nl.infill.features;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import nl.infill.catalogue.Collection;
import nl.infill.layers.Layer;

/**
 * Which rows of a collection a request selects: SQL predicates written by this package (over
 * whitelisted columns of alias {@code t}) with their bound values, an order and an optional
 * row limit. Items pages, spatial queries and exports all build one and hand it to
 * {@link FeatureStore}, so the same filters mean the same rows everywhere.
 */
final class Selection {

    private final Collection collection;
    private String from;
    private final List<String> where = new ArrayList<>();
    private final Map<String, Object> params = new LinkedHashMap<>();
    private String order;
    private Integer limit;

    Selection(Collection collection) {
        this.collection = collection;
        this.from = collection.relation() + " t";
        this.order = "t." + collection.idColumn();
        if (collection.scenario() != null) {
            where.add("t.scenario = :scenario");
            params.put("scenario", collection.scenario());
        }
    }

    Collection collection() {
        return collection;
    }

    /** Restricts to a bbox; an empty bbox (outside RD's area) selects nothing. */
    Selection bbox(Bbox bbox) {
        if (bbox == null) {
            return this;
        }
        if (bbox.empty()) {
            where.add("false");
            return this;
        }
        // Long edges are densified before projecting, so a box in degrees keeps its curved shape in RD.
        where.add("t.geom && ST_Transform(ST_Segmentize(ST_GeomFromText(:bbox, :bboxSrid), :bboxSeg), 28992)"
                + " AND ST_Intersects(t.geom, ST_Transform(ST_Segmentize(ST_GeomFromText(:bbox, :bboxSrid), :bboxSeg), 28992))");
        params.put("bbox", bbox.wkt());
        params.put("bboxSrid", bbox.srid());
        params.put("bboxSeg", bbox.srid() == 4326 ? 0.01 : 1000.0);
        return this;
    }

    /** Equality on a whitelisted property (the name was checked against the collection). */
    Selection equal(Layer.Column prop, Object value) {
        String param = "f" + params.size();
        where.add("t." + prop.name() + " = :" + param);
        params.put(param, value);
        return this;
    }

    /** Restricts to features intersecting a validated GeoJSON geometry in the given SRID. */
    Selection intersects(String geoJson, int srid) {
        // The posted geometry is projected once, then the GiST index narrows before the exact test.
        from = "(SELECT ST_Transform(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(:qgeom), :qsrid)), 28992) AS g) q"
                + " CROSS JOIN " + from;
        where.add("t.geom && q.g AND ST_Intersects(t.geom, q.g)");
        params.put("qgeom", geoJson);
        params.put("qsrid", srid);
        return this;
    }

    /** Restricts to features within {@code distance} metres of a point. */
    Selection within(double x, double y, int srid, double distance) {
        where.add("ST_DWithin(t.geom, ST_Transform(ST_SetSRID(ST_MakePoint(:px, :py), :psrid), 28992), :pdist)");
        params.put("px", x);
        params.put("py", y);
        params.put("psrid", srid);
        params.put("pdist", distance);
        order = "ST_Distance(t.geom, ST_Transform(ST_SetSRID(ST_MakePoint(:px, :py), :psrid), 28992)), t." + collection.idColumn();
        return this;
    }

    /** The k features nearest to a point (by the GiST index's distance operator), nearest first. */
    Selection nearest(double x, double y, int srid, int k) {
        String point = "ST_Transform(ST_SetSRID(ST_MakePoint(:px, :py), :psrid), 28992)";
        String inner = "SELECT * FROM " + collection.relation() + " t"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY t.geom <-> " + point + " LIMIT :pk";
        from = "(" + inner + ") t";
        where.clear();
        params.put("px", x);
        params.put("py", y);
        params.put("psrid", srid);
        params.put("pk", k);
        order = "t.geom <-> " + point + ", t." + collection.idColumn();
        return this;
    }

    Selection where(String predicate) {
        where.add(predicate);
        return this;
    }

    Selection param(String name, Object value) {
        params.put(name, value);
        return this;
    }

    Selection orderBy(String order) {
        this.order = order;
        return this;
    }

    Selection limit(Integer limit) {
        this.limit = limit;
        return this;
    }

    String from() {
        return from;
    }

    String whereSql() {
        return where.isEmpty() ? "true" : String.join(" AND ", where);
    }

    String order() {
        return order;
    }

    Integer limit() {
        return limit;
    }

    Map<String, Object> params() {
        return params;
    }
}

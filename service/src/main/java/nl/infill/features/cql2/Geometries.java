package nl.infill.features.cql2;

import java.util.List;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Builds the JTS geometry of a literal from positions read by either encoding (WKT in text,
 * GeoJSON in JSON), so that both are checked alike: heights dropped (the data is 2D), every
 * vertex counted against the budget, rings closed and long enough.
 */
final class Geometries {

    static final GeometryFactory FACTORY = new GeometryFactory();

    private final Literals literals;

    Geometries(Literals literals) {
        this.literals = literals;
    }

    Coordinate position(double x, double y) {
        literals.vertex();
        return new Coordinate(x, y);
    }

    Point point(Coordinate c) {
        return FACTORY.createPoint(c);
    }

    LineString lineString(List<Coordinate> cs) {
        if (cs.size() < 2) {
            throw Problems.bad("A linestring needs at least 2 positions.");
        }
        return FACTORY.createLineString(cs.toArray(Coordinate[]::new));
    }

    Polygon polygon(List<List<Coordinate>> rings) {
        if (rings.isEmpty()) {
            throw Problems.bad("A polygon needs at least one ring.");
        }
        LinearRing shell = ring(rings.get(0));
        LinearRing[] holes = rings.subList(1, rings.size()).stream().map(this::ring).toArray(LinearRing[]::new);
        return FACTORY.createPolygon(shell, holes);
    }

    Geometry multiPoint(List<Point> points) {
        return FACTORY.createMultiPoint(points.toArray(Point[]::new));
    }

    Geometry multiLineString(List<LineString> lines) {
        return FACTORY.createMultiLineString(lines.toArray(LineString[]::new));
    }

    Geometry multiPolygon(List<Polygon> polygons) {
        return FACTORY.createMultiPolygon(polygons.toArray(Polygon[]::new));
    }

    Geometry collection(List<Geometry> members) {
        return FACTORY.createGeometryCollection(members.toArray(Geometry[]::new));
    }

    /**
     * A {@code BBOX} (4 numbers, or 6 with heights that are ignored) as a polygon; in CRS84 a box
     * whose west edge lies east of its east edge crosses the antimeridian (OGC 21-065r2, 7.6) and
     * the reader cannot know the CRS yet, so that case is kept as given and split by the emitter.
     */
    Ast.GeometryValue bbox(double[] n) {
        if (n.length != 4 && n.length != 6) {
            throw Problems.bad("BBOX takes 4 numbers (minx, miny, maxx, maxy) or 6 with heights; got " + n.length + ".");
        }
        double minX = n[0];
        double minY = n[1];
        double maxX = n.length == 4 ? n[2] : n[3];
        double maxY = n.length == 4 ? n[3] : n[4];
        if (minY > maxY) {
            throw Problems.bad("BBOX has its lower edge above its upper edge.");
        }
        for (int i = 0; i < 4; i++) {
            literals.vertex();
        }
        Coordinate[] ring = {new Coordinate(minX, minY), new Coordinate(maxX, minY), new Coordinate(maxX, maxY),
                new Coordinate(minX, maxY), new Coordinate(minX, minY)};
        return new Ast.GeometryValue(FACTORY.createPolygon(ring), List.of(minX, minY, maxX, maxY));
    }

    private LinearRing ring(List<Coordinate> cs) {
        if (cs.size() < 4) {
            throw Problems.bad("A polygon ring needs at least 4 positions; got " + cs.size() + ".");
        }
        if (!cs.get(0).equals2D(cs.get(cs.size() - 1))) {
            throw Problems.bad("A polygon ring must end at its first position.");
        }
        return FACTORY.createLinearRing(cs.toArray(Coordinate[]::new));
    }
}

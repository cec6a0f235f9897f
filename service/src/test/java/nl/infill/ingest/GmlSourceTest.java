package nl.infill.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import nl.infill.support.SharedData;
import nl.infill.system.DomainException;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;

/** The GML reader alone: geometry in, WKT or numbers out; attributes as the flattening rule names them. */
class GmlSourceTest {

    record Read(long index, String type, Geometry geom, Map<String, Object> props, String problem) {
    }

    private static final String GML32 = "xmlns:gml=\"http://www.opengis.net/gml/3.2\"";
    private static final String GML31 = "xmlns:gml=\"http://www.opengis.net/gml\"";

    static List<Read> read(GmlSource src, String xml) {
        List<Read> out = new ArrayList<>();
        src.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), (i, type, wkb, props, problem) -> {
            try {
                out.add(new Read(i, type, wkb == null ? null : new WKBReader().read(wkb), props, problem));
            } catch (ParseException e) {
                throw new IllegalStateException(e);
            }
        });
        return out;
    }

    static List<Read> read(String xml) {
        return read(new GmlSource(null), xml);
    }

    static String collection(String gmlNs, String features) {
        return "<?xml version=\"1.0\"?><x:Collection xmlns:x=\"urn:test\" " + gmlNs + " "
                + "xmlns:xlink=\"http://www.w3.org/1999/xlink\">" + features + "</x:Collection>";
    }

    static String member(String feature) {
        return "<x:featureMember>" + feature + "</x:featureMember>";
    }

    static String surface(String srs, String ring) {
        return "<gml:Surface srsName=\"" + srs + "\"><gml:patches><gml:PolygonPatch><gml:exterior>" + ring
                + "</gml:exterior></gml:PolygonPatch></gml:patches></gml:Surface>";
    }

    @Test
    void polygonIsChosenOverTheLabelPointWhicheverComesFirst() {
        String point = "<x:plaatscoordinaten><gml:Point srsName=\"urn:ogc:def:crs:EPSG::28992\"><gml:pos>5 5</gml:pos>"
                + "</gml:Point></x:plaatscoordinaten>";
        String polygon = "<x:begrenzingPerceel><gml:Polygon srsName=\"urn:ogc:def:crs:EPSG::28992\"><gml:exterior>"
                + "<gml:LinearRing><gml:posList>0 0 10 0 10 10 0 10 0 0</gml:posList></gml:LinearRing></gml:exterior>"
                + "</gml:Polygon></x:begrenzingPerceel>";
        List<Read> r = read(collection(GML32, member("<x:Perceel gml:id=\"p1\">" + point + polygon + "</x:Perceel>")
                + member("<x:Perceel gml:id=\"p2\">" + polygon + point + "</x:Perceel>")));
        assertThat(r).extracting(Read::type).containsExactly("Polygon", "Polygon");
        assertThat(r.get(0).geom().getArea()).isEqualTo(100.0);
        assertThat(r.get(0).props()).containsEntry("gml_id", "p1").containsEntry("feature_type", "Perceel");
    }

    @Test
    void gml31AndGml32ReadTheSameSurface() {
        String ring = "<gml:LinearRing><gml:posList>0 0 4 0 4 3 0 0</gml:posList></gml:LinearRing>";
        Geometry a = read(collection(GML31, member("<x:F><x:g>" + surface("EPSG:28992", ring) + "</x:g></x:F>")))
                .get(0).geom();
        Geometry b = read(collection(GML32, member("<x:F><x:g>" + surface("EPSG:28992", ring) + "</x:g></x:F>")))
                .get(0).geom();
        // a right triangle with legs 4 and 3: area 6
        assertThat(a.getArea()).isEqualTo(6.0);
        assertThat(a.equalsExact(b)).isTrue();
    }

    @Test
    void everyEpsgSpellingOfRdIsRecognised() {
        for (String srs : List.of("EPSG:28992", "urn:ogc:def:crs:EPSG::28992", "urn:ogc:def:crs:EPSG:6.9:28992",
                "http://www.opengis.net/def/crs/EPSG/0/28992", "http://www.opengis.net/gml/srs/epsg.xml#28992",
                "urn:x-ogc:def:crs:EPSG:28992")) {
            GmlSource src = new GmlSource(null);
            List<Read> r = read(src, collection(GML32, member("<x:F><x:g><gml:Point srsName=\"" + srs
                    + "\"><gml:pos>155000 463000</gml:pos></gml:Point></x:g></x:F>")));
            assertThat(src.declaredCrs()).as(srs).isEqualTo("EPSG:28992");
            assertThat(r.get(0).geom().getCoordinate()).isEqualTo(new Coordinate(155000, 463000));
        }
    }

    @Test
    void wgs84UrnIsLatitudeFirstAndTheShortFormLongitudeFirst() {
        GmlSource urn = new GmlSource(null);
        Geometry a = read(urn, collection(GML32, member("<x:F><x:g><gml:Point srsName=\"urn:ogc:def:crs:EPSG::4326\">"
                + "<gml:pos>52.06 4.49</gml:pos></gml:Point></x:g></x:F>"))).get(0).geom();
        Geometry b = read(collection(GML32, member("<x:F><x:g><gml:Point srsName=\"EPSG:4326\">"
                + "<gml:pos>4.49 52.06</gml:pos></gml:Point></x:g></x:F>"))).get(0).geom();
        assertThat(urn.declaredCrs()).isEqualTo("EPSG:4326");
        assertThat(a.getCoordinate()).isEqualTo(new Coordinate(4.49, 52.06)).isEqualTo(b.getCoordinate());
    }

    @Test
    void arcIsLinearisedWithinTheChordToleranceAndKeepsItsEnds() {
        // a half circle of radius 10 round (0,0) from (10,0) over (0,10) to (-10,0)
        List<Coordinate> pts = GmlSource.arc(new Coordinate(10, 0), new Coordinate(0, 10), new Coordinate(-10, 0), false);
        assertThat(pts.get(0)).isEqualTo(new Coordinate(10, 0));
        assertThat(pts.get(pts.size() - 1)).isEqualTo(new Coordinate(-10, 0));
        double maxDeviation = 0;
        for (int i = 0; i + 1 < pts.size(); i++) {
            Coordinate p = pts.get(i);
            assertThat(Math.hypot(p.x, p.y)).isCloseTo(10, within(1e-9));
            assertThat(p.y).isGreaterThanOrEqualTo(-1e-9);
            // the chord's midpoint is where it is furthest from the arc
            Coordinate q = pts.get(i + 1);
            maxDeviation = Math.max(maxDeviation, 10 - Math.hypot((p.x + q.x) / 2, (p.y + q.y) / 2));
        }
        assertThat(maxDeviation).isLessThanOrEqualTo(GmlSource.MAX_CHORD_DEVIATION_M).isGreaterThan(0.005);
        // step 2 acos(1 - 0.01/10) = 0.08945 rad: a half circle needs ceil(pi / 0.08945) = 36 chords
        assertThat(pts).hasSize(37);
    }

    @Test
    void clockwiseArcGoesTheShortWayThroughItsMiddlePoint() {
        List<Coordinate> pts = GmlSource.arc(new Coordinate(-10, 0), new Coordinate(0, 10), new Coordinate(10, 0), false);
        assertThat(pts).allSatisfy(p -> assertThat(p.y).isGreaterThanOrEqualTo(-1e-9));
    }

    @Test
    void circleBecomesAClosedRingOfItsArea() {
        // the Tynaarlo plan's circle: radius 6 round (235346.2, 566340.49)
        String ring = "<gml:Ring><gml:curveMember><gml:Curve><gml:segments><gml:Circle><gml:posList>235352.2 566340.49 "
                + "235346.2 566346.49 235340.2 566340.49</gml:posList></gml:Circle></gml:segments></gml:Curve>"
                + "</gml:curveMember></gml:Ring>";
        Geometry g = read(collection(GML32, member("<x:F><x:g>" + surface("EPSG:28992", ring) + "</x:g></x:F>")))
                .get(0).geom();
        assertThat(g.isValid()).isTrue();
        // pi r^2 = 113.097; the inscribed polygon loses at most 2/3 of the deviation times the perimeter
        assertThat(g.getArea()).isCloseTo(Math.PI * 36, within(2.0 / 3 * 0.01 * 2 * Math.PI * 6));
    }

    @Test
    void ringOfLineAndArcSegmentsIsOneClosedPolygon() {
        // a 10 x 10 square whose top side is replaced by a half circle bulging up (radius 5)
        String ring = "<gml:Ring><gml:curveMember><gml:Curve><gml:segments>"
                + "<gml:LineStringSegment><gml:posList>10 10 10 0 0 0 0 10</gml:posList></gml:LineStringSegment>"
                + "<gml:Arc><gml:posList>0 10 5 15 10 10</gml:posList></gml:Arc>"
                + "</gml:segments></gml:Curve></gml:curveMember></gml:Ring>";
        Geometry g = read(collection(GML32, member("<x:F><x:g>" + surface("EPSG:28992", ring) + "</x:g></x:F>")))
                .get(0).geom();
        assertThat(g.isValid()).isTrue();
        // the chords cut off at most 2/3 x 0.01 m x the arc's length (5 pi) = 0.105 m2
        assertThat(g.getArea()).isCloseTo(100 + Math.PI * 25 / 2, within(2.0 / 3 * 0.01 * Math.PI * 5))
                .isLessThan(100 + Math.PI * 25 / 2);
    }

    @Test
    void arcWithTwoPositionsIsRejectedNamingTheFeature() {
        String ring = "<gml:Ring><gml:curveMember><gml:Curve><gml:segments>"
                + "<gml:LineStringSegment><gml:posList>10 10 10 0 0 0 0 10</gml:posList></gml:LineStringSegment>"
                + "<gml:Arc><gml:posList>0 10 10 10</gml:posList></gml:Arc>"
                + "</gml:segments></gml:Curve></gml:curveMember></gml:Ring>";
        Read r = read(collection(GML32, member("<x:F gml:id=\"NL.IMRO.broken\"><x:geometrie>" + surface("EPSG:28992", ring)
                + "</x:geometrie></x:F>"))).get(0);
        assertThat(r.geom()).isNull();
        assertThat(r.problem()).contains("NL.IMRO.broken").contains("gml:Arc needs 3 positions").contains("has 2");
    }

    @Test
    void collinearArcIsItsLineWhenTheMiddleLiesBetweenAndAnErrorOtherwise() {
        assertThat(GmlSource.arc(new Coordinate(0, 0), new Coordinate(5, 0), new Coordinate(10, 0), false))
                .containsExactly(new Coordinate(0, 0), new Coordinate(5, 0), new Coordinate(10, 0));
        GmlSource.GeometryProblem e = catchThrowableOfType(GmlSource.GeometryProblem.class,
                () -> GmlSource.arc(new Coordinate(0, 0), new Coordinate(15, 0), new Coordinate(10, 0), false));
        assertThat(e).hasMessageContaining("lie on one line");
    }

    @Test
    void nestedAttributesAreNamedByTheirPropertyPathAndRepeatsKeptAsAList() {
        String f = "<x:Maatvoering gml:id=\"m1\"><x:naam>maatvoering</x:naam>"
                + "<x:maatvoeringInfo><x:WaardeEnType><x:waarde>13,5</x:waarde><x:waardeType>maximum bouwhoogte (m)"
                + "</x:waardeType></x:WaardeEnType></x:maatvoeringInfo>"
                + "<x:maatvoeringInfo><x:WaardeEnType><x:waarde>9</x:waarde><x:waardeType>maximum goothoogte (m)"
                + "</x:waardeType></x:WaardeEnType></x:maatvoeringInfo>"
                + "<x:plangebied xlink:href=\"#NL.IMRO.plan\"/>"
                + "<x:geometrie><gml:Point srsName=\"EPSG:28992\"><gml:pos>1 2</gml:pos></gml:Point></x:geometrie>"
                + "</x:Maatvoering>";
        Map<String, Object> p = read(collection(GML32, member(f))).get(0).props();
        assertThat(p).containsEntry("naam", "maatvoering")
                .containsEntry("maatvoeringInfo.waarde", List.of("13,5", "9"))
                .containsEntry("maatvoeringInfo.waardeType", List.of("maximum bouwhoogte (m)", "maximum goothoogte (m)"))
                .containsEntry("waarde", List.of("13,5", "9"))
                .containsEntry("plangebied", "#NL.IMRO.plan");
    }

    @Test
    void unknownGmlNamespaceIsAProblemNamingIt() {
        DomainException p = catchThrowableOfType(DomainException.class,
                () -> read(collection("xmlns:gml=\"http://www.opengis.net/gml/9.9\"", "")));
        assertThat(p.getMessage()).contains("Unknown GML namespace").contains("gml/9.9");
    }

    @Test
    void xmlThatIsNotGmlIsAProblemNamingTheRootElement() {
        DomainException p = catchThrowableOfType(DomainException.class,
                () -> read("<kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document/></kml>"));
        assertThat(p.getMessage()).contains("not GML").contains("kml");
    }

    @Test
    void doctypeIsRefused() {
        DomainException p = catchThrowableOfType(DomainException.class,
                () -> read("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x/>"));
        assertThat(p).isNotNull();
    }

    @Test
    void realKadastraleKaartGivesElevenParcelPolygonsWithTheirDesignation() {
        Path file = SharedData.file("brk-sample/kadastralekaart_perceel.gml");
        GmlSource src = new GmlSource(file);
        List<Read> r = new ArrayList<>();
        src.read((i, type, wkb, props, problem) -> r.add(new Read(i, type, null, props, problem)));
        assertThat(r).hasSize(11).allSatisfy(x -> {
            assertThat(x.type()).isEqualTo("Polygon");
            assertThat(x.problem()).isNull();
        });
        assertThat(r.get(0).props()).containsEntry("kadastraleAanduiding.aKRKadastraleGemeenteCode.waarde", "OTL02")
                .containsEntry("sectie", "B").containsEntry("perceelnummer", "2298")
                .containsEntry("kadastraleGrootte.waarde", "222");
        assertThat(src.declaredCrs()).isEqualTo("EPSG:28992");
    }
}

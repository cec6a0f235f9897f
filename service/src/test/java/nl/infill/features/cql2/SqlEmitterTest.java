package nl.infill.features.cql2;

import static nl.infill.features.cql2.TestQueryables.LIMITS;
import static nl.infill.features.cql2.TestQueryables.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import nl.infill.system.DomainException;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;

/** The SQL written for a filter: whitelisted columns, typed parameters, PostGIS functions on the RD geometry. */
class SqlEmitterTest {

    private static String problem(String filter) {
        try {
            sql(filter);
        } catch (DomainException e) {
            return e.getMessage();
        }
        throw new AssertionError("no problem for " + filter);
    }

    private static SqlPredicate rd(String filter) {
        return Cql2Filter.parse(filter, null, LIMITS).toSql(new TestQueryables(), FilterCrs.RD, "cql");
    }

    @Test
    void comparisonsNameTheColumnAndBindTheValueWithItsType() {
        SqlPredicate p = sql("score_class >= 4 AND municipality = 'GM0637' OR excluded <> TRUE");
        assertThat(p.sql()).isEqualTo("(((t.score_class >= CAST(:cql0 AS bigint)) AND (t.municipality = CAST(:cql1 AS text)))"
                + " OR (t.excluded <> CAST(:cql2 AS boolean)))");
        assertThat(p.params()).isEqualTo(Map.of("cql0", 4L, "cql1", "GM0637", "cql2", true));
    }

    @Test
    void advancedComparisonsAndCaseInsensitiveText() {
        assertThat(sql("area_m2 NOT BETWEEN 100 AND 150.5").sql())
                .isEqualTo("(t.area_m2 NOT BETWEEN CAST(:cql0 AS bigint) AND CAST(:cql1 AS double precision))");
        assertThat(sql("score_class IN (1, 2)").sql()).isEqualTo("(t.score_class IN (CAST(:cql0 AS bigint), CAST(:cql1 AS bigint)))");
        assertThat(sql("CASEI(municipality) LIKE CASEI('gm%')").sql())
                .isEqualTo("(lower(t.municipality) LIKE lower(CAST(:cql0 AS text)))");
        assertThat(sql("municipality IS NOT NULL").sql()).isEqualTo("(t.municipality IS NOT NULL)");
        assertThat(sql("walk_gp_m < score").sql()).isEqualTo("(t.walk_gp_m < t.score)");
        assertThat(sql("NOT (score = 1)").sql()).isEqualTo("(NOT (t.score = CAST(:cql0 AS bigint)))");
        assertThat(sql("FALSE").sql()).isEqualTo("FALSE");
    }

    @Test
    void operandsOfDifferentKindsAreRefusedWithBothKindsNamed() {
        assertThat(problem("municipality = 5")).contains("cannot compare text with a number");
        assertThat(problem("score_class LIKE '1%'")).contains("LIKE compares text; property 'score_class' is a number");
        assertThat(problem("municipality BETWEEN 1 AND 2")).contains("BETWEEN compares numbers; property 'municipality' is text");
        assertThat(problem("score_class IN (1, 'two')")).contains("cannot compare a number with text");
        assertThat(problem("CASEI(score) = 'a'")).contains("CASEI takes text");
        assertThat(problem("geometry = 'a'")).contains("spatial functions");
        assertThat(problem("municipality LIKE 'GM\\'")).contains("syntax error");
        // 'GM\\' is the text GM\ (QGIS's escaped backslash): as a pattern it ends with a lone escape.
        assertThat(problem("municipality LIKE 'GM\\\\'")).contains("cannot end with the escape character");
    }

    @Test
    void unknownPropertiesAreRefusedWithTheListOfQueryables() {
        assertThat(problem("colour = 'red'")).isEqualTo("Unknown property 'colour' in the filter. Queryables of "
                + "'results-test': area_m2, excluded, geometry, municipality, score, score_class, source_id, walk_gp_m.");
    }

    @Test
    void aCrs84LiteralInsideTheNetherlandsIsProjectedOnceToRdAndBoundAsWkb() throws ParseException {
        SqlPredicate p = sql("S_INTERSECTS(geometry, POINT(4.5 52.1))");
        assertThat(p.sql()).isEqualTo("ST_Intersects(t.geom, ST_Transform(ST_GeomFromWKB(:cql0, 4326), 28992))");
        Geometry g = new WKBReader().read((byte[]) p.params().get("cql0"));
        assertThat(g.toText()).isEqualTo("POINT (4.5 52.1)");
        // Long edges are densified (0.01 degree) before projecting, so the polygon keeps its shape in RD.
        Geometry box = new WKBReader().read((byte[]) sql("S_WITHIN(geometry, BBOX(4.4, 52.0, 4.5, 52.1))").params().get("cql0"));
        assertThat(box.getNumPoints()).isGreaterThan(5 + 4 * 8);
    }

    @Test
    void aLiteralBeforeTheGeometryTurnsWithinIntoContains() {
        assertThat(sql("S_WITHIN(POINT(4.5 52.1), geometry)").sql()).startsWith("ST_Contains(t.geom, ");
        assertThat(sql("S_CONTAINS(POINT(4.5 52.1), geometry)").sql()).startsWith("ST_Within(t.geom, ");
        assertThat(sql("S_TOUCHES(POINT(4.5 52.1), geometry)").sql()).startsWith("ST_Touches(t.geom, ");
    }

    @Test
    void rdLiteralsAreUsedAsTheyAre() {
        SqlPredicate p = rd("S_INTERSECTS(geometry, BBOX(92000, 450000, 93000, 451000))");
        assertThat(p.sql()).isEqualTo("ST_Intersects(t.geom, ST_GeomFromWKB(:cql0, 28992))");
        assertThat(problem("S_INTERSECTS(geometry, POINT(92000 450000))")).contains("outside the range")
                .contains("CRS84 is longitude, latitude");
        assertThatThrownBy(() -> rd("S_INTERSECTS(geometry, BBOX(93000, 450000, 92000, 451000))"))
                .hasMessageContaining("minx greater than maxx");
    }

    @Test
    void aCrs84LiteralReachingBeyondTheNetherlandsIsClippedForIntersectsAndEvaluatedInCrs84Otherwise() throws ParseException {
        SqlPredicate intersects = sql("S_INTERSECTS(geometry, BBOX(-180, -90, 180, 90))");
        assertThat(intersects.sql()).isEqualTo("ST_Intersects(t.geom, ST_Transform(ST_GeomFromWKB(:cql0, 4326), 28992))");
        Geometry clipped = new WKBReader().read((byte[]) intersects.params().get("cql0"));
        assertThat(clipped.getEnvelopeInternal().getMinX()).isEqualTo(2.0);
        assertThat(clipped.getEnvelopeInternal().getMaxY()).isEqualTo(56.0);
        SqlPredicate within = sql("S_WITHIN(geometry, BBOX(-10, 40, 20, 60))");
        assertThat(within.sql()).isEqualTo("(t.geom && ST_Expand(ST_Transform(ST_GeomFromWKB(:cql0, 4326), 28992), 1)"
                + " AND ST_Within(ST_Transform(t.geom, 4326), ST_GeomFromWKB(:cql1, 4326)))");
    }

    @Test
    void aCrs84BboxAcrossTheAntimeridianBecomesTwoBoxes() throws ParseException {
        SqlPredicate p = sql("S_INTERSECTS(geometry, BBOX(170, 40, -170, 60))");
        // Both boxes lie outside the Netherlands: what is left after clipping is empty.
        assertThat(new WKBReader().read((byte[]) p.params().get("cql0")).isEmpty()).isTrue();
        assertThat(sql("S_CROSSES(geometry, BBOX(170, 40, -170, 60))").sql()).contains("ST_Crosses(ST_Transform(t.geom, 4326)");
    }

    @Test
    void spatialFunctionsNeedTheGeometryOnOneSideAndALiteralOnTheOther() {
        assertThat(problem("S_INTERSECTS(geometry, geometry)")).contains("one argument must be the property 'geometry'");
        assertThat(problem("S_INTERSECTS(POINT(4 52), POINT(4 52))")).contains("one argument must be the property");
        assertThat(problem("S_INTERSECTS(shape, POINT(4 52))")).contains("Unknown property 'shape'");
        assertThat(problem("S_INTERSECTS(geometry, POLYGON((4 52, 5 53, 5 52, 4 53, 4 52)))"))
                .contains("not valid: self-intersection");
    }
}

package nl.infill.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;

import nl.infill.layers.Layer;
import nl.infill.system.DomainException;

import org.junit.jupiter.api.Test;

/**
 * The mapping rules added for 3D BAG and BAG (docs/mapping-files.md): {@code from} alternatives,
 * {@code minus}, {@code divideBy}, {@code round}, {@code atLeast}, {@code stripPrefix}, {@code split}.
 */
class MappingRulesForBagTest {

    private static Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Mapping.Rule rule(String json) {
        return Mapping.parse("t", "{\"columns\": {\"height_m\": " + json + "}}", "mapping").rule("height_m").orElseThrow();
    }

    @Test
    void heightAboveGroundIsRoofMinusGroundFromWhicheverReleaseNamesThem() {
        var h = Mapping.preset("3dbag").rule("height_m").orElseThrow();
        // 2021 release: h_dak_70p 6.88, h_maaiveld -0.61 -> 7.49 m
        assertThat((Double) h.apply(props("h_dak_70p", 6.88, "h_maaiveld", -0.61))).isCloseTo(7.49, within(1e-9));
        // 2023 release: b3_ names
        assertThat((Double) h.apply(props("b3_h_dak_70p", 12.5, "b3_h_maaiveld", 0.5))).isCloseTo(12.0, within(1e-9));
        // a missing roof or ground level leaves the height unknown, never the other level alone
        assertThat(h.apply(props("h_dak_70p", 6.88))).isNull();
        assertThat(h.apply(props("h_maaiveld", -0.61))).isNull();
    }

    @Test
    void storeysAreHeightOverThreeMetresRoundedAndAtLeastOne() {
        var s = Mapping.preset("3dbag").rule("storeys").orElseThrow();
        // 7.49 / 3 = 2.497 -> 2; 9.1 / 3 = 3.03 -> 3; a 1.2 m shed: 0.4 -> 0 -> at least 1
        assertThat(s.apply(props("h_dak_70p", 6.88, "h_maaiveld", -0.61))).isEqualTo(2.0);
        assertThat(s.apply(props("h_dak_70p", 9.6, "h_maaiveld", 0.5))).isEqualTo(3.0);
        assertThat(s.apply(props("h_dak_70p", 1.2, "h_maaiveld", 0.0))).isEqualTo(1.0);
        assertThat(Values.convert(s.apply(props("h_dak_70p", 9.6, "h_maaiveld", 0.5)), nl.infill.layers.ColumnType.INTEGER))
                .isEqualTo(3L);
    }

    @Test
    void bagIdsLoseTheirNamespaceAndPlainIdsStayAsTheyAre() {
        var id = Mapping.preset("3dbag").rule("source_id").orElseThrow();
        assertThat(id.apply(props("identificatie", "NL.IMBAG.Pand.0503100000004247"))).isEqualTo("0503100000004247");
        assertThat(id.apply(props("identificatie", "0503100000004247"))).isEqualTo("0503100000004247");
        // GDAL writes BAG's string lists (pandRef) to a GeoPackage as JSON arrays: the first pand counts
        var pand = Mapping.preset("bag-verblijfsobject").rule("building_source_id").orElseThrow();
        assertThat(pand.apply(props("pandRef", "[\"NL.IMBAG.Pand.0221100000311191\"]"))).isEqualTo("0221100000311191");
        assertThat(pand.apply(props("pandRef", "[\"NL.IMBAG.Pand.0221100000311191\",\"NL.IMBAG.Pand.0221100000311192\"]")))
                .isEqualTo("0221100000311191");
    }

    @Test
    void severalUsesOfAUnitAreMappedOneByOneFromTextOrAJsonArray() {
        var use = Mapping.preset("bag-verblijfsobject").rule("use").orElseThrow();
        assertThat(use.apply(props("gebruiksdoel", "woonfunctie"))).isEqualTo("wonen");
        assertThat(use.apply(props("gebruiksdoel", "woonfunctie,kantoorfunctie"))).isEqualTo("wonen,kantoor");
        assertThat(use.apply(props("gebruiksdoel", "[\"winkelfunctie\", \"woonfunctie\"]"))).isEqualTo("winkel,wonen");
        assertThat(use.apply(props("gebruiksdoel", "woonfunctie, woonfunctie"))).isEqualTo("wonen");
        assertThat(use.apply(props())).isNull();
    }

    @Test
    void alternativesAreReadInOrderAndARequiredOneIsSatisfiedByAnyOfThem() {
        var r = rule("{\"from\": [\"a\", \"b\"]}");
        assertThat(r.apply(props("a", 1L, "b", 2L))).isEqualTo(1L);
        assertThat(r.apply(props("a", null, "b", 2L))).isEqualTo(2L);
        Mapping m = Mapping.preset("bag-verblijfsobject");
        assertThat(m.requiredSourceAttributes(Layer.UNITS)).containsEntry("building_source_id",
                "pandRef | pandidentificatie | pand_identificatie");
        assertThat(m.attributesRead(Layer.UNITS)).contains("pandRef", "pand_identificatie", "oppervlakte");
        assertThat(Mapping.preset("3dbag").attributesRead(Layer.BUILDINGS)).contains("h_maaiveld", "b3_h_maaiveld");
    }

    @Test
    void divideByAndRoundAndNullIfWorkTogether() {
        var r = rule("{\"from\": \"x\", \"nullIf\": [-99], \"divideBy\": 4, \"round\": true}");
        assertThat(r.apply(props("x", 10))).isEqualTo(2.0); // 2.5 -> rint 2 (half to even)
        assertThat(r.apply(props("x", "14"))).isEqualTo(4.0); // numeric text: 3.5 -> 4
        assertThat(r.apply(props("x", -99))).isNull();
    }

    @Test
    void arithmeticOnTextThatIsNoNumberSaysSo() {
        var r = rule("{\"from\": \"x\", \"minus\": \"y\"}");
        var e = catchThrowableOfType(IllegalArgumentException.class, () -> r.apply(props("x", "hoog", "y", 1)));
        assertThat(e.getMessage()).contains("'hoog' is not a number");
    }

    @Test
    void badNewMembersAreRefusedNamingThem() {
        assertThat(catchThrowableOfType(DomainException.class, () -> rule("{\"from\": \"x\", \"divideBy\": 0}")).where())
                .isEqualTo("mapping.columns.height_m.divideBy");
        assertThat(catchThrowableOfType(DomainException.class, () -> rule("{\"from\": [\"x\", 3]}")).where())
                .isEqualTo("mapping.columns.height_m.from");
        assertThat(catchThrowableOfType(DomainException.class, () -> rule("{\"from\": \"x\", \"atLeast\": \"one\"}")).where())
                .isEqualTo("mapping.columns.height_m.atLeast");
        assertThat(catchThrowableOfType(DomainException.class, () -> rule("{\"from\": \"x\", \"split\": \"\", \"map\": {}}")).where())
                .isEqualTo("mapping.columns.height_m.split");
    }
}

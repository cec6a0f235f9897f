package nl.infill.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import nl.infill.layers.ColumnType;
import nl.infill.layers.Layer;
import nl.infill.system.DomainException;

import org.junit.jupiter.api.Test;

/** The mapping-file rules: value maps, otherwise, defaults, null markers, filters, conversion. */
class MappingTest {

    private static Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void bagPlaceholderYearBecomesUnknownAndHistoryRecordsAreFilteredOut() {
        Mapping bag = Mapping.preset("bag-pand");
        var year = bag.rule("construction_year").orElseThrow();
        assertThat(year.apply(props("oorspronkelijkBouwjaar", 9999))).isNull();
        assertThat(year.apply(props("oorspronkelijkBouwjaar", 1931))).isEqualTo(1931);
        assertThat(bag.keeps(props("eindGeldigheid", null))).isTrue();
        assertThat(bag.keeps(props("eindGeldigheid", "2019-05-01"))).isFalse();
        assertThat(bag.requiredSourceAttributes(Layer.BUILDINGS)).containsValues("identificatie", "eindGeldigheid");
    }

    @Test
    void osmPoiSubclassesMapToAmenityTypesAndTheRestIsOther() {
        var type = Mapping.preset("osm-poi").rule("type").orElseThrow();
        assertThat(type.apply(props("subclass", "doctors"))).isEqualTo("gp");
        assertThat(type.apply(props("subclass", "school"))).isEqualTo("primary_school");
        assertThat(type.apply(props("subclass", "bench"))).isEqualTo("other");
        assertThat(type.apply(props())).isEqualTo("other");
    }

    @Test
    void transportationClassDecidesWalkable() {
        var walkable = Mapping.preset("osm-transportation").rule("walkable").orElseThrow();
        assertThat(walkable.apply(props("class", "path"))).isEqualTo(true);
        assertThat(walkable.apply(props("class", "motorway"))).isEqualTo(false);
        assertThat(walkable.apply(props("class", "rail"))).isEqualTo(false);
    }

    @Test
    void aLoadReadsOnlyTheAttributesBehindRulesAndFilters() {
        // the BAG pand table has some 20 columns; the reader fetches what the preset maps or filters on
        Mapping bag = Mapping.preset("bag-pand");
        assertThat(bag.attributesRead(Layer.BUILDINGS))
                .contains("identificatie", "oorspronkelijkBouwjaar", "eindGeldigheid")
                .allSatisfy(a -> assertThat(bag.rules().values().stream().anyMatch(r -> a.equals(r.from()))
                        || bag.filter().stream().anyMatch(c -> a.equals(c.attribute()))).as(a).isTrue());
        assertThat(Mapping.preset("infill").attributesRead(Layer.ZONING))
                .containsExactlyInAnyOrderElementsOf(Layer.ZONING.columns().stream().map(Layer.Column::name).toList());
    }

    @Test
    void identityPresetReadsEveryColumnFromTheSameName() {
        Mapping infill = Mapping.preset("infill");
        assertThat(infill.rule("max_fsi").orElseThrow().apply(props("max_fsi", 1.2))).isEqualTo(1.2);
        assertThat(infill.requiredSourceAttributes(Layer.ZONING)).containsEntry("function", "function");
    }

    @Test
    void everyShippedPresetParsesAndFitsSomeLayer() {
        for (String name : Presets.NAMES) {
            Mapping m = Mapping.preset(name);
            assertThat(m.description()).as(name).isNotBlank();
        }
    }

    @Test
    void numbersStringsAndBooleansConvertToTheColumnTypes() {
        assertThat(Values.convert("1968", ColumnType.INTEGER)).isEqualTo(1968L);
        assertThat(Values.convert(12.0, ColumnType.INTEGER)).isEqualTo(12L);
        assertThat(Values.convert("0.6", ColumnType.DOUBLE)).isEqualTo(0.6);
        assertThat(Values.convert("ja", ColumnType.BOOLEAN)).isEqualTo(true);
        assertThat(Values.convert(0L, ColumnType.BOOLEAN)).isEqualTo(false);
        assertThat(Values.convert(9999L, ColumnType.TEXT)).isEqualTo("9999");
        assertThatThrownBy(() -> Values.convert(12.5, ColumnType.INTEGER)).hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> Values.convert("maybe", ColumnType.BOOLEAN)).hasMessageContaining("not a boolean");
    }

    @Test
    void ruleWithBothFromAndValueIsRejectedNamingTheColumn() {
        assertThatThrownBy(() -> Mapping.parse("m", "{\"columns\":{\"type\":{\"from\":\"a\",\"value\":\"gp\"}}}", "mapping"))
                .isInstanceOf(DomainException.class)
                .satisfies(e -> assertThat(((DomainException) e).where()).isEqualTo("mapping.columns.type"));
    }
}

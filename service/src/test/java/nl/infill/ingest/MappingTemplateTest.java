package nl.infill.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import nl.infill.layers.Layer;
import nl.infill.system.DomainException;

import org.junit.jupiter.api.Test;

/** The {@code template} column rule: a text built of attributes, as the BRK perceel preset uses it. */
class MappingTemplateTest {

    private static Map<String, Object> perceel(Object akr, Object sectie, Object nummer) {
        Map<String, Object> m = new HashMap<>();
        m.put("akr_kadastrale_gemeente_code_waarde", akr);
        m.put("sectie", sectie);
        m.put("perceelnummer", nummer);
        return m;
    }

    @Test
    void brkPerceelIdIsTheCadastralDesignationFromThreeAttributes() {
        Mapping brk = Mapping.preset("pdok-brk-perceel");
        var id = brk.rule("source_id").orElseThrow();
        assertThat(id.apply(perceel("OTL02", "B", 2298L))).isEqualTo("OTL02 B 2298");
        // a number that came as a double is written without .0, as every text conversion does
        assertThat(id.apply(perceel("OTL02", "B", 2298.0))).isEqualTo("OTL02 B 2298");
        assertThat(id.apply(perceel("OTL02", null, 2298L))).as("a part missing: unknown, not 'OTL02 null 2298'").isNull();
        assertThat(id.apply(perceel("OTL02", " ", 2298L))).isNull();
        assertThat(brk.attributesRead(Layer.PARCELS)).contains("akr_kadastrale_gemeente_code_waarde", "sectie",
                "perceelnummer", "kadastrale_grootte_waarde");
        assertThat(brk.requiredSourceAttributes(Layer.PARCELS)).containsValues("akr_kadastrale_gemeente_code_waarde",
                "sectie", "perceelnummer");
    }

    @Test
    void templateWithDefaultAndLiteralsOnBothSides() {
        Mapping m = Mapping.parse("t", "{\"columns\":{\"name\":{\"template\":\"<{a}-{b}>\",\"default\":\"none\"}}}", "mapping");
        var name = m.rule("name").orElseThrow();
        assertThat(name.apply(Map.of("a", "x", "b", 7L))).isEqualTo("<x-7>");
        assertThat(name.apply(Map.of("a", "x"))).isEqualTo("none");
    }

    @Test
    void ruleWithTwoSourcesOrATemplateWithoutAttributesIsRefusedNamingIt() {
        assertThatThrownBy(() -> Mapping.parse("t", "{\"columns\":{\"name\":{\"template\":\"{a}\",\"from\":\"b\"}}}",
                "mapping")).isInstanceOf(DomainException.class).hasMessageContaining("exactly one of")
                .extracting(e -> ((DomainException) e).where()).isEqualTo("mapping.columns.name");
        assertThatThrownBy(() -> Mapping.parse("t", "{\"columns\":{\"name\":{\"template\":\"plain\"}}}", "mapping"))
                .isInstanceOf(DomainException.class).extracting(e -> ((DomainException) e).where())
                .isEqualTo("mapping.columns.name.template");
    }
}

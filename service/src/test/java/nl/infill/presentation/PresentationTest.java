package nl.infill.presentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import nl.infill.presentation.Presentation.Lang;
import nl.infill.presentation.Presentation.Text;

/** The presentation source is complete: both languages everywhere, templates that can be filled, classes that can be drawn. */
class PresentationTest {

    private final Presentation p = Presentation.get();

    @Test
    void everyCriterionAndExclusionReasonHasDutchAndEnglish() {
        List<String> missing = new ArrayList<>();
        for (var c : p.criteria()) {
            check(missing, "criterion " + c.code() + " label", c.label());
            check(missing, "criterion " + c.code() + " because", c.because());
            c.sentences().forEach((k, t) -> check(missing, "criterion " + c.code() + " sentence " + k, t));
            c.notes().forEach((k, t) -> check(missing, "criterion " + c.code() + " note " + k, t));
        }
        for (var e : p.exclusions()) {
            check(missing, "exclusion " + e.code(), e.text());
        }
        assertThat(p.criteria()).extracting(Presentation.CriterionText::code).containsExactly("capacity", "underuse",
                "obsolescence", "transformation", "amenities", "ageing", "soft_constraints");
        assertThat(p.exclusions()).extracting(Presentation.Exclusion::code)
                .containsExactlyInAnyOrder("zoning_water_green", "hard_constraint", "monument", "recently_built");
        assertThat(missing).isEmpty();
    }

    @Test
    void everyLayerClassParamAndWordHasDutchAndEnglish() {
        List<String> missing = new ArrayList<>();
        for (var l : p.layers()) {
            check(missing, "layer " + l.id(), l.title());
            l.classes().forEach(c -> check(missing, "layer " + l.id() + " class " + c.colour(), c.label()));
        }
        p.params().forEach(r -> check(missing, "param " + r.key(), r.label()));
        p.words().forEach((k, t) -> check(missing, "word " + k, t));
        assertThat(missing).isEmpty();
    }

    @Test
    void everyZoningRuleAndColumnTemplateHasDutchAndEnglish() {
        List<String> missing = new ArrayList<>();
        var z = p.zoning();
        check(missing, "zoning part", z.part());
        check(missing, "zoning assumedHeight", z.assumedHeight());
        z.rules().forEach((k, t) -> check(missing, "zoning rule " + k, t));
        z.columns().forEach((k, t) -> check(missing, "zoning column " + k, t));
        assertThat(z.rules()).containsOnlyKeys("land_use", "no_main_building", "bouwvlak", "max_height_m",
                "height_unknown", "max_coverage", "max_storeys", "max_dwellings");
        assertThat(z.columns()).containsOnlyKeys("maxHeightM", "maxCoverage", "maxFsi");
        assertThat(missing).isEmpty();
    }

    @Test
    void planValuesAreWrittenWithTheDecimalsTheyHave() {
        Text t = new Text("max {h:g} m, FSI {f:g}", "max {h:g} m, FSI {f:g}");
        assertThat(Templates.render(t, Lang.NL, Map.of("h", 12.0, "f", 1.25))).isEqualTo("max 12 m, FSI 1,25");
        assertThat(Templates.render(t, Lang.EN, Map.of("h", 12.5, "f", "2"))).isEqualTo("max 12.5 m, FSI 2");
    }

    @Test
    void bothLanguagesOfATemplateNameTheSamePlaceholders() {
        List<Text> all = new ArrayList<>();
        p.criteria().forEach(c -> all.addAll(c.sentences().values()));
        p.criteria().forEach(c -> all.addAll(c.notes().values()));
        all.addAll(p.zoning().rules().values());
        all.addAll(p.zoning().columns().values());
        all.addAll(List.of(p.zoning().part(), p.zoning().assumedHeight()));
        all.addAll(List.of(p.summary().excluded(), p.summary().scored(), p.summary().because()));
        assertThat(all).allSatisfy(t -> assertThat(Templates.names(t.en())).as(t.en())
                .containsExactlyInAnyOrderElementsOf(Templates.names(t.nl())));
    }

    @Test
    void numbersAreWrittenAsEachLanguageWritesThem() {
        Text t = new Text("{a:1} en {b:0} en {d:m} en {gp:m}", "{a:1} and {b:0} and {d:m} and {gp:m}");
        Map<String, Object> values = new HashMap<>(Map.of("a", 1234.56, "b", -0.2, "d", 412.4));
        values.put("gp", null);
        // 1234.56 -> "1.234,6" in Dutch, "1,234.6" in English; -0.2 rounds to 0, never "-0"
        assertThat(Templates.render(t, Lang.NL, values)).isEqualTo("1.234,6 en 0 en 412 m en onbekend");
        assertThat(Templates.render(t, Lang.EN, values)).isEqualTo("1,234.6 and 0 and 412 m and unknown");
        assertThatThrownBy(() -> Templates.render(t, Lang.NL, Map.of("a", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("b");
    }

    @Test
    void rangeClassesOfALayerFollowEachOtherWithoutGapOrOverlap() {
        for (var l : p.layers()) {
            Double last = null;
            for (var c : l.classes()) {
                if (c.otherwise() || c.value() != null) {
                    continue;
                }
                assertThat(c.min()).as(l.id() + " class " + c.colour() + " starts where the previous ended").isEqualTo(last);
                last = c.max();
            }
            assertThat(l.classes()).as(l.id() + " colours").allSatisfy(c -> assertThat(c.colour()).matches("#[0-9a-f]{6}"));
        }
    }

    private static void check(List<String> missing, String what, Text t) {
        if (t == null || t.nl() == null || t.nl().isBlank()) {
            missing.add(what + " (nl)");
        }
        if (t == null || t.en() == null || t.en().isBlank()) {
            missing.add(what + " (en)");
        }
    }
}

package nl.infill.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import nl.infill.presentation.Presentation;
import nl.infill.presentation.Presentation.CriterionText;
import nl.infill.presentation.Presentation.Lang;
import nl.infill.presentation.Templates;

import tools.jackson.databind.JsonNode;

/**
 * The words of a parcel's explanation: the facts {@code parcel-result.sql} gives per criterion
 * (numbers, the case its sentence describes, the values that sentence needs) written out in
 * Dutch and English with the presentation source's labels and templates, so the parcel panel
 * names a criterion exactly as the sliders do.
 */
final class Explanations {

    /** How many criteria the summary sentence names: the two that add most to the score. */
    private static final int TOP = 2;

    private Explanations() {
    }

    /** One criterion; stored legacy text (a criterion without a {@code case}) is passed on as it was. */
    static ResultController.CriterionExplanation criterion(JsonNode c) {
        String code = text(c, "criterion");
        if (!c.has("case")) {
            return new ResultController.CriterionExplanation(code, text(c, "label"), text(c, "label_en"),
                    number(c, "raw"), text(c, "unit"), number(c, "scaled"), number(c, "weight"),
                    number(c, "contribution"), text(c, "sentence"), text(c, "sentence_en"));
        }
        CriterionText words = Presentation.get().criterion(code);
        Map<String, Object> values = new LinkedHashMap<>();
        c.path("values").properties().forEach(e -> values.put(e.getKey(),
                e.getValue().isNumber() ? e.getValue().doubleValue() : e.getValue().isNull() ? null : e.getValue().asString()));
        var sentence = words.sentence(text(c, "case"));
        return new ResultController.CriterionExplanation(code, words.label().nl(), words.label().en(),
                number(c, "raw"), words.unit(), number(c, "scaled"), number(c, "weight"), number(c, "contribution"),
                Templates.render(sentence, Lang.NL, values), Templates.render(sentence, Lang.EN, values));
    }

    /**
     * The one sentence: why the parcel is excluded, or its score level and the criteria that
     * carry it, each with its points ("Scoort hoog (82/100) vooral door ... (+30,1) en ...").
     */
    static String summary(Lang lang, String exclusionReason, Double score, List<ResultController.CriterionExplanation> criteria) {
        Presentation p = Presentation.get();
        if (exclusionReason != null) {
            String reason = p.exclusion(exclusionReason).map(e -> e.text().in(lang)).orElse(exclusionReason);
            return Templates.render(p.summary().excluded(), lang, Map.of("reason", reason));
        }
        List<String> because = new ArrayList<>();
        criteria.stream().filter(c -> c.contribution() != null)
                .sorted(Comparator.comparing(ResultController.CriterionExplanation::contribution).reversed())
                .limit(TOP)
                .forEach(c -> because.add(Templates.render(p.summary().because(), lang, Map.of(
                        "criterion", p.criterion(c.criterion()).because().in(lang), "points", c.contribution()))));
        double s = score == null ? 0 : score;
        return Templates.render(p.summary().scored(), lang, Map.of("level", p.summary().level(s).in(lang), "score", s,
                "because", String.join(p.summary().and().in(lang), because)));
    }

    private static String text(JsonNode c, String name) {
        JsonNode v = c.get(name);
        return v == null || v.isNull() ? null : v.asString();
    }

    private static Double number(JsonNode c, String name) {
        JsonNode v = c.get(name);
        return v == null || !v.isNumber() ? null : v.doubleValue();
    }
}

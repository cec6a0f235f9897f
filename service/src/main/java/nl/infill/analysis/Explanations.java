package nl.infill.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import nl.infill.presentation.Presentation;
import nl.infill.presentation.Presentation.CriterionText;
import nl.infill.presentation.Presentation.Lang;
import nl.infill.presentation.Presentation.Text;
import nl.infill.presentation.Presentation.ZoningText;
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

    /** One criterion from its facts: the sentence its {@code case} names, with the notes appended. */
    static ResultController.CriterionExplanation criterion(JsonNode c) {
        String code = text(c, "criterion");
        CriterionText words = Presentation.get().criterion(code);
        Map<String, Object> values = new LinkedHashMap<>();
        c.path("values").properties().forEach(e -> values.put(e.getKey(),
                e.getValue().isNumber() ? e.getValue().doubleValue() : e.getValue().isNull() ? null : e.getValue().asString()));
        var sentence = words.sentence(text(c, "case"));
        StringBuilder nl = new StringBuilder(Templates.render(sentence, Lang.NL, values));
        StringBuilder en = new StringBuilder(Templates.render(sentence, Lang.EN, values));
        // appended sentences the facts name (the scenario's assumed height, floor area from BAG units)
        for (JsonNode note : c.path("notes")) {
            Text t = words.note(note.asString());
            nl.append(' ').append(Templates.render(t, Lang.NL, values));
            en.append(' ').append(Templates.render(t, Lang.EN, values));
        }
        return new ResultController.CriterionExplanation(code, words.label().nl(), words.label().en(),
                number(c, "raw"), words.unit(), number(c, "scaled"), number(c, "weight"), number(c, "contribution"),
                nl.toString(), en.toString());
    }

    /**
     * One zoning part on the parcel with its sentence in both languages: its area and use, then
     * its plan rules (each naming the plan object it came from) or, for zoning without plan
     * rules, its plain columns.
     */
    static ResultController.ZoningPart zoningPart(JsonNode z) {
        List<ResultController.ZoningRule> rules = new ArrayList<>();
        for (JsonNode r : z.path("rules")) {
            rules.add(new ResultController.ZoningRule(text(r, "rule"), value(r.get("value")), text(r, "type"), text(r, "id")));
        }
        String use = text(z, "use") != null ? text(z, "use") : text(z, "function");
        Double assumed = number(z, "assumedHeightM");
        return new ResultController.ZoningPart(text(z, "function"), text(z, "use"), number(z, "areaM2"),
                z.has("buildingAllowed") && !z.get("buildingAllowed").isNull() ? z.get("buildingAllowed").asBoolean() : null,
                z.path("heightUnknown").asBoolean(false), number(z, "maxHeightM"), number(z, "maxCoverage"),
                number(z, "maxFsi"), integer(z, "maxStoreys"), integer(z, "maxDwellings"), rules,
                zoningSentence(Lang.NL, z, use, rules, assumed), zoningSentence(Lang.EN, z, use, rules, assumed));
    }

    private static String zoningSentence(Lang lang, JsonNode z, String use, List<ResultController.ZoningRule> rules,
                                         Double assumed) {
        ZoningText words = Presentation.get().zoning();
        List<String> said = new ArrayList<>();
        if (z.path("planRules").asBoolean(false)) {
            for (ResultController.ZoningRule r : rules) {
                Map<String, Object> v = new HashMap<>();
                v.put("value", r.value());
                // a share (max_coverage 0.6) reads as a percentage
                v.put("valuePct", r.value() instanceof Number n ? 100 * n.doubleValue() : null);
                v.put("id", r.id());
                v.put("assumedHeightM", assumed);
                String s = Templates.render(words.rule(r.rule()), lang, v);
                if ("height_unknown".equals(r.rule()) && assumed != null) {
                    s += Templates.render(words.assumedHeight(), lang, v);
                }
                said.add(s);
            }
        } else {
            List<String> columns = new ArrayList<>();
            column(columns, words, lang, "maxHeightM", number(z, "maxHeightM"), 1);
            column(columns, words, lang, "maxCoverage", number(z, "maxCoverage"), 100);
            column(columns, words, lang, "maxFsi", number(z, "maxFsi"), 1);
            said.add(String.join(words.columnSeparator().in(lang), columns));
        }
        Map<String, Object> part = new HashMap<>();
        part.put("areaM2", number(z, "areaM2"));
        part.put("use", use);
        part.put("rules", String.join(words.ruleSeparator().in(lang), said));
        return Templates.render(words.part(), lang, part);
    }

    private static void column(List<String> out, ZoningText words, Lang lang, String name, Double value, double pct) {
        if (value != null) {
            Map<String, Object> v = new HashMap<>();
            v.put("value", value);
            v.put("valuePct", value * pct);
            out.add(Templates.render(words.column(name), lang, v));
        }
    }

    /** A rule's value as the plan gave it: a whole number, a number or text. */
    private static Object value(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isIntegralNumber()) {
            return v.longValue();
        }
        return v.isNumber() ? v.doubleValue() : v.asString();
    }

    private static Integer integer(JsonNode c, String name) {
        JsonNode v = c.get(name);
        return v == null || !v.isNumber() ? null : v.intValue();
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

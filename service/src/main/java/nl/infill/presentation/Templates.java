package nl.infill.presentation;

import java.math.RoundingMode;
import java.text.NumberFormat;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import nl.infill.presentation.Presentation.Lang;
import nl.infill.presentation.Presentation.Text;

/**
 * Fills the templates of {@link Presentation}. A placeholder is {@code {name:format}}: a number of
 * decimals ({@code {capacityM2:0}}, written the way the language writes numbers: 1.234,5 in
 * Dutch, 1,234.5 in English), {@code g} (a number with as few decimals as it needs, at most two:
 * 12, 12,5; for plan values such as a height), {@code m} (a distance in whole metres, or the word {@code unknown}),
 * {@code word} (the value names a word of the presentation, e.g. {@code network}) or {@code text}
 * (put in as it is). A missing number reads {@code unknown}; a name the values lack is a bug in
 * the caller or the file, and fails loudly rather than showing a raw placeholder to a planner.
 */
public final class Templates {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*):(\\d|g|m|word|text)}");
    private static final Locale DUTCH = Locale.forLanguageTag("nl-NL");

    private Templates() {
    }

    public static String render(Text template, Lang lang, Map<String, ?> values) {
        Presentation p = Presentation.get();
        Matcher m = PLACEHOLDER.matcher(template.in(lang));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String format = m.group(2);
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("template '" + template.in(lang) + "' needs a value for " + name);
            }
            Object v = values.get(name);
            String text = switch (format) {
                case "text" -> String.valueOf(v);
                case "word" -> p.word(String.valueOf(v)).in(lang);
                case "g" -> v == null ? p.word("unknown").in(lang) : general(toDouble(v), lang);
                case "m" -> v == null ? p.word("unknown").in(lang) : number(toDouble(v), 0, lang) + " m";
                default -> v == null ? p.word("unknown").in(lang) : number(toDouble(v),
                        Integer.parseInt(format), lang);
            };
            m.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The placeholder names of a template, for checks that every template can be filled. */
    public static java.util.List<String> names(String template) {
        return PLACEHOLDER.matcher(template).results().map(r -> r.group(1)).toList();
    }

    /** A number, also when it came as text (plan rule values are stored as the plan wrote them). */
    private static double toDouble(Object v) {
        return v instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(v).trim());
    }

    static String general(double v, Lang lang) {
        NumberFormat f = NumberFormat.getNumberInstance(lang == Lang.EN ? Locale.UK : DUTCH);
        f.setMinimumFractionDigits(0);
        f.setMaximumFractionDigits(2);
        f.setGroupingUsed(false);
        f.setRoundingMode(RoundingMode.HALF_UP);
        return f.format(v);
    }

    static String number(double v, int decimals, Lang lang) {
        NumberFormat f = NumberFormat.getNumberInstance(lang == Lang.EN ? Locale.UK : DUTCH);
        f.setMinimumFractionDigits(decimals);
        f.setMaximumFractionDigits(decimals);
        f.setRoundingMode(RoundingMode.HALF_UP);
        String s = f.format(v);
        // no "-0" from rounding a tiny negative
        return s.matches("-0([.,]0+)?") ? s.substring(1) : s;
    }
}

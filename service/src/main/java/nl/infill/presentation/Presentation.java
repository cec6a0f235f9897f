package nl.infill.presentation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonProperty;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * How Infill looks and reads, as defined in {@code presentation/presentation.json}. One instance
 * per JVM ({@link #get()}): the file is part of the build, so it cannot change while running.
 *
 * @param languages  the languages every text has, Dutch first (planners work in Dutch)
 * @param criteria   the scored criteria in score order, with labels and explanation templates
 * @param exclusions the exclusion reasons by code, as {@code parcel_result.exclusion_reason} holds them
 * @param summary    the templates of a parcel's one-sentence explanation
 * @param zoning     the templates of the zoning parts and plan rules listed per parcel
 * @param words      words templates put in for values ({@code unknown}, the distance methods)
 * @param weights    the range of a criterion weight on the sliders (the API normalises to sum 1)
 * @param params     the scenario parameters: range, step and default, for sliders and validation
 * @param layers     the map layers: property, colour classes and legend labels, for map and SLD alike
 */
public record Presentation(List<String> languages, List<CriterionText> criteria, List<Exclusion> exclusions,
                           SummaryText summary, ZoningText zoning, Map<String, Text> words, WeightRange weights, List<ParamRange> params,
                           List<MapLayer> layers) {

    private static final String RESOURCE = "/presentation/presentation.json";
    private static final Presentation INSTANCE;
    private static final String ETAG;

    static {
        try (InputStream in = Presentation.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            byte[] bytes = in.readAllBytes();
            INSTANCE = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build()
                    .readValue(bytes, Presentation.class);
            ETAG = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12) + "\"";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The presentation of this build. */
    public static Presentation get() {
        return INSTANCE;
    }

    /** A strong ETag of the resource's bytes: changes exactly when the file does. */
    static String etag() {
        return ETAG;
    }

    public CriterionText criterion(String code) {
        return criteria.stream().filter(c -> c.code().equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no criterion '" + code + "' in " + RESOURCE));
    }

    public Optional<Exclusion> exclusion(String code) {
        return exclusions.stream().filter(e -> e.code().equals(code)).findFirst();
    }

    public ParamRange param(String key) {
        return params.stream().filter(p -> p.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no parameter '" + key + "' in " + RESOURCE));
    }

    public MapLayer layer(String id) {
        return layers.stream().filter(l -> l.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no map layer '" + id + "' in " + RESOURCE));
    }

    public Text word(String key) {
        Text t = words.get(key);
        if (t == null) {
            throw new IllegalArgumentException("no word '" + key + "' in " + RESOURCE);
        }
        return t;
    }

    /** One text in Dutch and English. */
    public record Text(String nl, String en) {

        public String in(Lang lang) {
            return lang == Lang.EN ? en : nl;
        }
    }

    /** The languages of {@link Text}. */
    public enum Lang {
        NL, EN
    }

    /**
     * A criterion: its label (sliders, parcel panel, chart), the phrase a parcel's summary
     * uses when the criterion carries its score ({@code because}), the unit of its raw value,
     * one sentence template per case the explanation SQL distinguishes ({@code sentences} by case),
     * and sentences appended when the SQL names them ({@code notes}: an assumption of the scenario,
     * where the existing floor area comes from).
     */
    public record CriterionText(String code, Text label, Text because, String unit, Map<String, Text> sentences,
                                Map<String, Text> notes) {

        public CriterionText {
            notes = notes == null ? Map.of() : notes;
        }

        public Text sentence(String variant) {
            Text t = sentences.get(variant);
            if (t == null) {
                throw new IllegalArgumentException("criterion " + code + " has no sentence '" + variant + "'");
            }
            return t;
        }

        public Text note(String name) {
            Text t = notes.get(name);
            if (t == null) {
                throw new IllegalArgumentException("criterion " + code + " has no note '" + name + "'");
            }
            return t;
        }
    }

    /**
     * How a parcel's zoning parts read: {@code part} ("120 m² wonen: ...") over its plan rules,
     * each rule by its code (as {@code zoning.rules} holds them) joined with {@code ruleSeparator};
     * {@code assumedHeight} is appended to a height_unknown rule when the scenario assumes one. A
     * zoning part without plan rules lists its plain {@code columns} with {@code columnSeparator}.
     */
    public record ZoningText(Text part, Text ruleSeparator, Map<String, Text> rules, Text assumedHeight,
                             Text columnSeparator, Map<String, Text> columns) {

        public Text rule(String code) {
            Text t = rules.get(code);
            if (t == null) {
                throw new IllegalArgumentException("no zoning rule '" + code + "' in " + RESOURCE);
            }
            return t;
        }

        public Text column(String name) {
            Text t = columns.get(name);
            if (t == null) {
                throw new IllegalArgumentException("no zoning column '" + name + "' in " + RESOURCE);
            }
            return t;
        }
    }

    /** An exclusion reason: the code the results hold and what it means. */
    public record Exclusion(String code, Text text) {
    }

    /**
     * The parcel's one sentence: {@code excluded} or {@code scored}, the latter naming the score
     * {@code level} (the first level whose {@code from} the score reaches) and the top criteria,
     * each written with {@code because} and joined with {@code and}.
     */
    public record SummaryText(Text excluded, Text scored, Text because, Text and, List<Level> levels) {

        public Text level(double score) {
            return levels.stream().filter(l -> score >= l.from()).findFirst().orElse(levels.get(levels.size() - 1)).text();
        }
    }

    public record Level(double from, Text text) {
    }

    public record WeightRange(double min, double max, double step) {
    }

    /**
     * A scenario parameter: valid from {@code min} to {@code max} inclusive, moved in {@code step}s
     * on its slider, {@code defaultValue} when a scenario leaves it out; a null default means the
     * parameter is unset unless a scenario sets it (assumedHeightM: no height is assumed).
     */
    public record ParamRange(String key, Text label, double min, double max, double step,
                             @JsonProperty("default") Double defaultValue) {

        public boolean contains(double v) {
            return v >= min && v <= max;
        }
    }

    /**
     * A map layer, drawn the same by the web map and by GeoServer.
     *
     * @param id       the web map's layer id (also in shared links: {@code #layers=score,...})
     * @param map      whether the web map lists it (parcels, streets and constraints are GeoServer's only)
     * @param source   the collection it draws: a layer id, or {@code results} / {@code
     *                 neighbourhood-results} for the chosen scenario's
     * @param property the attribute the classes test; null when every feature draws alike
     * @param classes  tried in order: the first that matches colours the feature; an {@code else}
     *                 class takes what no other matches, including a missing value
     */
    public record MapLayer(String id, boolean map, String source, String property, Text title, Symbol symbol,
                           List<LayerClass> classes) {
    }

    /**
     * How a layer's features are drawn: {@code polygon} (fill with {@code fillOpacity}, outline
     * {@code stroke} of {@code strokeWidth} px), {@code line} (each class's colour and width) or
     * {@code point} (a mark of {@code size} px with a {@code stroke} outline).
     */
    public record Symbol(String type, Double fillOpacity, String stroke, Double strokeWidth, Integer size) {
    }

    /**
     * One class of a layer: a value ({@code value}, compared as text), a half-open range
     * [{@code min}, {@code max}) with either end open, or {@code else}. {@code shape} is a point's
     * mark, {@code stroke} a polygon outline of its own, {@code width} a line's width.
     */
    public record LayerClass(String value, Double min, Double max, @JsonProperty("else") boolean otherwise,
                             String colour, Text label, String shape, String stroke, Double width) {
    }
}

package nl.infill.analysis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import nl.infill.presentation.Presentation;
import nl.infill.system.UnprocessableInput;

/** Criterion weights: validated (known criteria, finite, >= 0, at least one > 0) and normalised to sum 1. */
final class Weights {

    /** Largest weight accepted: weights are relative, and sums of huge ones would overflow to infinity. */
    static final double MAX = 1_000_000;

    private Weights() {
    }

    /** Missing criteria weigh 0. Problems name the field, e.g. {@code weights.capacity}. */
    static Map<String, Double> normalise(Map<String, Object> in) {
        if (in == null || in.isEmpty()) {
            throw new UnprocessableInput("weights", "weights are required: a weight per criterion ("
                    + String.join(", ", Criterion.keys()) + ").");
        }
        Map<String, Double> raw = new LinkedHashMap<>();
        for (var e : in.entrySet()) {
            String where = "weights." + e.getKey();
            if (!Criterion.keys().contains(e.getKey())) {
                throw new UnprocessableInput(where, "Unknown criterion '" + e.getKey() + "'. Known: "
                        + String.join(", ", Criterion.keys()) + ".");
            }
            if (!(e.getValue() instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                throw new UnprocessableInput(where, "The weight of " + e.getKey() + " must be a number.");
            }
            // only the lower end binds: weights are normalised to sum 1, so 2 and 6 mean 0.25 and 0.75
            double min = Presentation.get().weights().min();
            if (n.doubleValue() < min) {
                throw new UnprocessableInput(where, "The weight of " + e.getKey() + " must be " + fmt(min)
                        + " or more (was " + n + ").");
            }
            if (n.doubleValue() > MAX) {
                throw new UnprocessableInput(where, "The weight of " + e.getKey() + " must be at most 1000000 "
                        + "(weights are relative: only their ratios count; was " + n + ").");
            }
            raw.put(e.getKey(), n.doubleValue());
        }
        double sum = raw.values().stream().mapToDouble(Double::doubleValue).sum();
        if (sum <= 0) {
            throw new UnprocessableInput("weights", "At least one weight must be larger than 0.");
        }
        return scaled(raw);
    }

    /**
     * Valid raw weights normalised as the web map's score.js normalises them (each over their sum,
     * summed in Criterion order), in Criterion order: a preview computed with these counts the
     * classes the map draws to the last bit. Stored weights divide by the largest first (scaled),
     * which can differ in the last bit.
     */
    static double[] asScoreJs(Map<String, Object> raw) {
        List<String> keys = Criterion.keys();
        double[] w = new double[keys.size()];
        double sum = 0;
        for (int k = 0; k < w.length; k++) {
            w[k] = raw.get(keys.get(k)) instanceof Number n && n.doubleValue() > 0 ? n.doubleValue() : 0;
            sum += w[k];
        }
        for (int k = 0; k < w.length; k++) {
            w[k] = w[k] / sum;
        }
        return w;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /**
     * Weights as stored: rows written by this API are valid already, but rows inserted by other
     * means (SQL, other features' tests) must not break reading; unknown or invalid entries weigh 0.
     */
    static Map<String, Double> stored(Map<String, Object> in) {
        Map<String, Double> out = new LinkedHashMap<>();
        double sum = 0;
        for (String key : Criterion.keys()) {
            Object v = in == null ? null : in.get(key);
            double d = v instanceof Number n && Double.isFinite(n.doubleValue()) && n.doubleValue() > 0 ? n.doubleValue() : 0;
            out.put(key, d);
            sum += d;
        }
        return sum > 0 ? scaled(out) : out;
    }

    /**
     * Each weight over their sum, after dividing by the largest first: the sum then lies between 1
     * and the number of criteria, so it can neither overflow (two weights of 1e308) nor underflow.
     */
    private static Map<String, Double> scaled(Map<String, Double> raw) {
        double max = raw.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double sum = raw.values().stream().mapToDouble(d -> d / max).sum();
        Map<String, Double> out = new LinkedHashMap<>();
        for (String key : Criterion.keys()) {
            out.put(key, raw.getOrDefault(key, 0.0) / max / sum);
        }
        return out;
    }
}

package nl.infill.analysis;

import java.util.LinkedHashMap;
import java.util.Map;

import nl.infill.presentation.Presentation;
import nl.infill.system.DomainException;
import nl.infill.system.UnprocessableInput;

/**
 * A scenario's parameters. Only {@code storeyHeightM} changes the stored criteria; all others apply
 * at scoring time, so changing them re-scores without recomputing criteria.
 *
 * @param dwellingSizeM2       gross floor area per extra dwelling, m2 (90: a typical new apartment of
 *                             about 75 m2 usable floor area plus its share of walls, stairs and halls)
 * @param storeyHeightM        storey height, m (3.0)
 * @param decayFullM           walking distance with full access score, m (400)
 * @param decayZeroM           walking distance with zero access score, m (1200)
 * @param recentlyBuiltYear    buildings of this year or later (floor-area weighted mean) exclude a parcel (2015)
 * @param renovationCycleYears age at which obsolescence is complete, years (40)
 * @param exclusionShare       share of a parcel in water/green zoning or hard constraints that excludes it (0.5)
 * @param ageingSharePct       65+ share (%) at which the ageing lens is at full strength (30)
 * @param exclusions           whether hard exclusions apply at all (true)
 * @param assumedHeightM       height, m, assumed for Bouwvlakken whose height is not on the plan's map
 *                             (null: none, their capacity stays unknown; the explanation names an
 *                             assumed height as an assumption)
 */
record ScenarioParams(double dwellingSizeM2, double storeyHeightM, double decayFullM, double decayZeroM,
                      int recentlyBuiltYear, double renovationCycleYears, double exclusionShare,
                      double ageingSharePct, boolean exclusions, Double assumedHeightM) {

    /** Ranges and defaults are the presentation source's, the same the web map's sliders offer. */
    private static final Presentation RANGES = Presentation.get();

    static final ScenarioParams DEFAULTS = new ScenarioParams(dflt("dwellingSizeM2"), dflt("storeyHeightM"),
            dflt("decayFullM"), dflt("decayZeroM"), (int) dflt("recentlyBuiltYear"), dflt("renovationCycleYears"),
            dflt("exclusionShare"), dflt("ageingSharePct"), true, RANGES.param("assumedHeightM").defaultValue());

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dwellingSizeM2", dwellingSizeM2);
        m.put("storeyHeightM", storeyHeightM);
        m.put("decayFullM", decayFullM);
        m.put("decayZeroM", decayZeroM);
        m.put("recentlyBuiltYear", recentlyBuiltYear);
        m.put("renovationCycleYears", renovationCycleYears);
        m.put("exclusionShare", exclusionShare);
        m.put("ageingSharePct", ageingSharePct);
        m.put("exclusions", exclusions);
        m.put("assumedHeightM", assumedHeightM);
        return m;
    }

    /** Validates user input; missing keys take the defaults. Problems name the field, e.g. {@code params.decayZeroM}. */
    static ScenarioParams from(Map<String, Object> in) {
        Map<String, Object> m = in == null ? Map.of() : in;
        for (String key : m.keySet()) {
            if (!DEFAULTS.toMap().containsKey(key)) {
                throw new UnprocessableInput("params." + key, "Unknown parameter '" + key + "'. Known: "
                        + String.join(", ", DEFAULTS.toMap().keySet()) + ".");
            }
        }
        double dwelling = number(m, "dwellingSizeM2");
        double storey = number(m, "storeyHeightM");
        double full = number(m, "decayFullM");
        double zero = number(m, "decayZeroM");
        if (zero <= full) {
            throw new UnprocessableInput("params.decayZeroM",
                    "decayZeroM (" + zero + ") must be larger than decayFullM (" + full + ").");
        }
        double year = number(m, "recentlyBuiltYear");
        if (year != Math.rint(year)) {
            throw new UnprocessableInput("params.recentlyBuiltYear", "recentlyBuiltYear must be a whole year.");
        }
        double cycle = number(m, "renovationCycleYears");
        double share = number(m, "exclusionShare");
        double ageing = number(m, "ageingSharePct");
        Object ex = m.getOrDefault("exclusions", DEFAULTS.exclusions);
        if (!(ex instanceof Boolean exclusions)) {
            throw new UnprocessableInput("params.exclusions", "exclusions must be true or false.");
        }
        // no default: unset unless the scenario sets it (a ternary would unbox the null)
        Double assumed = null;
        if (m.get("assumedHeightM") != null) {
            assumed = number(m, "assumedHeightM");
        }
        return new ScenarioParams(dwelling, storey, full, zero, (int) year, cycle, share, ageing, exclusions, assumed);
    }

    /** Params as stored: invalid or foreign rows fall back to the defaults instead of failing reads. */
    static ScenarioParams stored(Map<String, Object> in) {
        try {
            return from(in == null ? Map.of() : in.entrySet().stream()
                    .filter(e -> DEFAULTS.toMap().containsKey(e.getKey()) && e.getValue() != null)
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        } catch (DomainException e) {
            return DEFAULTS;
        }
    }

    private static double dflt(String key) {
        return RANGES.param(key).defaultValue();
    }

    private static double number(Map<String, Object> m, String key) {
        Presentation.ParamRange range = RANGES.param(key);
        double min = range.min();
        double max = range.max();
        Object v = m.get(key);
        if (v == null) {
            // only parameters with a default reach here without a value (assumedHeightM is checked by the caller)
            return range.defaultValue();
        }
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw new UnprocessableInput("params." + key, key + " must be a number between " + fmt(min) + " and "
                    + fmt(max) + (v instanceof Number ? " (was " + sent(v) + ")." : "."));
        }
        double d = n.doubleValue();
        if (d < min || d > max) {
            throw new UnprocessableInput("params." + key,
                    key + " must be between " + fmt(min) + " and " + fmt(max) + " (was " + sent(v) + ").");
        }
        return d;
    }

    /**
     * The number as the user sent it (a BigInteger or BigDecimal keeps its digits), not as a long:
     * a cast of 1e30 would report 9223372036854775807.
     */
    private static String sent(Object v) {
        if (v instanceof Double d) {
            return fmt(d);
        }
        String s = v instanceof java.math.BigDecimal b ? b.toString() : String.valueOf(v);
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static String fmt(double d) {
        if (Math.abs(d) >= 1e15) {
            return Double.toString(d);
        }
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}

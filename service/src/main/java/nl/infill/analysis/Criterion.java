package nl.infill.analysis;

import java.util.Arrays;
import java.util.List;

/**
 * The criteria a scenario weighs; the keys of {@code scenario.weights}. Scaling of each to 0..1 is
 * in {@code sql/analysis/score.sql} and documented in docs/analysis.md.
 */
enum Criterion {
    CAPACITY("capacity"),
    UNDERUSE("underuse"),
    OBSOLESCENCE("obsolescence"),
    TRANSFORMATION("transformation"),
    AMENITIES("amenities"),
    AGEING("ageing"),
    SOFT_CONSTRAINTS("soft_constraints");

    private final String key;

    Criterion(String key) {
        this.key = key;
    }

    String key() {
        return key;
    }

    static List<String> keys() {
        return Arrays.stream(values()).map(Criterion::key).toList();
    }
}

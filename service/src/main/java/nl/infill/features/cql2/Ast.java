package nl.infill.features.cql2;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import org.locationtech.jts.geom.Geometry;

/**
 * The filter as read from either encoding: CQL2 text and CQL2 JSON produce the same tree, so that
 * one emitter gives both the same SQL. It holds only what this service evaluates; the readers
 * refuse the rest of CQL2 (arithmetic, temporal and array functions, custom functions) by name.
 */
final class Ast {

    private Ast() {
    }

    /** A boolean-valued node. */
    sealed interface Predicate permits And, Or, Not, BoolConst, Comparison, Like, Between, In, IsNull, Spatial {
    }

    /** A scalar or geometry operand. */
    sealed interface Operand permits Property, Text, Num, Bool, DateValue, TimestampValue, Casei, GeometryValue {
    }

    record And(List<Predicate> args) implements Predicate {
    }

    record Or(List<Predicate> args) implements Predicate {
    }

    record Not(Predicate arg) implements Predicate {
    }

    /** {@code TRUE} or {@code FALSE} used as a whole predicate. */
    record BoolConst(boolean value) implements Predicate {
    }

    /** @param op one of {@code = <> < > <= >=} */
    record Comparison(String op, Operand left, Operand right) implements Predicate {
    }

    record Like(Operand value, Operand pattern, boolean negated) implements Predicate {
    }

    record Between(Operand value, Operand low, Operand high, boolean negated) implements Predicate {
    }

    record In(Operand value, List<Operand> list, boolean negated) implements Predicate {
    }

    record IsNull(Operand value, boolean negated) implements Predicate {
    }

    record Spatial(SpatialOp op, Operand a, Operand b) implements Predicate {
    }

    record Property(String name) implements Operand {
    }

    record Text(String value) implements Operand {
    }

    /** A number: a {@link Long} when written without fraction or exponent and in range, else a finite {@link Double}. */
    record Num(Number value) implements Operand {
    }

    record Bool(boolean value) implements Operand {
    }

    record DateValue(LocalDate value) implements Operand {
    }

    record TimestampValue(OffsetDateTime value) implements Operand {
    }

    /** {@code CASEI(x)}: compare case-insensitively. */
    record Casei(Operand arg) implements Operand {
    }

    /**
     * A geometry literal in the coordinates of the filter CRS (2D: heights are dropped).
     *
     * @param bbox the numbers of a {@code BBOX(minx, miny, maxx, maxy)}, else null; kept because in
     *             CRS84 minx > maxx means the box crosses the antimeridian, which only the emitter,
     *             knowing the CRS, can tell
     */
    record GeometryValue(Geometry geometry, List<Double> bbox) implements Operand {
    }
}

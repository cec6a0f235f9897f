package nl.infill.features.cql2;

/**
 * Bounds on one filter expression, so that no filter can make the parser, the emitter or the
 * database work without limit.
 *
 * @param maxLength   characters of the filter text or JSON
 * @param maxDepth    nesting of the expression tree (a predicate inside NOT/AND/OR, an operand
 *                    inside CASEI, each counts one level)
 * @param maxNodes    predicates and operands in the whole expression
 * @param maxListSize values in one IN list
 * @param maxVertices vertices of all geometry literals together
 */
public record Cql2Limits(int maxLength, int maxDepth, int maxNodes, int maxListSize, int maxVertices) {
}

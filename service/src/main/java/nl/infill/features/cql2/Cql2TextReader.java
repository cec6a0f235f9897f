package nl.infill.features.cql2;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import nl.infill.features.cql2.Cql2Parser.ArithmeticExpressionContext;
import nl.infill.features.cql2.Cql2Parser.ArithmeticFactorContext;
import nl.infill.features.cql2.Cql2Parser.BooleanExpressionContext;
import nl.infill.features.cql2.Cql2Parser.BooleanFactorContext;
import nl.infill.features.cql2.Cql2Parser.BooleanPrimaryContext;
import nl.infill.features.cql2.Cql2Parser.BooleanTermContext;
import nl.infill.features.cql2.Cql2Parser.CharacterClauseContext;
import nl.infill.features.cql2.Cql2Parser.CharacterExpressionContext;
import nl.infill.features.cql2.Cql2Parser.ComparisonPredicateContext;
import nl.infill.features.cql2.Cql2Parser.CoordinateContext;
import nl.infill.features.cql2.Cql2Parser.FunctionContext;
import nl.infill.features.cql2.Cql2Parser.GeomExpressionContext;
import nl.infill.features.cql2.Cql2Parser.GeometryLiteralContext;
import nl.infill.features.cql2.Cql2Parser.InstantInstanceContext;
import nl.infill.features.cql2.Cql2Parser.IsNullOperandContext;
import nl.infill.features.cql2.Cql2Parser.LineStringTextContext;
import nl.infill.features.cql2.Cql2Parser.LinearRingTextContext;
import nl.infill.features.cql2.Cql2Parser.MultiPointMemberContext;
import nl.infill.features.cql2.Cql2Parser.PatternExpressionContext;
import nl.infill.features.cql2.Cql2Parser.PointContext;
import nl.infill.features.cql2.Cql2Parser.PolygonTextContext;
import nl.infill.features.cql2.Cql2Parser.PredicateContext;
import nl.infill.features.cql2.Cql2Parser.PropertyNameContext;
import nl.infill.features.cql2.Cql2Parser.ScalarExpressionContext;
import nl.infill.features.cql2.Cql2Parser.SpatialInstanceContext;
import nl.infill.features.cql2.Cql2Parser.ZFlagContext;

import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Reads CQL2 text with the parser generated from {@code Cql2.g4} and turns the parse tree into
 * the {@link Ast}. Syntax errors name the column; parts of CQL2 that the service does not
 * evaluate are refused by name; the depth, size and vertex budgets apply while reading.
 */
final class Cql2TextReader {

    private static final BaseErrorListener THROW = new BaseErrorListener() {
        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int column,
                                String msg, RecognitionException e) {
            String near = offendingSymbol instanceof Token t && t.getType() != Token.EOF
                    ? " near '" + Problems.quote(t.getText()) + "'" : offendingSymbol instanceof Token ? " at the end" : "";
            String why = msg.length() > 160 ? msg.substring(0, 160) + "..." : msg;
            throw Problems.bad("CQL2 text syntax error at line " + line + ", column " + (column + 1) + near + ": " + why + ".");
        }
    };

    private final Literals literals;
    private final Geometries geometries;

    private Cql2TextReader(Cql2Limits limits) {
        this.literals = new Literals(limits);
        this.geometries = new Geometries(literals);
    }

    static Ast.Predicate read(String text, Cql2Limits limits) {
        if (text.length() > limits.maxLength()) {
            throw Problems.bad("The filter is longer than " + limits.maxLength() + " characters.");
        }
        // The parser recurses once per bracket; deeper brackets than any allowed tree are refused
        // before parsing, so that no input can exhaust the stack.
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted && ch == '\\') {
                i++;
            } else if (ch == '\'') {
                quoted = !quoted;
            } else if (!quoted && ch == '(' && ++depth > limits.maxDepth() + 4) {
                throw Problems.bad("The filter is nested more than " + limits.maxDepth() + " levels deep.");
            } else if (!quoted && ch == ')') {
                depth--;
            }
        }
        return new Cql2TextReader(limits).filter(parse(text));
    }

    /** SLL prediction first (fast, right for nearly every filter), full LL only when SLL gives up. */
    private static Cql2Parser.FilterContext parse(String text) {
        Cql2Lexer lexer = new Cql2Lexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        lexer.addErrorListener(THROW);
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        Cql2Parser parser = new Cql2Parser(tokens);
        parser.removeErrorListeners();
        parser.setErrorHandler(new BailErrorStrategy());
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        try {
            return parser.filter();
        } catch (ParseCancellationException e) {
            tokens.seek(0);
            parser.reset();
            parser.addErrorListener(THROW);
            parser.setErrorHandler(new DefaultErrorStrategy());
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            return parser.filter();
        }
    }

    private Ast.Predicate filter(Cql2Parser.FilterContext c) {
        return or(c.booleanExpression(), 1);
    }

    private Ast.Predicate or(BooleanExpressionContext c, int depth) {
        List<BooleanTermContext> terms = c.booleanTerm();
        if (terms.size() == 1) {
            return and(terms.get(0), depth);
        }
        literals.node(depth);
        List<Ast.Predicate> args = new ArrayList<>();
        terms.forEach(t -> args.add(and(t, depth + 1)));
        return new Ast.Or(args);
    }

    private Ast.Predicate and(BooleanTermContext c, int depth) {
        List<BooleanFactorContext> factors = c.booleanFactor();
        if (factors.size() == 1) {
            return not(factors.get(0), depth);
        }
        literals.node(depth);
        List<Ast.Predicate> args = new ArrayList<>();
        factors.forEach(f -> args.add(not(f, depth + 1)));
        return new Ast.And(args);
    }

    private Ast.Predicate not(BooleanFactorContext c, int depth) {
        if (c.NOT() == null) {
            return primary(c.booleanPrimary(), depth);
        }
        literals.node(depth);
        return new Ast.Not(primary(c.booleanPrimary(), depth + 1));
    }

    private Ast.Predicate primary(BooleanPrimaryContext c, int depth) {
        if (c.booleanExpression() != null) {
            return or(c.booleanExpression(), depth);
        }
        literals.node(depth);
        if (c.booleanLiteral() != null) {
            return new Ast.BoolConst(c.booleanLiteral().TRUE() != null);
        }
        if (c.function() != null) {
            throw function(c.function());
        }
        return predicate(c.predicate(), depth);
    }

    private Ast.Predicate predicate(PredicateContext c, int depth) {
        if (c.temporalPredicate() != null) {
            throw Problems.unsupported("The temporal function " + c.temporalPredicate().temporalFunction().getText()
                    .toUpperCase(Locale.ROOT) + " (no collection has a temporal property)");
        }
        if (c.arrayPredicate() != null) {
            throw Problems.unsupported("The array function " + c.arrayPredicate().arrayFunction().getText()
                    .toUpperCase(Locale.ROOT) + " (no collection has an array property)");
        }
        if (c.spatialPredicate() != null) {
            var s = c.spatialPredicate();
            SpatialOp op = SpatialOp.byName(s.spatialFunction().getText()).orElseThrow();
            return new Ast.Spatial(op, geom(s.geomExpression(0), depth + 1), geom(s.geomExpression(1), depth + 1));
        }
        return comparison(c.comparisonPredicate(), depth);
    }

    private Ast.Predicate comparison(ComparisonPredicateContext c, int depth) {
        int d = depth + 1;
        if (c.binaryComparisonPredicate() != null) {
            var b = c.binaryComparisonPredicate();
            return new Ast.Comparison(b.comparisonOperator().getText(), scalar(b.scalarExpression(0), d),
                    scalar(b.scalarExpression(1), d));
        }
        if (c.isLikePredicate() != null) {
            var l = c.isLikePredicate();
            return new Ast.Like(character(l.characterExpression(), d), pattern(l.patternExpression(), d), l.NOT() != null);
        }
        if (c.isBetweenPredicate() != null) {
            var b = c.isBetweenPredicate();
            return new Ast.Between(arithmetic(b.arithmeticExpression(0), d), arithmetic(b.arithmeticExpression(1), d),
                    arithmetic(b.arithmeticExpression(2), d), b.NOT() != null);
        }
        if (c.isInListPredicate() != null) {
            var in = c.isInListPredicate();
            List<ScalarExpressionContext> items = in.inList().scalarExpression();
            literals.listSize(items.size());
            List<Ast.Operand> list = new ArrayList<>();
            items.forEach(i -> list.add(scalar(i, d)));
            return new Ast.In(scalar(in.scalarExpression(), d), list, in.NOT() != null);
        }
        var n = c.isNullPredicate();
        return new Ast.IsNull(nullOperand(n.isNullOperand(), d), n.NOT() != null);
    }

    private Ast.Operand scalar(ScalarExpressionContext c, int depth) {
        if (c.characterClause() != null) {
            return character(c.characterClause(), depth);
        }
        if (c.instantInstance() != null) {
            literals.node(depth);
            return instant(c.instantInstance());
        }
        if (c.booleanLiteral() != null) {
            literals.node(depth);
            return new Ast.Bool(c.booleanLiteral().TRUE() != null);
        }
        return arithmetic(c.arithmeticExpression(), depth);
    }

    private Ast.Operand nullOperand(IsNullOperandContext c, int depth) {
        if (c.characterClause() != null) {
            return character(c.characterClause(), depth);
        }
        if (c.temporalInstance() != null) {
            literals.node(depth);
            if (c.temporalInstance().intervalInstance() != null) {
                throw Problems.unsupported("INTERVAL (no collection has a temporal property)");
            }
            return instant(c.temporalInstance().instantInstance());
        }
        if (c.spatialInstance() != null) {
            literals.node(depth);
            return spatial(c.spatialInstance());
        }
        if (c.booleanLiteral() != null) {
            literals.node(depth);
            return new Ast.Bool(c.booleanLiteral().TRUE() != null);
        }
        return arithmetic(c.arithmeticExpression(), depth);
    }

    /** Only a single operand (a number, property or function) is accepted: arithmetic is refused. */
    private Ast.Operand arithmetic(ArithmeticExpressionContext c, int depth) {
        if (c.arithmeticTerm().size() != 1 || c.arithmeticTerm(0).powerTerm().size() != 1
                || c.arithmeticTerm(0).powerTerm(0).arithmeticFactor().size() != 1) {
            throw Problems.unsupported("Arithmetic (+, -, *, /, %, div, ^) in '" + Problems.quote(c.getText()) + "'");
        }
        ArithmeticFactorContext f = c.arithmeticTerm(0).powerTerm(0).arithmeticFactor(0);
        if (f.arithmeticExpression() != null) {
            return arithmetic(f.arithmeticExpression(), depth);
        }
        literals.node(depth);
        var operand = f.arithmeticOperand();
        boolean negative = f.sign() != null && f.sign().MINUS() != null;
        if (operand.NUMBER() != null) {
            return new Ast.Num(Literals.number(operand.NUMBER().getText(), negative));
        }
        if (f.sign() != null) {
            throw Problems.unsupported("Arithmetic (a sign before '" + Problems.quote(operand.getText()) + "')");
        }
        if (operand.function() != null) {
            throw function(operand.function());
        }
        return property(operand.propertyName());
    }

    private Ast.Operand character(CharacterExpressionContext c, int depth) {
        if (c.characterClause() != null) {
            return character(c.characterClause(), depth);
        }
        literals.node(depth);
        if (c.function() != null) {
            throw function(c.function());
        }
        return property(c.propertyName());
    }

    private Ast.Operand character(CharacterClauseContext c, int depth) {
        literals.node(depth);
        if (c.ACCENTI() != null) {
            throw Problems.unsupported("ACCENTI");
        }
        if (c.CASEI() != null) {
            return new Ast.Casei(character(c.characterExpression(), depth + 1));
        }
        return new Ast.Text(text(c.characterLiteral().CHARACTER_LITERAL().getText()));
    }

    private Ast.Operand pattern(PatternExpressionContext c, int depth) {
        literals.node(depth);
        if (c.ACCENTI() != null) {
            throw Problems.unsupported("ACCENTI");
        }
        if (c.CASEI() != null) {
            return new Ast.Casei(pattern(c.patternExpression(), depth + 1));
        }
        return new Ast.Text(text(c.characterLiteral().CHARACTER_LITERAL().getText()));
    }

    private Ast.Operand geom(GeomExpressionContext c, int depth) {
        literals.node(depth);
        if (c.function() != null) {
            throw function(c.function());
        }
        if (c.propertyName() != null) {
            return property(c.propertyName());
        }
        return spatial(c.spatialInstance());
    }

    private static Ast.Operand property(PropertyNameContext c) {
        String name = c.getText();
        return new Ast.Property(c.QUOTED_IDENTIFIER() != null ? name.substring(1, name.length() - 1) : name);
    }

    private static RuntimeException function(FunctionContext c) {
        return Problems.unsupported("The function '" + Problems.quote(c.IDENTIFIER().getText()) + "'");
    }

    private static Ast.Operand instant(InstantInstanceContext c) {
        String s = text(c.characterLiteral().CHARACTER_LITERAL().getText());
        return c.DATE() != null ? new Ast.DateValue(Literals.date(s)) : new Ast.TimestampValue(Literals.timestamp(s));
    }

    /** The value of a character literal: '' and \' are a quote, \\ is a backslash, other backslashes stay. */
    static String text(String token) {
        String body = token.substring(1, token.length() - 1);
        StringBuilder b = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char ch = body.charAt(i);
            if (ch == '\'' || (ch == '\\' && i + 1 < body.length() && (body.charAt(i + 1) == '\'' || body.charAt(i + 1) == '\\'))) {
                b.append(body.charAt(++i));
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }

    // Geometry literals

    private Ast.Operand spatial(SpatialInstanceContext c) {
        if (c.bboxTaggedText() != null) {
            List<CoordinateContext> cs = c.bboxTaggedText().coordinate();
            double[] n = new double[cs.size()];
            for (int i = 0; i < n.length; i++) {
                n[i] = coordinate(cs.get(i));
            }
            return geometries.bbox(n);
        }
        if (c.geometryCollectionTaggedText() != null) {
            var gc = c.geometryCollectionTaggedText();
            zFlag(gc.zFlag());
            List<Geometry> members = new ArrayList<>();
            gc.geometryCollectionText().geometryLiteral().forEach(g -> members.add(geometry(g)));
            return new Ast.GeometryValue(geometries.collection(members), null);
        }
        return new Ast.GeometryValue(geometry(c.geometryLiteral()), null);
    }

    private Geometry geometry(GeometryLiteralContext c) {
        if (c.pointTaggedText() != null) {
            zFlag(c.pointTaggedText().zFlag());
            return geometries.point(position(c.pointTaggedText().pointText().point()));
        }
        if (c.linestringTaggedText() != null) {
            zFlag(c.linestringTaggedText().zFlag());
            return lineString(c.linestringTaggedText().lineStringText());
        }
        if (c.polygonTaggedText() != null) {
            zFlag(c.polygonTaggedText().zFlag());
            return polygon(c.polygonTaggedText().polygonText());
        }
        if (c.multipointTaggedText() != null) {
            zFlag(c.multipointTaggedText().zFlag());
            List<Point> points = new ArrayList<>();
            for (MultiPointMemberContext m : c.multipointTaggedText().multiPointText().multiPointMember()) {
                points.add(geometries.point(position(m.point() != null ? m.point() : m.pointText().point())));
            }
            return geometries.multiPoint(points);
        }
        if (c.multilinestringTaggedText() != null) {
            zFlag(c.multilinestringTaggedText().zFlag());
            List<LineString> lines = new ArrayList<>();
            c.multilinestringTaggedText().multiLineStringText().lineStringText().forEach(l -> lines.add(lineString(l)));
            return geometries.multiLineString(lines);
        }
        zFlag(c.multipolygonTaggedText().zFlag());
        List<Polygon> polygons = new ArrayList<>();
        c.multipolygonTaggedText().multiPolygonText().polygonText().forEach(p -> polygons.add(polygon(p)));
        return geometries.multiPolygon(polygons);
    }

    private LineString lineString(LineStringTextContext c) {
        return geometries.lineString(positions(c.point()));
    }

    private Polygon polygon(PolygonTextContext c) {
        List<List<Coordinate>> rings = new ArrayList<>();
        for (LinearRingTextContext r : c.linearRingText()) {
            rings.add(positions(r.point()));
        }
        return geometries.polygon(rings);
    }

    private List<Coordinate> positions(List<PointContext> points) {
        List<Coordinate> cs = new ArrayList<>(points.size());
        points.forEach(p -> cs.add(position(p)));
        return cs;
    }

    private Coordinate position(PointContext p) {
        return geometries.position(coordinate(p.coordinate(0)), coordinate(p.coordinate(1)));
    }

    private static double coordinate(CoordinateContext c) {
        return Literals.number(c.NUMBER().getText(), c.sign() != null && c.sign().MINUS() != null).doubleValue();
    }

    private static void zFlag(ZFlagContext z) {
        if (z != null && !z.getText().equalsIgnoreCase("Z")) {
            throw Problems.bad("CQL2 text syntax error at column " + (z.getStart().getCharPositionInLine() + 1)
                    + " near '" + Problems.quote(z.getText()) + "': only Z may follow a geometry keyword.");
        }
    }
}

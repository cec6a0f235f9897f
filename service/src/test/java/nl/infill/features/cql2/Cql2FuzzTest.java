package nl.infill.features.cql2;

import static nl.infill.features.cql2.TestQueryables.LIMITS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import nl.infill.system.DomainException;
import nl.infill.system.InvalidInput;

import org.junit.jupiter.api.Test;

/**
 * Fuzzes the parser and the SQL emitter with generated and mutated filters in both encodings
 * (the class of CVE-2023-25157, SQL injection through filter functions and values). Each input
 * must either be refused with a 400 problem or become SQL that is made only of this package's
 * vocabulary, whitelisted columns and named parameters, with every literal of the filter among
 * the bound values.
 */
class Cql2FuzzTest {

    private static final long SEED = 20_250_117L;
    private static final int RUNS = 3_000;

    private static final Pattern TOKEN = Pattern.compile(
            "\\s+|(:[a-z]+[0-9]+)|([A-Za-z_][A-Za-z_0-9]*(?:\\.[A-Za-z_][A-Za-z_0-9]*)?)|([0-9]+)|(&&|<>|<=|>=|[=<>(),])");

    /** Every word the emitter may write; anything else in the SQL would have come from the input. */
    private static final Set<String> WORDS = Set.of("AND", "OR", "NOT", "TRUE", "FALSE", "IS", "NULL", "LIKE", "BETWEEN",
            "IN", "CAST", "AS", "text", "bigint", "double", "precision", "boolean", "date", "timestamptz", "lower",
            "ST_Intersects", "ST_Disjoint", "ST_Equals", "ST_Touches", "ST_Within", "ST_Contains", "ST_Overlaps",
            "ST_Crosses", "ST_Transform", "ST_GeomFromWKB", "ST_Expand");

    private static final Set<String> NUMBERS = Set.of("4326", "28992", "1");

    private final Set<String> columns = new HashSet<>();

    Cql2FuzzTest() {
        TestQueryables q = new TestQueryables();
        q.names().forEach(n -> columns.add(q.find(n).orElseThrow().column()));
    }

    @Test
    void generatedAndMutatedTextFiltersGiveA400OrSqlWithEveryValueBound() {
        fuzz(false);
    }

    @Test
    void generatedAndMutatedJsonFiltersGiveA400OrSqlWithEveryValueBound() {
        fuzz(true);
    }

    private void fuzz(boolean json) {
        Cql2Generator gen = new Cql2Generator(SEED + (json ? 1 : 0), new ArrayList<>(TestQueryables.TYPES.keySet()));
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < RUNS; i++) {
            String input = json ? gen.json() : gen.text();
            if (check(input, json ? "cql2-json" : "cql2-text")) {
                accepted++;
            } else {
                refused++;
            }
        }
        // The generator must exercise both paths, else the test proves little.
        assertThat(accepted).as("accepted").isGreaterThan(RUNS / 10);
        assertThat(refused).as("refused").isGreaterThan(RUNS / 10);
    }

    /** True when the input became SQL (then checked structurally), false when refused with a 400. */
    private boolean check(String input, String lang) {
        Cql2Filter filter;
        SqlPredicate sql;
        try {
            filter = Cql2Filter.parse(input, lang, LIMITS);
            sql = filter.toSql(new TestQueryables(), FilterCrs.CRS84, "cql");
        } catch (DomainException e) {
            assertThat(e).as(input).isInstanceOf(InvalidInput.class);
            assertThat(e.where()).as(input).isIn("filter", "filter-lang");
            return false;
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("not a 400 for " + lang + " input: " + input, e);
        }
        assertStructure(input, sql);
        assertEveryLiteralBound(input, filter.root(), sql.params());
        return true;
    }

    private void assertStructure(String input, SqlPredicate p) {
        Matcher m = TOKEN.matcher(p.sql());
        int at = 0;
        Set<String> used = new HashSet<>();
        while (at < p.sql().length()) {
            assertThat(m.find(at) && m.start() == at).as("unexpected text at %d of %s (input %s)", at, p.sql(), input).isTrue();
            if (m.group(1) != null) {
                used.add(m.group(1).substring(1));
            } else if (m.group(2) != null) {
                assertThat(WORDS.contains(m.group(2)) || columns.contains(m.group(2)))
                        .as("word '%s' in %s (input %s)", m.group(2), p.sql(), input).isTrue();
            } else if (m.group(3) != null) {
                assertThat(NUMBERS).as("number in %s (input %s)", p.sql(), input).contains(m.group(3));
            }
            at = m.end();
        }
        assertThat(used).as(input).isEqualTo(p.params().keySet());
    }

    private static void assertEveryLiteralBound(String input, Ast.Predicate root, Map<String, Object> params) {
        List<Object> literals = new ArrayList<>();
        collect(root, literals);
        for (Object v : literals) {
            assertThat(params.values()).as("literal %s of %s", v, input).contains(v);
        }
    }

    private static void collect(Ast.Predicate p, List<Object> out) {
        if (p instanceof Ast.And a) {
            a.args().forEach(x -> collect(x, out));
        } else if (p instanceof Ast.Or o) {
            o.args().forEach(x -> collect(x, out));
        } else if (p instanceof Ast.Not n) {
            collect(n.arg(), out);
        } else if (p instanceof Ast.Comparison c) {
            collect(c.left(), out);
            collect(c.right(), out);
        } else if (p instanceof Ast.Like l) {
            collect(l.value(), out);
            collect(l.pattern(), out);
        } else if (p instanceof Ast.Between b) {
            collect(b.value(), out);
            collect(b.low(), out);
            collect(b.high(), out);
        } else if (p instanceof Ast.In in) {
            collect(in.value(), out);
            in.list().forEach(x -> collect(x, out));
        } else if (p instanceof Ast.IsNull n && !(n.value() instanceof Ast.GeometryValue)) {
            collect(n.value(), out);
        }
    }

    private static void collect(Ast.Operand o, List<Object> out) {
        if (o instanceof Ast.Text t) {
            out.add(t.value());
        } else if (o instanceof Ast.Num n) {
            out.add(n.value());
        } else if (o instanceof Ast.Bool b) {
            out.add(b.value());
        } else if (o instanceof Ast.DateValue d) {
            out.add(d.value());
        } else if (o instanceof Ast.TimestampValue t) {
            out.add(t.value());
        } else if (o instanceof Ast.Casei c) {
            collect(c.arg(), out);
        }
    }

    @Test
    void filterFunctionsCarryingSqlAreRefusedBeforeAnySqlIsWritten() {
        // CVE-2023-25157: GeoServer let strEndsWith & co. put their arguments into SQL.
        for (String f : List.of("strEndsWith(source_id, 'x'') OR 1=1 --') = TRUE",
                "strStartsWith(\"source_id\", '''); DROP TABLE parcel; --') = TRUE",
                "PropertyIsLike(source_id, 'x') = TRUE", "pg_sleep(10) = TRUE", "S_INTERSECTS(geometry, ST_Buffer('x'))")) {
            assertThat(check(f, "cql2-text")).as(f).isFalse();
        }
        assertThat(check("{\"op\":\"strEndsWith\",\"args\":[{\"property\":\"source_id\"},\"x') OR 1=1 --\"]}", "cql2-json"))
                .isFalse();
    }

    @Test
    void propertyNamesCarryingSqlNeverBecomeIdentifiers() {
        for (String f : List.of("\"source_id\"\" OR 1=1\" = 'x'", "\"t.id\" > 0", "\"pg_catalog.pg_user\" IS NULL")) {
            assertThat(check(f, "cql2-text")).as(f).isFalse();
        }
        assertThat(check("{\"op\":\"=\",\"args\":[{\"property\":\"source_id; DROP TABLE parcel\"},\"x\"]}", "cql2-json"))
                .isFalse();
    }

    @Test
    void valuesCarryingSqlAreBoundAsTheyAre() {
        for (String payload : Cql2Generator.PAYLOADS) {
            String quoted = payload.replace("\\", "\\\\").replace("'", "''");
            String f = "source_id = '" + quoted + "' OR source_id LIKE '" + quoted + "x'";
            SqlPredicate p = Cql2Filter.parse(f, null, LIMITS).toSql(new TestQueryables(), FilterCrs.CRS84, "cql");
            assertThat(p.params().values()).as(f).contains(payload, payload + "x");
            assertStructure(f, p);
        }
    }
}

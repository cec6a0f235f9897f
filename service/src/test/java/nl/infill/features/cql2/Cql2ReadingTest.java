package nl.infill.features.cql2;

import static nl.infill.features.cql2.TestQueryables.LIMITS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;

import nl.infill.system.DomainException;
import nl.infill.system.InvalidInput;

import org.junit.jupiter.api.Test;

/** CQL2 text and CQL2 JSON read into the same tree; what is not CQL2, or not supported, is a 400. */
class Cql2ReadingTest {

    private static Ast.Predicate text(String s) {
        return Cql2Filter.parse(s, "cql2-text", LIMITS).root();
    }

    private static Ast.Predicate json(String s) {
        return Cql2Filter.parse(s, "cql2-json", LIMITS).root();
    }

    private static String problem(String filter, String lang) {
        try {
            Cql2Filter.parse(filter, lang, LIMITS).toSql(new TestQueryables(), FilterCrs.CRS84, "cql");
        } catch (DomainException e) {
            assertThat(e).isInstanceOf(InvalidInput.class);
            return e.getMessage();
        }
        throw new AssertionError("no problem for " + filter);
    }

    @Test
    void textAndJsonOfTheSameFilterReadToTheSameTree() {
        String[][] pairs = {
            {"score_class >= 4 AND municipality = 'GM0637'",
                "{\"op\":\"and\",\"args\":[{\"op\":\">=\",\"args\":[{\"property\":\"score_class\"},4]},"
                    + "{\"op\":\"=\",\"args\":[{\"property\":\"municipality\"},\"GM0637\"]}]}"},
            {"NOT (excluded = TRUE) OR score IS NULL",
                "{\"op\":\"or\",\"args\":[{\"op\":\"not\",\"args\":[{\"op\":\"=\",\"args\":[{\"property\":\"excluded\"},true]}]},"
                    + "{\"op\":\"isNull\",\"args\":[{\"property\":\"score\"}]}]}"},
            {"area_m2 BETWEEN 100 AND 150.5", "{\"op\":\"between\",\"args\":[{\"property\":\"area_m2\"},100,150.5]}"},
            {"score_class IN (1, 2, 5)", "{\"op\":\"in\",\"args\":[{\"property\":\"score_class\"},[1,2,5]]}"},
            {"CASEI(source_id) LIKE CASEI('p1%')",
                "{\"op\":\"like\",\"args\":[{\"op\":\"casei\",\"args\":[{\"property\":\"source_id\"}]},"
                    + "{\"op\":\"casei\",\"args\":[\"p1%\"]}]}"},
            {"S_INTERSECTS(geometry, POINT(4.5 52.1))",
                "{\"op\":\"s_intersects\",\"args\":[{\"property\":\"geometry\"},{\"type\":\"Point\",\"coordinates\":[4.5,52.1]}]}"},
            {"S_WITHIN(geometry, POLYGON((4 52, 5 52, 5 53, 4 52)))",
                "{\"op\":\"s_within\",\"args\":[{\"property\":\"geometry\"},{\"type\":\"Polygon\","
                    + "\"coordinates\":[[[4,52],[5,52],[5,53],[4,52]]]}]}"},
            {"S_INTERSECTS(geometry, BBOX(4.47, 52.04, 4.5, 52.06))",
                "{\"op\":\"s_intersects\",\"args\":[{\"property\":\"geometry\"},{\"bbox\":[4.47,52.04,4.5,52.06]}]}"},
            {"walk_gp_m < score", "{\"op\":\"<\",\"args\":[{\"property\":\"walk_gp_m\"},{\"property\":\"score\"}]}"},
            {"TRUE", "true"},
        };
        for (String[] p : pairs) {
            assertThat(text(p[0])).as(p[0]).isEqualTo(json(p[1]));
        }
    }

    @Test
    void keywordsAreCaseInsensitiveAndPropertyNamesKeepTheirCase() {
        assertThat(text("score_class >= 4 and not (municipality like 'GM%')"))
                .isEqualTo(text("score_class >= 4 AND NOT (municipality LIKE 'GM%')"));
        assertThat(text("\"Score\" = 1")).isEqualTo(new Ast.Comparison("=", new Ast.Property("Score"), new Ast.Num(1L)));
        assertThat(problem("Score = 1", null)).contains("Unknown property 'Score'").contains("score_class");
    }

    @Test
    void characterLiteralsUnescapeDoubledAndBackslashedQuotesAndBackslashes() {
        assertThat(value("source_id = 'it''s'")).isEqualTo("it's");
        assertThat(value("source_id = 'it\\'s'")).isEqualTo("it's");
        assertThat(value("source_id = 'a\\\\b'")).isEqualTo("a\\b");
        // Any other backslash stays, so that LIKE sees its escape character.
        assertThat(value("source_id = '100\\%'")).isEqualTo("100\\%");
        assertThat(value("source_id = ''")).isEmpty();
    }

    private static String value(String filter) {
        return ((Ast.Text) ((Ast.Comparison) text(filter)).right()).value();
    }

    @Test
    void numbersAreLongsWhenWholeAndDoublesOtherwiseAndTooLargeIsRefused() {
        assertThat(((Ast.Comparison) text("score > -5")).right()).isEqualTo(new Ast.Num(-5L));
        assertThat(((Ast.Comparison) text("score > 1.5e3")).right()).isEqualTo(new Ast.Num(1500.0));
        assertThat(((Ast.Comparison) text("score > .5")).right()).isEqualTo(new Ast.Num(0.5));
        assertThat(((Ast.Comparison) text("score > 12345678901234567890")).right()).isEqualTo(new Ast.Num(1.2345678901234567e19));
        assertThat(problem("score > 1e999", null)).contains("out of range");
        assertThat(problem("{\"op\":\">\",\"args\":[{\"property\":\"score\"},1e999]}", "cql2-json")).contains("out of range");
    }

    @Test
    void datesAndTimestampsAreReadInTheFormatsOfTheStandard() {
        assertThat(((Ast.Comparison) text("DATE('2024-02-29') < DATE('2024-03-01')")).left())
                .isEqualTo(new Ast.DateValue(LocalDate.of(2024, 2, 29)));
        assertThat(problem("DATE('2023-02-29') < DATE('2024-03-01')", null)).contains("not a date of the calendar");
        assertThat(problem("TIMESTAMP('2024-01-01 10:00') < TIMESTAMP('2024-01-02T00:00:00Z')", null))
                .contains("YYYY-MM-DDTHH:MM:SSZ");
        // No queryable is temporal, so a date compared with a property is a type error.
        assertThat(problem("score_class = DATE('2024-01-01')", null)).contains("cannot compare a number with a date");
    }

    @Test
    void syntaxErrorsNameLineAndColumn() {
        assertThat(problem("score_class >= ", null)).contains("syntax error at line 1, column 16").contains("at the end");
        assertThat(problem("score_class >= 4 AND", null)).contains("syntax error");
        assertThat(problem("score_class => 4", null)).contains("column 14").contains("near '>'");
        assertThat(problem("source_id = 'open", null)).contains("syntax error");
        assertThat(problem("score_class = 4;", null)).contains("near ';'");
        assertThat(problem("{\"op\": \"=\"", "cql2-json")).contains("not valid JSON");
        assertThat(problem("{\"op\":\"=\",\"args\":[{\"property\":\"score\"}]}", "cql2-json"))
                .contains("\"=\" takes 2 args; got 1");
        assertThat(problem("{\"op\":\"and\",\"args\":[true,{\"op\":\"=\",\"args\":[{\"prop\":\"a\"},1]}]}", "cql2-json"))
                .contains("at args[1].args[0]");
    }

    @Test
    void partsOfCql2ThisServiceDoesNotEvaluateAreRefusedByName() {
        assertThat(problem("T_BEFORE(built, DATE('2020-01-01'))", null)).contains("temporal function T_BEFORE")
                .contains("is not supported");
        assertThat(problem("A_CONTAINS(tags, ('a', 'b'))", null)).contains("array function A_CONTAINS");
        assertThat(problem("score + 1 > 2", null)).contains("Arithmetic");
        assertThat(problem("ACCENTI(source_id) = 'a'", null)).contains("ACCENTI");
        assertThat(problem("strEndsWith(source_id, 'x') = TRUE", null)).contains("function 'strEndsWith'");
        assertThat(problem("{\"op\":\"t_after\",\"args\":[{\"property\":\"a\"},{\"date\":\"2020-01-01\"}]}", "cql2-json"))
                .contains("t_after");
        assertThat(problem("{\"op\":\"strEndsWith\",\"args\":[{\"property\":\"source_id\"},\"x\"]}", "cql2-json"))
                .contains("function 'strEndsWith'");
        assertThat(problem("score_class = 1", "cql2-xml")).contains("filter-lang");
    }

    @Test
    void limitsOnDepthSizeListsAndVerticesAreEnforced() {
        String deep = "(".repeat(60) + "score = 1" + ")".repeat(60);
        assertThat(problem(deep, null)).contains("nested more than 32 levels");
        // Within the bracket bound (32 + 4), but 32 NOTs, a comparison and its operands are 34 levels.
        String deepNot = "NOT (".repeat(32) + "score = 1" + ")".repeat(32);
        assertThat(problem(deepNot, null)).contains("nested more than 32 levels");
        String wide = String.join(" OR ", java.util.Collections.nCopies(1001, "score = 1"));
        assertThat(problem(wide, null)).contains("more than 2000 predicates");
        String list = "score_class IN (" + String.join(",", java.util.Collections.nCopies(1001, "1")) + ")";
        assertThat(problem(list, null)).contains("at most 1000");
        assertThat(problem("source_id = '" + "x".repeat(20_001) + "'", null)).contains("longer than 20000");
        StringBuilder line = new StringBuilder("S_INTERSECTS(geometry, LINESTRING(");
        for (int i = 0; i <= 10_000; i++) {
            line.append(i == 0 ? "" : ",").append("4.").append(i % 10).append(" 52");
        }
        Cql2Limits small = new Cql2Limits(1_000_000, 32, 2_000, 1_000, 10_000);
        assertThatThrownBy(() -> Cql2Filter.parse(line + "))", null, small)).hasMessageContaining("10000 vertices");
    }

    @Test
    void bracketsHiddenBehindAnEscapedQuoteStillCountTowardsTheDepth() {
        String hidden = "source_id = 'x\\'' OR " + "(".repeat(5000) + "score = 1" + ")".repeat(5000);
        assertThat(problem(hidden, null)).contains("nested more than 32 levels");
    }

    @Test
    void jsonMembersOutsideTheSchemaAreRefused() {
        assertThat(problem("{\"op\":\"=\",\"args\":[{\"property\":\"score\"},1],\"extra\":1}", "cql2-json"))
                .contains("unknown member \"extra\"");
        assertThat(problem("{\"op\":\"in\",\"args\":[{\"property\":\"score\"},1]}", "cql2-json"))
                .contains("an array of values");
        assertThat(problem("[1,2]", "cql2-json")).contains("expected a predicate");
        assertThat(problem("{\"op\":\"=\",\"args\":[{\"property\":\"score\"},null]}", "cql2-json")).contains("isNull");
    }

    @Test
    void geometryLiteralsOfEveryWktTypeRead() {
        List<String> wkt = List.of("POINT(4.5 52.1)", "POINT Z(4.5 52.1 3)", "LINESTRING(4.5 52.1, 4.6 52.2)",
                "POLYGON((4 52, 5 52, 5 53, 4 52), (4.6 52.1, 4.9 52.1, 4.9 52.4, 4.6 52.1))",
                "MULTIPOINT((4.5 52.1), (4.6 52.2))", "MULTIPOINT(4.5 52.1, 4.6 52.2)",
                "MULTILINESTRING((4.5 52.1, 4.6 52.2), (4.7 52.1, 4.8 52.2))",
                "MULTIPOLYGON(((4 52, 5 52, 5 53, 4 52)), ((6 52, 7 52, 7 53, 6 52)))",
                "GEOMETRYCOLLECTION(POINT(4.5 52.1), LINESTRING(4.5 52.1, 4.6 52.2))", "BBOX(4, 52, 5, 53)",
                "BBOX(4, 52, 0, 5, 53, 10)");
        for (String g : wkt) {
            assertThat(TestQueryables.sql("S_INTERSECTS(geometry, " + g + ")").sql()).as(g).startsWith("ST_Intersects(t.geom,");
        }
        assertThat(problem("S_INTERSECTS(geometry, POINT Q(4.5 52.1))", null)).contains("only Z");
        assertThat(problem("S_INTERSECTS(geometry, POLYGON((4 52, 5 52, 5 53, 4 53)))", null)).contains("end at its first");
    }
}

package nl.infill;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a SQL file names, as far as the table-ownership rule needs it: the relations in the
 * places where SQL names relations (after FROM, JOIN, INTO, UPDATE, TABLE, TRUNCATE, COPY, and
 * each item of a FROM list), the functions it calls, and what a migration creates. A scanner of
 * its own rather than a SQL parser: the files hold {@code {placeholders}} filled from
 * whitelists, named parameters and PostGIS operators ({@code &&}, {@code <->}, {@code @}),
 * which a general-purpose parser refuses, while the rule only needs these positions. Comments,
 * string literals and dollar-quoted bodies are skipped, so prose and function bodies in
 * migrations never count; dynamic SQL inside them cannot be seen, which is why a module owns a
 * whole schema ({@code publish.*}) when its functions create objects there.
 */
final class SqlReferences {

    /** A relation or function named by a statement; {@code write}: as the target of a write. */
    record Ref(String name, boolean write) {
    }

    private enum Kind { WORD, PUNCT, OTHER }

    private record Token(Kind kind, String text) {

        boolean is(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }

        boolean isPunct(String p) {
            return kind == Kind.PUNCT && text.equals(p);
        }
    }

    /** Words that end a FROM list (or never start a relation). */
    private static final Set<String> CLAUSE_END = Set.of("where", "group", "order", "having", "limit", "offset",
            "window", "union", "intersect", "except", "returning", "on", "using", "set", "for", "join", "inner",
            "left", "right", "full", "cross", "natural", "select", "values", "with", "do", "to", "as");

    private SqlReferences() {
    }

    /** Relations and functions the statements of {@code sql} name, in order of appearance. */
    static List<Ref> references(String sql) {
        List<Token> t = tokens(sql);
        Set<String> cteNames = cteNames(t);
        List<Ref> out = new ArrayList<>();
        // depth of the FROM list being read, or -1 outside one
        int fromDepth = -1;
        int depth = 0;
        boolean writeNext = false;
        // whether the names after a comma in the list being read are written (LOCK TABLE a, b)
        boolean listWrite = false;
        for (int i = 0; i < t.size(); i++) {
            Token k = t.get(i);
            if (k.isPunct("(")) {
                depth++;
                continue;
            }
            if (k.isPunct(")")) {
                depth--;
                if (depth < fromDepth) {
                    fromDepth = -1;
                }
                continue;
            }
            if (k.isPunct(";")) {
                fromDepth = -1;
                depth = 0;
                continue;
            }
            if (k.kind() == Kind.WORD && i + 1 < t.size() && t.get(i + 1).isPunct("(") && !isKeyword(k.text())) {
                out.add(new Ref(normalise(k.text()), false));
                continue;
            }
            boolean relationFollows = false;
            // after INTO and COPY a name with a parenthesis is a table with its column list, not a call
            boolean columnList = k.is("into") || k.is("copy");
            if (k.is("from") || k.is("join")) {
                boolean deleteFrom = k.is("from") && i > 0 && t.get(i - 1).is("delete");
                relationFollows = true;
                writeNext = deleteFrom;
                fromDepth = k.is("from") ? depth : fromDepth;
                listWrite = false;
            } else if (k.is("table") && i > 0 && t.get(i - 1).is("lock")) {
                // LOCK TABLE a, b IN ACCESS SHARE MODE only reads (it holds off writers); any other mode is a write
                relationFollows = true;
                writeNext = !accessShare(t, i);
                listWrite = writeNext;
                fromDepth = depth;
            } else if (k.is("into") || k.is("update") || k.is("truncate") || k.is("copy")) {
                relationFollows = true;
                writeNext = true;
            } else if (k.is("table") && i > 0 && (t.get(i - 1).is("alter") || t.get(i - 1).is("drop")
                    || t.get(i - 1).is("truncate"))) {
                relationFollows = true;
                writeNext = true;
            } else if (k.isPunct(",") && fromDepth == depth) {
                relationFollows = true;
                writeNext = listWrite;
            } else if (k.kind() == Kind.WORD && CLAUSE_END.contains(k.text().toLowerCase(Locale.ROOT))
                    && fromDepth == depth && !k.is("join")) {
                fromDepth = -1;
            }
            if (relationFollows) {
                int j = i + 1;
                while (j < t.size() && (t.get(j).is("only") || t.get(j).is("lateral") || t.get(j).is("table"))) {
                    j++;
                }
                if (j < t.size() && t.get(j).kind() == Kind.WORD && !isKeyword(t.get(j).text())
                        && (columnList || !(j + 1 < t.size() && t.get(j + 1).isPunct("(")))) {
                    String name = normalise(t.get(j).text());
                    if (!cteNames.contains(name)) {
                        out.add(new Ref(name, writeNext));
                    }
                    i = j;
                }
                writeNext = false;
            }
        }
        return out;
    }

    /** Whether the LOCK statement at {@code from} takes ACCESS SHARE (IN ACCESS SHARE MODE before its end). */
    private static boolean accessShare(List<Token> t, int from) {
        for (int j = from; j + 3 < t.size() && !t.get(j).isPunct(";"); j++) {
            if (t.get(j).is("in") && t.get(j + 1).is("access") && t.get(j + 2).is("share") && t.get(j + 3).is("mode")) {
                return true;
            }
        }
        return false;
    }

    /** Tables, views, functions, sequences and schemas a migration creates (a schema as {@code name.*}). */
    static Set<String> created(String sql) {
        List<Token> t = tokens(sql);
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < t.size(); i++) {
            if (!t.get(i).is("create")) {
                continue;
            }
            int j = i + 1;
            while (j < t.size() && (t.get(j).is("or") || t.get(j).is("replace") || t.get(j).is("temp")
                    || t.get(j).is("temporary") || t.get(j).is("unlogged") || t.get(j).is("materialized"))) {
                j++;
            }
            if (j + 1 >= t.size()) {
                continue;
            }
            String kind = t.get(j).text().toLowerCase(Locale.ROOT);
            if (!Set.of("table", "view", "function", "sequence", "schema", "type").contains(kind)) {
                continue;
            }
            j++;
            while (j < t.size() && (t.get(j).is("if") || t.get(j).is("not") || t.get(j).is("exists"))) {
                j++;
            }
            if (j < t.size() && t.get(j).kind() == Kind.WORD) {
                String name = normalise(t.get(j).text());
                out.add(kind.equals("schema") ? name + ".*" : name);
            }
        }
        return out;
    }

    /** Unquoted names fold to lower case, and {@code public.x} is {@code x}. */
    private static String normalise(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.startsWith("public.") ? n.substring("public.".length()) : n;
    }

    /** Names given to WITH queries: {@code name AS (} (and {@code name AS MATERIALIZED (}). */
    private static Set<String> cteNames(List<Token> t) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i + 2 < t.size(); i++) {
            if (t.get(i).kind() == Kind.WORD && t.get(i + 1).is("as")
                    && (t.get(i + 2).isPunct("(") || t.get(i + 2).is("materialized") || t.get(i + 2).is("not"))) {
                names.add(normalise(t.get(i).text()));
            }
        }
        return names;
    }

    /** SQL words that can stand where a name or a call would, and name nothing of ours. */
    private static boolean isKeyword(String w) {
        return Set.of("select", "exists", "values", "any", "all", "array", "in", "not", "and", "or", "case", "when",
                "then", "else", "end", "cast", "coalesce", "filter", "over", "lateral", "only", "as", "on", "using",
                "where", "unnest", "row", "table", "with", "recursive", "set", "conflict", "nothing").contains(w.toLowerCase(Locale.ROOT));
    }

    private static List<Token> tokens(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
                while (i < n && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '\'') {
                i = skipString(s, i + 1, false);
                out.add(new Token(Kind.OTHER, "'"));
            } else if ((c == 'E' || c == 'e') && i + 1 < n && s.charAt(i + 1) == '\''
                    && (i == 0 || !isWordChar(s.charAt(i - 1)))) {
                i = skipString(s, i + 2, true);
                out.add(new Token(Kind.OTHER, "'"));
            } else if (c == '$' && i + 1 < n && (s.charAt(i + 1) == '$' || Character.isLetter(s.charAt(i + 1)))) {
                int close = s.indexOf('$', i + 1);
                String tag = close < 0 ? "$" : s.substring(i, close + 1);
                int end = s.indexOf(tag, close + 1);
                i = end < 0 ? n : end + tag.length();
                out.add(new Token(Kind.OTHER, "$$"));
            } else if (c == '{') {
                int end = s.indexOf('}', i);
                i = end < 0 ? n : end + 1;
                out.add(new Token(Kind.OTHER, "{}"));
            } else if (c == ':' && i + 1 < n && s.charAt(i + 1) == ':') {
                i += 2;
                out.add(new Token(Kind.PUNCT, "::"));
            } else if (c == ':' && i + 1 < n && isWordChar(s.charAt(i + 1))) {
                i++;
                while (i < n && isWordChar(s.charAt(i))) {
                    i++;
                }
                out.add(new Token(Kind.OTHER, ":param"));
            } else if (c == '"' || Character.isLetter(c) || c == '_') {
                StringBuilder name = new StringBuilder();
                while (true) {
                    if (i < n && s.charAt(i) == '"') {
                        int end = s.indexOf('"', i + 1);
                        name.append(s, i + 1, end < 0 ? n : end);
                        i = end < 0 ? n : end + 1;
                    } else {
                        int start = i;
                        while (i < n && isWordChar(s.charAt(i))) {
                            i++;
                        }
                        name.append(s, start, i);
                    }
                    if (i + 1 < n && s.charAt(i) == '.' && (s.charAt(i + 1) == '"' || Character.isLetter(s.charAt(i + 1))
                            || s.charAt(i + 1) == '_')) {
                        name.append('.');
                        i++;
                    } else {
                        break;
                    }
                }
                out.add(new Token(Kind.WORD, name.toString()));
            } else if (c == '(' || c == ')' || c == ',' || c == ';') {
                out.add(new Token(Kind.PUNCT, String.valueOf(c)));
                i++;
            } else {
                out.add(new Token(Kind.OTHER, String.valueOf(c)));
                i++;
            }
        }
        return out;
    }

    private static int skipString(String s, int i, boolean backslashEscapes) {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == '\'') {
                if (i + 1 < n && s.charAt(i + 1) == '\'') {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return n;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}

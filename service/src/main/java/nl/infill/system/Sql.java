package nl.infill.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Named SQL statements from {@code classpath:sql/<feature>/<name>.sql}, read once and cached.
 * SQL is a source language here: it lives in files, not in Java strings.
 */
public final class Sql {

    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private Sql() {
    }

    /** @param path relative to {@code sql/}, e.g. {@code "ingest/swap-parcel.sql"} */
    public static String load(String path) {
        return CACHE.computeIfAbsent(path, Sql::read);
    }

    /**
     * Where {@code marker} is in {@code sql}, which must hold it exactly once. For the statements built
     * from another one's text (the parallel criteria, a tile's side channel, a tile narrowed to some
     * attributes): a file that changed shape fails the caller, never answers with wrong rows.
     *
     * @param user who relies on the marker, named in the error
     */
    public static int indexOfOnce(String sql, String marker, String user) {
        int at = sql.indexOf(marker);
        if (at < 0 || sql.indexOf(marker, at + 1) >= 0) {
            throw new IllegalStateException("the statement must contain exactly one '" + marker.strip() + "' (" + user + ")");
        }
        return at;
    }

    /** {@code sql} with its one {@code marker} ({@link #indexOfOnce}) replaced. */
    public static String replaceOnce(String sql, String marker, String replacement, String user) {
        int at = indexOfOnce(sql, marker, user);
        return sql.substring(0, at) + replacement + sql.substring(at + marker.length());
    }

    private static String read(String path) {
        String resource = "sql/" + path;
        try (InputStream in = Sql.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("SQL file missing from the classpath: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

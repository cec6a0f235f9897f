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

package nl.infill.system.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One md5 per table the service owns in public (every row as text, in text order): equal maps
 * before and after mean no row was added, removed or changed.
 */
public final class TableChecksums {

    private TableChecksums() {
    }

    public static Map<String, String> of(JdbcClient jdbc) {
        awaitNoActiveRun(jdbc);
        List<String> tables = jdbc.sql("""
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
                   AND has_table_privilege(c.oid, 'SELECT') AND c.relname <> 'spatial_ref_sys'
                 ORDER BY 1""").query(String.class).list();
        Map<String, String> sums = new LinkedHashMap<>();
        for (String table : tables) {
            // The name comes from the catalogue, quoted by format(%I).
            String sql = jdbc.sql("SELECT format('SELECT md5(coalesce(string_agg(t::text, '''' ORDER BY t::text), '''')) FROM %I t', ?)")
                    .param(table).query(String.class).single();
            sums.put(table, jdbc.sql(sql).query(String.class).single());
        }
        return sums;
    }

    /**
     * Analysis runs the service starts by itself (the start-up run of a test context, or a run an
     * earlier test class started) legitimately write analysis_run and the result tables; wait for
     * them so that a checksum difference can only come from the request under test.
     */
    private static void awaitNoActiveRun(JdbcClient jdbc) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (jdbc.sql("SELECT count(*) FROM analysis_run WHERE status IN ('queued', 'running')")
                .query(Long.class).single() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

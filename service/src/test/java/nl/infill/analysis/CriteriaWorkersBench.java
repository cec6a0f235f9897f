package nl.infill.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import nl.infill.system.StatementTimeout;

/**
 * Benchmark (not a test: its name matches none of the test patterns, so only -Dtest runs it): the
 * criteria stage with 1, 2, ... workers on one synthetic grid city (bench/synthetic-city.sql of the test
 * resources), run by bench/criteria-workers.sh. In this package because it calls the stage's own
 * package-private classes, so that it times exactly what a run does.
 *
 * <p>The walking network and walking distances are computed and committed once (a run computes them
 * before the criteria, and they do not depend on the number of workers); each configuration then runs
 * in its own transaction, as a run's criteria stage does (lock, delete, compute or chunks + merge, state),
 * is timed, hashes its rows and is rolled back. Every configuration must give the same hash.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "infill.analysis.run-on-startup=false")
class CriteriaWorkersBench {

    private static final double STOREY = 3.0;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    CriteriaStore criteria;
    @Autowired
    CriteriaChunks chunks;
    @Autowired
    AnalysisProperties props;
    @Autowired
    PlatformTransactionManager txManager;

    @Test
    void criteriaStageWithOneAndMoreWorkers() throws IOException {
        int n = Integer.getInteger("bench.parcels", 1_000_000);
        int[] workers = Arrays.stream(System.getProperty("bench.workers", "1,2").split(","))
                .mapToInt(Integer::parseInt).toArray();
        long have = jdbc.sql("SELECT count(*) FROM parcel").query(Long.class).single();
        if (have != n || !Boolean.parseBoolean(System.getProperty("bench.keep", "true"))) {
            long g0 = System.nanoTime();
            generate(n);
            System.out.printf("generated %,d parcels in %.1f s%n", n, (System.nanoTime() - g0) / 1e9);
        } else {
            System.out.printf("kept the %,d parcels already generated%n", n);
        }
        long w0 = System.nanoTime();
        String[] walks = new String[1];
        inLongTx(status -> {
            criteria.lock();
            criteria.buildNetwork(props.snapGridM());
            walks[0] = criteria.computeWalks(props.maxWalkM());
        });
        System.out.printf("network and walks (%s), once, committed: %.1f s%n", walks[0], (System.nanoTime() - w0) / 1e9);

        Map<String, String> rows = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        double single = Double.NaN;
        for (int w : workers) {
            String load0 = loadAverage();
            long[] ms = new long[1];
            String[] hash = new String[1];
            int[] count = new int[1];
            inLongTx(status -> {
                criteria.lock();
                String version = criteria.dataState().dataVersion();
                long t0 = System.nanoTime();
                count[0] = w > 1 ? inStripes(version, w) : criteria.recompute(STOREY, version);
                ms[0] = (System.nanoTime() - t0) / 1_000_000;
                // every column but computed_at (a timestamp), in parcel order: equal hashes = equal rows
                hash[0] = jdbc.sql("SELECT md5(string_agg((to_jsonb(c) - 'computed_at')::text, E'\\n' "
                        + "ORDER BY parcel_id)) FROM analysis.parcel_criteria c WHERE storey_height_m = ?")
                        .param(STOREY).query(String.class).single();
                status.setRollbackOnly();
            });
            if (w == 1) {
                single = ms[0];
            }
            rows.put(w + " workers", hash[0]);
            String line = String.format("| %,d | %d | %,d ms | %s | %s | %s / %s |", n, w, ms[0],
                    Double.isNaN(single) ? "" : String.format("%.2f", ms[0] / single), hash[0], load0, loadAverage());
            System.out.println(line + " (" + count[0] + " rows)");
            lines.add(line);
        }
        System.out.println();
        System.out.println("| parcels | workers | criteria stage | ratio to 1 worker | row hash | load before / after |");
        System.out.println("|---|---|---|---|---|---|");
        lines.forEach(System.out::println);
        long distinct = rows.values().stream().distinct().count();
        System.out.println(distinct == 1 ? "same rows in every configuration" : "ROWS DIFFER: " + rows);
        if (distinct != 1) {
            throw new IllegalStateException("criteria rows differ between configurations: " + rows);
        }
    }

    /** A transaction without the web statement timeout: 1,000,000 parcels take minutes. */
    private void inLongTx(java.util.function.Consumer<org.springframework.transaction.TransactionStatus> work) {
        new TransactionTemplate(txManager).executeWithoutResult(status -> {
            StatementTimeout.extendForTransaction(jdbc, Duration.ofHours(2));
            work.accept(status);
        });
    }

    private void generate(int n) throws IOException {
        String script;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("bench/synthetic-city.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> statements = new ArrayList<>();
        for (String statement : script.split("\n;\n")) {
            String s = statement.strip();
            if (!s.isEmpty() && !s.lines().allMatch(l -> l.startsWith("--"))) {
                statements.add(s);
            }
        }
        inLongTx(status -> {
            for (String s : statements) {
                var spec = jdbc.sql(s);
                if (s.contains(":n")) {
                    spec = spec.param("n", n);
                }
                if (s.startsWith("SELECT")) {
                    spec.query().listOfRows();
                } else {
                    spec.update();
                }
            }
        });
        // the first reader of fresh rows sets their hint bits: not a cost of the first configuration
        inLongTx(status -> {
            for (String layer : List.of("parcel", "building", "zoning", "amenity", "neighbourhood", "street",
                    "constraint_area")) {
                jdbc.sql("SELECT count(*) FROM " + layer).query(Long.class).single();
            }
        });
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    /** The stripes' time, or no figure: a fallback to the single statement would be timed as theirs. */
    private int inStripes(String version, int workers) {
        var computed = chunks.recompute(STOREY, version, workers);
        if (computed.fellBack()) {
            throw new IllegalStateException("the workers fell back to the single statement (a queued lock); "
                    + "run the benchmark with no load running");
        }
        return computed.parcels();
    }
}

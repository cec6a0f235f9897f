package nl.infill.analysis.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;

import nl.infill.system.Sql;
import nl.infill.system.StatementTimeout;

/**
 * Benchmark (not a test; excluded from the test run): criteria computation on synthetic grid cities
 * and re-scoring through the API, each next to the same SQL timed in psql. Run with
 * {@code ./infill test -pl service -am -Dtest=AnalysisBench -Dsurefire.failIfNoSpecifiedTests=false
 * -Dbench.sizes=10000,100000}; figures go to docs/benchmarks.md.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "infill.analysis.run-on-startup=false")
class AnalysisBench {

    private static final Pattern TIME = Pattern.compile("^Time: ([0-9.]+) ms", Pattern.MULTILINE);

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Value("${spring.datasource.url}")
    String url;
    @Value("${spring.datasource.username}")
    String user;
    @Value("${spring.datasource.password}")
    String password;

    @Autowired
    PlatformTransactionManager txManager;
    /** The run's scoring transaction raises work_mem to this; psql does the same (like for like). */
    @Value("${infill.analysis.scoring-work-mem}")
    org.springframework.util.unit.DataSize scoringWorkMem;

    RestClient http;
    RestClient session;

    @Test
    @SuppressWarnings("unchecked")
    void criteriaAndRescoringAgainstBareSql() throws Exception {
        http = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeaders(h -> h.setBasicAuth("editor", "editor")).build();
        session = signedIn();
        int[] sizes = Arrays.stream(System.getProperty("bench.sizes", "10000,100000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int reps = Integer.getInteger("bench.reps", 3);
        List<String> lines = new ArrayList<>();
        double[] criteriaMs = new double[sizes.length];
        double[] sqlCriteriaMs = new double[sizes.length];
        for (int k = 0; k < sizes.length; k++) {
            int n = sizes[k];
            long g0 = System.nanoTime();
            generate(n);
            System.out.printf("generated %,d parcels in %.1f s%n", n, (System.nanoTime() - g0) / 1e9);
            http.delete().uri("/api/scenarios/bench").exchange((req, res) -> res.getStatusCode());
            http.post().uri("/api/scenarios").body(Map.of("slug", "bench", "name", "Bench",
                    "weights", Map.of("capacity", 0.3, "underuse", 0.15, "obsolescence", 0.15, "transformation", 0.1,
                            "amenities", 0.15, "ageing", 0.1, "soft_constraints", 0.05), "params", Map.of()))
                    .retrieve().toBodilessEntity();

            // 1. full run with stale criteria (network, walks, criteria, scoring, commit)
            long t0 = System.nanoTime();
            Map<String, Object> run = runAndWait();
            double fullMs = (System.nanoTime() - t0) / 1e6;
            Map<String, Object> stageMs = (Map<String, Object>) ((Map<String, Object>) run.get("summary")).get("stageMs");
            System.out.println("full run steps: " + ((Map<String, Object>) run.get("summary")).get("stepMs"));
            double svcCriteria = ((Number) stageMs.get("criteria")).doubleValue();
            criteriaMs[k] = svcCriteria;
            // -Dbench.criteriaSql=false skips the psql side of the criteria (minutes at 1,000,000 parcels)
            double sqlCriteria = Boolean.parseBoolean(System.getProperty("bench.criteriaSql", "true"))
                    ? psql(criteriaScript()) : Double.NaN;
            sqlCriteriaMs[k] = sqlCriteria;
            lines.add(String.format("| %,d | criteria (network + walks + criteria) | %.0f ms | %.0f ms | %.2f |",
                    n, svcCriteria, sqlCriteria, svcCriteria / sqlCriteria));
            lines.add(String.format("| %,d | full run, stale criteria (API, wall clock) | %.0f ms | | |", n, fullMs));

            // 2. re-scoring with new weights, end to end through the API, criteria reused: PUT the weights,
            // POST a run, have the finished run. Signed in with a session as the web map is (sign-in pays
            // BCrypt once), with "Prefer: wait" (the answer to the POST is the finished run); then with HTTP
            // Basic, with "Prefer: wait" and polling GET /api/runs/{id} every 5 ms. psql runs the same
            // scoring transaction right after each API re-score, so that each pair sees the same load on a
            // shared machine; the ratio is of the medians, and the median of the pairs' ratios is printed too.
            long scenarioId = jdbc.sql("SELECT id FROM scenario WHERE slug = 'bench'").query(Long.class).single();
            // -Dbench.ways=1 times only the session client (at 1,000,000 parcels each pair takes ~50 s)
            String[] ways = Arrays.copyOf(new String[] {"session + Prefer: wait", "Basic + Prefer: wait",
                    "Basic + polling every 5 ms"}, Integer.getInteger("bench.ways", 3));
            double[][] apiMs = new double[ways.length][reps];
            double[][] pairSql = new double[ways.length][reps];
            double[][] putMs = new double[ways.length][reps];
            String load0 = loadAverage();
            for (int r = 0; r < ways.length * reps; r++) {
                int way = r % ways.length;
                RestClient client = way == 0 ? session : http;
                long s0 = System.nanoTime();
                client.put().uri("/api/scenarios/bench").body(Map.of("name", "Bench",
                        "weights", Map.of("capacity", 1 + r, "amenities", 1, "ageing", 1), "params", Map.of()))
                        .retrieve().toBodilessEntity();
                long s1 = System.nanoTime();
                Map<String, Object> rr = way == 2 ? runAndPoll() : runAndWait(client);
                apiMs[way][r / ways.length] = (System.nanoTime() - s0) / 1e6;
                putMs[way][r / ways.length] = (s1 - s0) / 1e6;
                if (!Boolean.TRUE.equals(rr.get("criteriaReused"))) {
                    throw new IllegalStateException("re-scoring recomputed criteria");
                }
                System.out.printf("re-score (%s): PUT %.0f ms, POST run until finished %.0f ms, run's own steps %s%n",
                        ways[way], (s1 - s0) / 1e6, (System.nanoTime() - s1) / 1e6,
                        ((Map<String, Object>) rr.get("summary")).get("stepMs"));
                pairSql[way][r / ways.length] = psql(rescoreScript(scenarioId));
            }
            String load1 = loadAverage();
            double sqlMed = median(Arrays.stream(pairSql).flatMapToDouble(Arrays::stream).toArray());
            for (int way = 0; way < ways.length; way++) {
                double med = median(apiMs[way]);
                double[] ratios = new double[reps];
                for (int i = 0; i < reps; i++) {
                    ratios[i] = apiMs[way][i] / pairSql[way][i];
                }
                lines.add(String.format("| %,d | re-score, new weights (PUT + POST run, %s) | %.0f ms (PUT %.0f) | %.0f ms "
                        + "| %.2f (pairs: median %.2f, %.2f-%.2f) |", n, ways[way], med, median(putMs[way]), sqlMed,
                        med / sqlMed, median(ratios), Arrays.stream(ratios).min().orElse(0),
                        Arrays.stream(ratios).max().orElse(0)));
                System.out.println(lines.get(lines.size() - 1));
            }
            lines.add(String.format("| %,d | (load average before / after the re-scores: %s / %s; %d reps per way) | | | |",
                    n, load0, load1, reps));
        }
        System.out.println("| parcels | what | service | bare SQL (psql) | ratio |");
        System.out.println("|---|---|---|---|---|");
        lines.forEach(System.out::println);
        for (int k = 1; k < sizes.length; k++) {
            double exponent = Math.log(criteriaMs[k] / criteriaMs[k - 1]) / Math.log((double) sizes[k] / sizes[k - 1]);
            double sqlExponent = Math.log(sqlCriteriaMs[k] / sqlCriteriaMs[k - 1])
                    / Math.log((double) sizes[k] / sizes[k - 1]);
            System.out.printf("criteria scaling exponent %,d -> %,d parcels: service %.2f, bare SQL %.2f%n",
                    sizes[k - 1], sizes[k], exponent, sqlExponent);
        }
    }

    private Map<String, Object> runAndWait() {
        return runAndWait(http);
    }

    /** POST a run with {@code Prefer: wait=60}: the answer is the finished run (200), else poll. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> runAndWait(RestClient client) {
        var res = client.post().uri("/api/scenarios/bench/runs").header("Prefer", "wait=60").retrieve().toEntity(Map.class);
        Map<String, Object> run = res.getBody();
        if (res.getStatusCode().value() == 200) {
            return finished(run);
        }
        return poll(((Number) run.get("id")).longValue());
    }

    /** POST a run and poll GET /api/runs/{id} every 5 ms until it has ended. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> runAndPoll() {
        Map<String, Object> started = http.post().uri("/api/scenarios/bench/runs").retrieve().body(Map.class);
        return poll(((Number) started.get("id")).longValue());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> poll(long id) {
        while (true) {
            Map<String, Object> run = http.get().uri("/api/runs/{id}", id).retrieve().body(Map.class);
            // a run waits as "queued" while every slot of every replica is busy
            if (!"running".equals(run.get("status")) && !"queued".equals(run.get("status"))) {
                return finished(run);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static Map<String, Object> finished(Map<String, Object> run) {
        if (!"succeeded".equals(run.get("status"))) {
            throw new IllegalStateException("bench run failed: " + run.get("error"));
        }
        return run;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }

    /**
     * Generates the city in one transaction (1,000,000 parcels take longer than the web statement
     * timeout), then reads every layer once: the first reader of freshly written rows sets their hint
     * bits, and that cost belongs to neither the service nor psql, whichever came first.
     */
    /**
     * A client signed in the way the web map is (docs/security.md): GET /api/session for the
     * session's CSRF token, POST /api/session, GET /api/session again for the renewed token, then
     * the session cookie with the X-XSRF-TOKEN header on writes.
     */
    private RestClient signedIn() {
        CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        HttpClient client = HttpClient.newBuilder().cookieHandler(cookies).build();
        java.util.concurrent.atomic.AtomicReference<String> csrf = new java.util.concurrent.atomic.AtomicReference<>();
        RestClient rc = RestClient.builder().baseUrl("http://localhost:" + port)
                .requestFactory(new JdkClientHttpRequestFactory(client))
                .requestInterceptor((req, body, exec) -> {
                    if (csrf.get() != null) {
                        req.getHeaders().set("X-XSRF-TOKEN", csrf.get());
                    }
                    return exec.execute(req, body);
                }).build();
        csrf.set((String) rc.get().uri("/api/session").retrieve().body(Map.class).get("csrf"));
        rc.post().uri("/api/session").body(Map.of("username", "editor", "password", "editor")).retrieve()
                .toBodilessEntity();
        Map<?, ?> who = rc.get().uri("/api/session").retrieve().body(Map.class);
        csrf.set((String) who.get("csrf"));
        if (!"editor".equals(who.get("user"))) {
            throw new IllegalStateException("session sign-in failed: " + who);
        }
        return rc;
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
        new TransactionTemplate(txManager).executeWithoutResult(status -> {
            StatementTimeout.extendForTransaction(jdbc, Duration.ofHours(1));
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
        new TransactionTemplate(txManager).executeWithoutResult(status -> {
            StatementTimeout.extendForTransaction(jdbc, Duration.ofHours(1));
            for (String layer : List.of("parcel", "building", "zoning", "amenity", "neighbourhood", "street",
                    "constraint_area")) {
                jdbc.sql("SELECT count(*) FROM " + layer).query(Long.class).single();
            }
        });
    }

    /** The criteria stage as the service runs it, rolled back so that the service's state stays. */
    private static String criteriaScript() {
        return "BEGIN;\nSELECT analysis.build_network(0.5);\nSELECT analysis.compute_walks(3000);\n"
                + Sql.load("analysis/criteria-delete.sql") + ";\n" + Sql.load("analysis/criteria-compute.sql") + ";\n"
                + "ROLLBACK;\n";
    }

    /** Re-scoring as the service runs it: work_mem, score (with its summary), stale rows, neighbourhood totals, version bump, in one transaction. */
    private String rescoreScript(long scenarioId) {
        // score.sql records the run's settings against a real run: take the scenario's last one
        return "SELECT max(id) AS \"runId\" FROM analysis_run WHERE scenario_id = :scenarioId \\gset\n"
                + "\\timing on\nBEGIN;\nSET LOCAL work_mem = '" + scoringWorkMem.toKilobytes() + "kB';\n"
                + Sql.load("analysis/score.sql") + ";\n"
                + Sql.load("analysis/results-delete-stale.sql") + ";\n"
                + Sql.load("analysis/neighbourhood-results-delete.sql") + ";\n"
                + Sql.load("analysis/neighbourhood-results-insert.sql") + ";\n"
                + Sql.load("analysis/scenario-bump.sql") + ";\nCOMMIT;\n";
    }

    /** Runs a script in psql with \timing and returns the summed statement times in ms. */
    private double psql(String script) throws Exception {
        String hostPortDb = url.replaceFirst("^jdbc:postgresql://", "");
        String host = hostPortDb.replaceFirst("[:/].*$", "");
        String port = hostPortDb.replaceFirst("^[^:/]+:(\\d+)/.*$", "$1");
        String db = hostPortDb.replaceFirst("^[^/]+/", "").replaceFirst("\\?.*$", "");
        List<String> cmd = new ArrayList<>(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", port,
                "-U", user, "-d", db,
                "-v", "storeyHeight=3.0", "-v", "dataVersion='bench'", "-v", "scenarioId=" + 0, "-v", "runId=0",
                "-v", "exclusions=true", "-v", "exclusionShare=0.5", "-v", "recentlyBuiltYear=2015",
                "-v", "renovationCycleYears=40", "-v", "decayFullM=400", "-v", "decayZeroM=1200",
                "-v", "ageingSharePct=30", "-v", "dwellingSizeM2=90", "-v", "walkM=400",
                "-v", "wCapacity=0.5", "-v", "wUnderuse=0", "-v", "wObsolescence=0", "-v", "wTransformation=0",
                "-v", "wAmenities=0.25", "-v", "wAgeing=0.25", "-v", "wSoft=0"));
        // statements before the script's own timing switch (setup such as gset) are not timed
        String full = script.contains("\\timing on") ? script : "\\timing on\n" + script;
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PGPASSWORD", password == null ? "" : password);
        Process p = pb.start();
        p.getOutputStream().write(full.replace(":scenarioId", String.valueOf(scenarioIdFor(script)))
                .getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("psql failed: " + out);
        }
        double sum = 0;
        List<String> each = new ArrayList<>();
        Matcher m = TIME.matcher(out);
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
            each.add(m.group(1));
        }
        System.out.println("psql statement times (ms): " + String.join(", ", each));
        return sum;
    }

    private long scenarioIdFor(String script) {
        return jdbc.sql("SELECT id FROM scenario WHERE slug = 'bench'").query(Long.class).single();
    }
}

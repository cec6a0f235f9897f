package nl.infill.webmap;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.web.client.RestClient;

/**
 * The small city the browser tests run on: layers seeded by SQL (300 parcels, see
 * seed-layers.sql) and the default scenario analysed through the real analysis API.
 */
final class TestCity {

    static final String EDITOR = "Basic " + Base64.getEncoder().encodeToString("editor:editor".getBytes());

    final RestClient http;
    final String slug;

    private TestCity(RestClient http, String slug) {
        this.http = http;
        this.slug = slug;
    }

    static TestCity prepare(DataSource dataSource, int port) {
        RestClient http = RestClient.create("http://localhost:" + port);
        // Seeding truncates the layer tables: the schema owner's work, not the service's DML-only role.
        DataSource owner = System.getenv("INFILL_DB_URL") != null && System.getenv("INFILL_DB_USER") != null
                ? new org.springframework.jdbc.datasource.DriverManagerDataSource(System.getenv("INFILL_DB_URL"),
                        System.getenv("INFILL_DB_USER"), System.getenv().getOrDefault("INFILL_DB_PASSWORD", ""))
                : dataSource;
        new ResourceDatabasePopulator(new ClassPathResource("sql/webmap/seed-layers.sql")).execute(owner);
        return new TestCity(http, runDefaultScenario(http));
    }

    /** Runs the default scenario through the API and waits for it. */
    @SuppressWarnings("unchecked")
    private static String runDefaultScenario(RestClient http) {
        List<Map<String, Object>> scenarios = http.get().uri("/api/scenarios").retrieve().body(List.class);
        String slug = scenarios.stream().filter(s -> Boolean.TRUE.equals(s.get("isDefault")))
                .map(s -> (String) s.get("slug")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no default scenario"));
        startAndWait(http, slug);
        return slug;
    }

    /**
     * Starts a run and waits for it. A 409 means a run is active (the startup run of the
     * analysis feature): wait and try again.
     */
    static Map<String, Object> startAndWait(RestClient http, String slug) {
        Instant until = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(until)) {
            var started = http.post().uri("/api/scenarios/{slug}/runs", slug).header("Authorization", EDITOR)
                    .contentType(MediaType.APPLICATION_JSON).body("{}")
                    .exchange((req, res) -> Map.entry(res.getStatusCode().value(),
                            java.util.Optional.ofNullable(res.getHeaders().getLocation())), true);
            if (started.getKey() == 202) {
                return waitForRun(http, started.getValue().orElseThrow().getPath());
            }
            if (started.getKey() != 409) {
                throw new IllegalStateException("starting a run of " + slug + " answered " + started.getKey());
            }
            pause();
        }
        throw new IllegalStateException("a run of " + slug + " stayed active for 3 minutes");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> waitForRun(RestClient http, String runPath) {
        Instant until = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(until)) {
            Map<String, Object> run = http.get().uri(runPath).retrieve().body(Map.class);
            String s = (String) run.get("status");
            if ("succeeded".equals(s)) {
                return run;
            }
            if ("failed".equals(s)) {
                throw new IllegalStateException("analysis run failed: " + run.get("error"));
            }
            pause();
        }
        throw new IllegalStateException("analysis run did not finish in 3 minutes");
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A scenario with all weight on one criterion and default parameters, created afresh and run. */
    void scenarioOnOneCriterion(String slug, String name, String criterion) {
        http.delete().uri("/api/scenarios/{s}", slug).header("Authorization", EDITOR)
                .exchange((req, res) -> res.getStatusCode().value(), true);
        http.post().uri("/api/scenarios").header("Authorization", EDITOR).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("slug", slug, "name", name, "weights", Map.of(criterion, 1.0), "params", Map.of()))
                .retrieve().toBodilessEntity();
        startAndWait(http, slug);
    }

    /** HTTP status of a GET, without throwing on 4xx/5xx. */
    static int status(RestClient http, String path) {
        return http.get().uri(path).exchange((req, res) -> res.getStatusCode().value(), true);
    }
}

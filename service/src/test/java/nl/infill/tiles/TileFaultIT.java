package nl.infill.tiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import nl.infill.ingest.LayerLoaded;
import nl.infill.support.PostgresControl;
import nl.infill.system.security.Http;
import nl.infill.system.security.Leaks;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * PostgreSQL killed ({@code pg_ctl -m immediate}, as in a crash) while clients fetch uncached
 * parcel tiles concurrently: every answer is a complete tile or a 503 problem, no tile that
 * failed is cached, and once PostgreSQL is back the same tiles come back as before, without a
 * restart. The recovery time (from {@code pg_ctl start} returning to the first tile served) is
 * printed.
 *
 * <p>Data: a 4 x 4 km block of 20 x 20 m parcels at RD x 200000..204000, y 500000..504000
 * (Salland, away from every other test's area). The versions TTL is long so that during the
 * fault the tile requests reach the rendering query instead of failing on the version read.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"infill.tiles.version-ttl=10m", "infill.analysis.run-on-startup=false"})
class TileFaultIT {

    private static final String AREA = "ST_MakeEnvelope(200000, 500000, 204000, 504000, 28992)";
    private static final int CLIENTS = 6;
    /** Answers each client still takes once the database is down: enough to see 503s, not minutes. */
    private static final int ANSWERS_WHILE_DOWN = 3;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApplicationEventPublisher events;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private boolean stopped;

    record Answer(String tile, int status, Map<String, List<String>> headers, byte[] body, long millis) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse("");
        }
    }

    @AfterEach
    void databaseRunningAndParcelsGone() {
        if (stopped) {
            PostgresControl.start();
            stopped = false;
        }
        jdbc.sql("DELETE FROM parcel WHERE source_id LIKE 'tile-fault-%'").update();
    }

    @Test
    void databaseKilledWhileTilesRenderGivesWholeTilesOr503sAndTheSameTilesAfterwards() throws Exception {
        PostgresControl.assumeControllable();
        jdbc.sql("DELETE FROM parcel WHERE geom && " + AREA).update();
        jdbc.sql("""
                INSERT INTO parcel (source_id, municipality, area_m2, geom)
                SELECT 'tile-fault-' || r || '-' || c, 'GM0148', 400,
                       ST_Multi(ST_MakeEnvelope(200000 + c * 20, 500000 + r * 20, 200020 + c * 20, 500020 + r * 20, 28992))
                  FROM generate_series(0, 199) r, generate_series(0, 199) c""").update();
        announceNewParcels();
        List<String> tiles = tilesInside();
        assertThat(tiles).as("tiles z14-z17 inside the block").hasSizeGreaterThan(150);

        Map<String, String> before = new LinkedHashMap<>();
        for (String tile : tiles) {
            Answer a = fetch(tile, true);
            assertThat(a.status()).as(tile).isEqualTo(200);
            assertThat(Mvt.decode(a.body()).layer("parcels").features()).as(tile + " has parcels").isNotEmpty();
            before.put(tile, canonical(a.body()));
        }
        // Drop the rendered tiles (the event a load sends), then read the versions again, so the
        // fault meets uncached tiles and their rendering query, not the version read.
        announceNewParcels();
        assertThat(fetch("/tiles", false).status()).isEqualTo(200);

        List<String> order = new ArrayList<>(tiles);
        Collections.shuffle(order, new Random(637));
        AtomicInteger next = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        AtomicBoolean down = new AtomicBoolean();
        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            boolean strictAccept = c % 2 == 0;
            running.add(clients.submit(() -> {
                int whileDown = 0;
                for (int i = next.getAndIncrement(); i < order.size() && whileDown < ANSWERS_WHILE_DOWN;
                     i = next.getAndIncrement()) {
                    boolean wasDown = down.get();
                    answers.add(fetch(order.get(i), strictAccept));
                    answered.incrementAndGet();
                    if (wasDown) {
                        whileDown++;
                    }
                }
                return null;
            }));
        }
        while (answered.get() < 20) {
            assertThat(next.get()).as("clients still fetching when the database is killed").isLessThan(order.size());
            Thread.sleep(2);
        }
        stopped = true;
        PostgresControl.stopImmediately();
        down.set(true);
        for (Future<?> f : running) {
            f.get(2, TimeUnit.MINUTES);
        }
        clients.shutdown();

        List<String> failed = new ArrayList<>();
        int whole = 0;
        for (Answer a : answers) {
            assertThat(a.status()).as("%s during the fault", a.tile()).isIn(200, 503);
            if (a.status() == 200) {
                assertThat(a.header("Content-Type")).isEqualTo("application/vnd.mapbox-vector-tile");
                assertThat(canonical(a.body())).as("%s: a 200 is the whole tile", a.tile()).isEqualTo(before.get(a.tile()));
                whole++;
            } else {
                assertThat(a.header("Content-Type")).startsWith("application/problem+json");
                assertThat(a.header("Retry-After")).isEqualTo("5");
                assertThat(a.millis()).as("fails fast, not after a long hang").isLessThan(10_000);
                Leaks.assertNoInternals(new Http.Response(a.status(), a.headers(),
                        new String(a.body(), StandardCharsets.UTF_8), a.millis()), a.tile() + " during the fault");
                failed.add(a.tile());
            }
        }
        System.out.printf("[fault] tiles during the crash: %d whole tiles, %d x 503, of %d requests%n",
                whole, failed.size(), answers.size());
        assertThat(failed).as("some requests met the dead database").isNotEmpty();

        PostgresControl.start();
        stopped = false;
        long up = System.nanoTime();
        while (true) {
            Answer a = fetch(failed.get(0), true);
            if (a.status() == 200) {
                break;
            }
            assertThat(a.status()).as("while the service reconnects").isEqualTo(503);
            assertThat(System.nanoTime() - up).as("recovered within 30 s").isLessThan(TimeUnit.SECONDS.toNanos(30));
            Thread.sleep(50);
        }
        long recoveryMs = (System.nanoTime() - up) / 1_000_000;
        System.out.printf("recovery after PostgreSQL restart (tiles): %d ms%n", recoveryMs);

        // No tile that failed was kept: each is rendered again, exactly as before the fault.
        for (String tile : tiles) {
            Answer a = fetch(tile, true);
            assertThat(a.status()).as(tile + " after the restart").isEqualTo(200);
            assertThat(canonical(a.body())).as(tile + " after the restart").isEqualTo(before.get(tile));
        }
    }

    /** What a load does after changing a layer: bump its version and announce it (drops cached tiles). */
    private void announceNewParcels() {
        long v = jdbc.sql("UPDATE layer_state SET version = version + 1 WHERE layer = 'parcels' RETURNING version")
                .query(Long.class).single();
        events.publishEvent(new LayerLoaded("parcels", 0, v));
    }

    /** Tile paths z14-z17 lying inside the block's WGS84 bounds (the edge columns and rows left out). */
    private List<String> tilesInside() {
        Map<String, Object> b = jdbc.sql("SELECT ST_XMin(e) AS w, ST_YMin(e) AS s, ST_XMax(e) AS e, ST_YMax(e) AS n "
                + "FROM (SELECT ST_Transform(" + AREA + ", 4326) AS e) t").query().singleRow();
        double w = ((Number) b.get("w")).doubleValue();
        double s = ((Number) b.get("s")).doubleValue();
        double e = ((Number) b.get("e")).doubleValue();
        double n = ((Number) b.get("n")).doubleValue();
        List<String> out = new ArrayList<>();
        for (int z = 14; z <= 17; z++) {
            for (int x = column(w, z) + 1; x < column(e, z); x++) {
                for (int y = row(n, z) + 1; y < row(s, z); y++) {
                    out.add("/tiles/parcels/" + z + "/" + x + "/" + y + ".mvt");
                }
            }
        }
        return out;
    }

    private static int column(double lon, int z) {
        return (int) Math.floor((lon + 180) / 360 * (1 << z));
    }

    private static int row(double lat, int z) {
        double r = Math.toRadians(lat);
        return (int) Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * (1 << z));
    }

    /** A tile's content independent of feature order: per layer, its sorted features. */
    private static String canonical(byte[] body) {
        StringBuilder s = new StringBuilder();
        for (Mvt.Layer layer : Mvt.decode(body).layers()) {
            List<String> features = new ArrayList<>();
            for (Mvt.Feature f : layer.features()) {
                StringBuilder g = new StringBuilder();
                f.parts().forEach(part -> part.forEach(p -> g.append(Arrays.toString(p))));
                features.add(f.id() + "|" + f.type() + "|" + f.properties() + "|" + g);
            }
            Collections.sort(features);
            s.append(layer.name()).append('/').append(layer.extent()).append(':').append(features).append('\n');
        }
        return s.toString();
    }

    private Answer fetch(String path, boolean strictAccept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60)).GET();
        // A tile client may accept nothing but tiles; the problem must still be readable JSON.
        b.header("Accept", strictAccept ? "application/vnd.mapbox-vector-tile" : "*/*");
        long t = System.nanoTime();
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(path, r.statusCode(), r.headers().map(), r.body(), (System.nanoTime() - t) / 1_000_000);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

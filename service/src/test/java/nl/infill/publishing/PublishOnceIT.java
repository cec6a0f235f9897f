package nl.infill.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import nl.infill.catalogue.Catalogue;
import nl.infill.system.InstanceId;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Publishing once across replicas (docs/scaling.md): two publishers on one database, this context's
 * and a second {@link GeoServerSync} with its own name, status and lock (as a second replica has), start
 * up against one {@link FakeGeoServer}. GeoServer receives one sync's writes, not two; a change, a reset
 * GeoServer or a setting of 0s brings a full sync back.
 */
@SpringBootTest(properties = {
        "infill.analysis.run-on-startup=false",
        "infill.instance-id=publisher-a"})
class PublishOnceIT {

    static final FakeGeoServer FAKE = FakeGeoServer.started();

    @DynamicPropertySource
    static void geoserver(DynamicPropertyRegistry r) {
        FAKE.configure(r);
        r.add("infill.geoserver.password", FAKE::password);
        r.add("infill.geoserver.retries", () -> "0");
    }

    @Autowired
    GeoServerSync publisherA;
    @Autowired
    GeoServerProperties props;
    @Autowired
    PublishStore store;
    @Autowired
    Catalogue catalogue;
    @Autowired
    GeoServerClient client;
    @Autowired
    GeoServerRequests requests;
    @Autowired
    JdbcClient jdbc;

    /** A second replica's publisher: the same database and GeoServer, its own name, status and in-process lock. */
    GeoServerSync publisherB() {
        return new GeoServerSync(props, store, catalogue, client, requests, new SyncStatus(props),
                new InstanceId(new MockEnvironment().withProperty("infill.instance-id", "publisher-b")));
    }

    @BeforeEach
    void freshGeoServerAndNoSyncRecorded() {
        FAKE.reset();
        jdbc.sql("DELETE FROM publish_sync").update();
    }

    @AfterAll
    static void stopFake() {
        FAKE.close();
    }

    private static List<FakeGeoServer.Request> writes() {
        return FAKE.log.stream().filter(r -> !r.method().equals("GET") && !r.method().equals("HEAD")).toList();
    }

    @Test
    void twoReplicasStartingTogetherSendGeoServerOneSyncsWrites() throws Exception {
        GeoServerSync publisherB = publisherB();
        var a = CompletableFuture.supplyAsync(publisherA::startupSync);
        var b = CompletableFuture.supplyAsync(publisherB::startupSync);
        assertThat(a.get().state()).isEqualTo("ok");
        assertThat(b.get().state()).isEqualTo("ok");
        List<FakeGeoServer.Request> together = writes();
        assertThat(together).as("a first sync creates the workspace, datastore, styles and layers").isNotEmpty();
        assertThat(together.stream().filter(r -> r.path().endsWith("/rest/workspaces") && r.method().equals("POST")))
                .hasSize(1);
        String synced = jdbc.sql("SELECT synced_by FROM publish_sync").query(String.class).single();
        assertThat(synced).isIn("publisher-a", "publisher-b");
        // the one that waited found the same state published, and says so in its own status
        var skipped = synced.equals("publisher-a") ? b.get() : a.get();
        assertThat(skipped.message()).contains("start-up sync shared: " + synced);

        // the same two syncs one after the other, each alone: exactly as many writes as the pair made
        FAKE.reset();
        jdbc.sql("DELETE FROM publish_sync").update();
        publisherA.startupSync();
        int oneSync = writes().size();
        assertThat(together).hasSize(oneSync);
    }

    @Test
    void aReplicaStartingAfterTheFirstSyncsNothingButTwoLooks() {
        assertThat(publisherA.startupSync().state()).isEqualTo("ok");
        FAKE.clearLog();

        var status = publisherB().startupSync();

        assertThat(status.state()).isEqualTo("ok");
        assertThat(writes()).isEmpty();
        // it checked that GeoServer still has the workspace and the datastore, nothing more
        assertThat(FAKE.log).hasSize(2).allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
    }

    @Test
    void aChangeSinceTheLastSyncOrAResetGeoServerMakesTheNextReplicaSyncInFull() {
        assertThat(publisherA.startupSync().state()).isEqualTo("ok");
        int oneSync = writes().size();

        // a load since: the fingerprint differs
        jdbc.sql("UPDATE layer_state SET version = version + 1 WHERE layer = 'zoning'").update();
        FAKE.clearLog();
        assertThat(publisherB().startupSync().state()).isEqualTo("ok");
        assertThat(writes()).as("layers and group updated").isNotEmpty();
        assertThat(jdbc.sql("SELECT synced_by FROM publish_sync").query(String.class).single()).isEqualTo("publisher-b");

        // GeoServer lost its configuration (a container without a data volume): same data, synced again
        FAKE.reset();
        assertThat(publisherA.startupSync().state()).isEqualTo("ok");
        assertThat(writes()).hasSize(oneSync);
    }
}

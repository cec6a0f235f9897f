package nl.infill.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** The client's wire format against the fake GeoServer, without the service around it. */
class GeoServerClientTest {

    private static FakeGeoServer fake;
    private GeoServerClient client;

    @BeforeAll
    static void start() throws Exception {
        fake = new FakeGeoServer();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @BeforeEach
    void fresh() {
        fake.reset();
        client = new GeoServerClient(properties(fake.password()));
        client.create("/rest/workspaces", MediaType.APPLICATION_JSON, "{\"workspace\":{\"name\":\"infill\"}}");
    }

    @Test
    void anSldWithLettersOutsideAsciiReachesGeoServerAsItWasWritten() {
        String sld = SldStyles.parcels().replace("<Title>perceel<", "<Title>Kavel \u2264 500 m\u00b2, ge\u00efnventariseerd<");

        client.create("/rest/workspaces/infill/styles?name=s", GeoServerClient.SLD, sld);
        client.update("/rest/workspaces/infill/styles/s", GeoServerClient.SLD, sld);

        assertThat(fake.styles.get("infill/s")).isEqualTo(sld);
        assertThat(fake.log).filteredOn(r -> r.path().contains("/styles"))
                .allSatisfy(r -> assertThat(r.contentType()).isEqualTo("application/vnd.ogc.sld+xml;charset=UTF-8"));
    }

    @Test
    void massTruncateGoesAsBareTextXmlAndALayerWithoutTileLayerHasNothingToTruncate() {
        publishFeatureTypeF();

        assertThat(client.truncate("infill:f")).isTrue();
        assertThat(client.truncate("infill:nothing")).isFalse();
        assertThat(fake.truncated).containsExactly("infill:f");
        assertThat(fake.log).filteredOn(r -> r.path().endsWith("/masstruncate"))
                .allSatisfy(r -> assertThat(r.contentType()).isEqualTo("text/xml"));
    }

    @Test
    void existenceChecksAskQuietlyAndCountA404AsAbsent() {
        assertThat(client.exists("/rest/workspaces/infill")).isTrue();
        assertThat(client.exists("/rest/workspaces/none")).isFalse();
        assertThat(client.exists("/rest/workspaces/infill/styles/s?x=1")).isFalse();

        assertThat(fake.severeLog).isEmpty();
        assertThat(fake.log).filteredOn(r -> r.method().equals("GET"))
                .extracting(FakeGeoServer.Request::query).containsExactly("quietOnNotFound=true", "quietOnNotFound=true",
                        "x=1&quietOnNotFound=true");
    }

    @Test
    void geoServersReasonSurvivesItsTomcatErrorPage() {
        assertThatThrownBy(() -> client.create("/rest/workspaces", MediaType.APPLICATION_JSON,
                "{\"workspace\":{\"name\":\"infill\"}}"))
                .hasMessage("GeoServer answered HTTP 409 to POST /rest/workspaces: Workspace 'infill' already exists");
    }

    @Test
    void reasonsAreTakenFromTomcatPagesPlainTextAndGeoWebCache() {
        String page = "<!doctype html><html lang=\"en\"><head><title>HTTP Status 400 \u2013 Bad Request</title></head><body>"
                + "<h1>HTTP Status 400 \u2013 Bad Request</h1><p><b>Type</b> Status Report</p><p><b>Message</b> Invalid "
                + "style:Element &#39;Rule&#39; &lt;unexpected&gt;</p><p><b>Description</b> The server cannot</p></body></html>";
        String noMessage = "<!doctype html><html lang=\"en\"><head><title>HTTP Status 404 \u2013 Not Found</title></head>"
                + "<body><h1>HTTP Status 404 \u2013 Not Found</h1></body></html>";

        assertThat(GeoServerClient.reasonIn(page)).isEqualTo(": Invalid style:Element 'Rule' <unexpected>");
        assertThat(GeoServerClient.reasonIn(noMessage)).isEqualTo(": HTTP Status 404 \u2013 Not Found");
        assertThat(GeoServerClient.reasonIn("Unable to delete layer referenced by layer group 'infill'\n"))
                .isEqualTo(": Unable to delete layer referenced by layer group 'infill'");
        assertThat(GeoServerClient.reasonIn("org.geowebcache.rest.exception.RestException 400 BAD_REQUEST: "
                + "Could not find layer infill:x")).isEqualTo(": Could not find layer infill:x");
        assertThat(GeoServerClient.reasonIn("")).isEmpty();
    }

    @Test
    void theDefaultStyleIsReadBackWithItsWorkspace() {
        publishFeatureTypeF();
        assertThat(client.defaultStyle("infill:f")).isEqualTo("polygon");

        client.create("/rest/workspaces/infill/styles?name=s", GeoServerClient.SLD, SldStyles.parcels());
        client.update("/rest/layers/infill:f", MediaType.APPLICATION_JSON,
                "{\"layer\":{\"defaultStyle\":{\"name\":\"s\",\"workspace\":\"infill\"}}}");

        assertThat(client.defaultStyle("infill:f")).isEqualTo("infill:s");
    }

    @Test
    void credentialsAreJudgedByGeoServersAnswersAndAnAnonymousProbeIsNoLogin() {
        assertThat(client.credentials(Duration.ofSeconds(1))).isEqualTo(GeoServerClient.Credentials.ACCEPTED);

        fake.loginDelay(Duration.ofMillis(100), Duration.ofMillis(100));
        GeoServerClient wrong = new GeoServerClient(properties("wrong"));
        assertThat(wrong.probe("/rest/about/version").status()).isEqualTo(401);
        assertThat(fake.failedLogins).hasValue(0);
        assertThat(wrong.credentials(Duration.ofSeconds(2))).isEqualTo(GeoServerClient.Credentials.REJECTED);
        assertThat(fake.failedLogins).hasValue(1);
    }

    /** Store d and feature type f, whose layer infill:f GeoServer creates with it. */
    private void publishFeatureTypeF() {
        client.create("/rest/workspaces/infill/datastores", MediaType.APPLICATION_JSON,
                "{\"dataStore\":{\"name\":\"d\",\"connectionParameters\":{\"entry\":[{\"@key\":\"dbtype\",\"$\":\"postgis\"}]}}}");
        client.create("/rest/workspaces/infill/datastores/d/featuretypes", MediaType.APPLICATION_JSON,
                "{\"featureType\":{\"name\":\"f\",\"nativeName\":\"f\",\"srs\":\"EPSG:28992\",\"nativeBoundingBox\":{\"minx\":0}}}");
    }

    private static GeoServerProperties properties(String password) {
        var ds = new GeoServerProperties.Datastore("postgis", "infill", "localhost", 5432, "infill", "publish",
                "infill_publish", null, "java:comp/env/jdbc/postgres");
        return new GeoServerProperties(true, URI.create(fake.url()), fake.user(), password, "infill", "infill", null, ds,
                Duration.ofSeconds(5), Duration.ofSeconds(30), 0, Duration.ofMillis(10), false, Duration.ofMinutes(10));
    }
}

package nl.infill.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fake answers as GeoServer 2.28.1 does (the evidence is in FakeGeoServer's comments): these
 * are the behaviours the publishing tests run against, so the fake itself is held to them.
 */
class FakeGeoServerTest {

    private static final String SLD = "application/vnd.ogc.sld+xml";
    private static final String WORKSPACE = "{\"workspace\":{\"name\":\"w\"}}";
    private static final String STORE = "{\"dataStore\":{\"name\":\"d\",\"connectionParameters\":{\"entry\":"
            + "[{\"@key\":\"dbtype\",\"$\":\"postgis\"}]}}}";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static FakeGeoServer fake;

    @BeforeAll
    static void start() throws Exception {
        fake = new FakeGeoServer();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @BeforeEach
    void empty() {
        fake.reset();
        fake.loginDelay(Duration.ofMillis(50), Duration.ofMillis(50));
    }

    @Test
    void aRequestWithoutCredentialsGetsGeoServersChallengeAsATomcatPage() throws Exception {
        HttpResponse<String> none = HTTP.send(HttpRequest.newBuilder(URI.create(fake.url() + "/rest/workspaces")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"GeoServer Realm\"");
        assertThat(none.body()).startsWith("<!doctype html>").contains("<title>HTTP Status 401 \u2013 Unauthorized</title>");
        assertThat(fake.failedLogins).hasValue(0);
    }

    @Test
    void aWrongPasswordIsHeldBackAndEveryLoginOfThatUserFailsMeanwhile() throws Exception {
        fake.loginDelay(Duration.ofSeconds(3), Duration.ofSeconds(3));
        CompletableFuture<HttpResponse<String>> wrong = CompletableFuture.supplyAsync(() -> {
            try {
                return send("GET", "/rest/workspaces", null, null, "admin:wrong");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        for (int i = 0; i < 200 && fake.loginsHeldBack() == 0; i++) {
            Thread.sleep(10);
        }

        assertThat(fake.loginsHeldBack()).isEqualTo(1);
        assertThat(send("GET", "/rest/workspaces", null, null).statusCode()).as("right password, during the delay")
                .isEqualTo(401);
        assertThat(wrong.get().statusCode()).isEqualTo(401);
        assertThat(fake.loginsHeldBack()).isZero();
        assertThat(send("GET", "/rest/workspaces", null, null).statusCode()).as("right password, after it").isEqualTo(200);
    }

    @Test
    void createsAnswer201WithLocationAndAnExistingWorkspaceIsA409TomcatPage() throws Exception {
        HttpResponse<String> created = send("POST", "/rest/workspaces", "application/json", WORKSPACE);
        HttpResponse<String> again = send("POST", "/rest/workspaces", "application/json", WORKSPACE);

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue(fake.url() + "/rest/workspaces/w");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("<p><b>Message</b> Workspace &#39;w&#39; already exists</p>");
    }

    @Test
    void anExistingStoreOrFeatureTypeIsA500WithTextAndAnExistingStyleA403Page() throws Exception {
        send("POST", "/rest/workspaces", "application/json", WORKSPACE);
        assertThat(send("POST", "/rest/workspaces/w/datastores", "application/json", STORE).statusCode()).isEqualTo(201);
        HttpResponse<String> store = send("POST", "/rest/workspaces/w/datastores", "application/json", STORE);
        featureType("f", 0, 0, 1, 1);
        HttpResponse<String> type = send("POST", "/rest/workspaces/w/datastores/d/featuretypes", "application/json",
                featureTypeBody("f", 0, 0, 1, 1));
        assertThat(send("POST", "/rest/workspaces/w/styles?name=s", SLD, SldStyles.parcels()).statusCode()).isEqualTo(201);
        HttpResponse<String> style = send("POST", "/rest/workspaces/w/styles?name=s", SLD, SldStyles.parcels());

        assertThat(store.statusCode()).isEqualTo(500);
        assertThat(store.body()).isEqualTo("Store 'd' already exists in workspace 'w'");
        assertThat(type.statusCode()).isEqualTo(500);
        assertThat(type.body()).isEqualTo("Resource named 'f' already exists in store: 'd'");
        assertThat(style.statusCode()).isEqualTo(403);
        assertThat(style.body()).contains("<p><b>Message</b> Style s already exists.</p>");
    }

    @Test
    void sldSentAsXmlOrJsonGoesToTheStyleRecordHandlersAndTextPlainHasNoStyleHandler() throws Exception {
        send("POST", "/rest/workspaces", "application/json", WORKSPACE);

        for (String type : new String[] {"text/xml", "application/xml", "application/json"}) {
            assertThat(send("POST", "/rest/workspaces/w/styles?name=s", type, SldStyles.parcels()).statusCode()).as(type)
                    .isEqualTo(500);
        }
        HttpResponse<String> plain = send("POST", "/rest/workspaces/w/styles?name=s", "text/plain", SldStyles.parcels());
        assertThat(plain.statusCode()).isEqualTo(500);
        assertThat(plain.body()).isEqualTo("No such style handler: format = text/plain");
        assertThat(fake.styles).isEmpty();
        assertThat(send("POST", "/rest/workspaces/w/styles?name=s", SLD + ";charset=UTF-8", SldStyles.parcels())
                .statusCode()).isEqualTo(201);
    }

    @Test
    void anSldIsDecodedWithItsDeclaredCharsetElseWithTheJvmDefault() throws Exception {
        send("POST", "/rest/workspaces", "application/json", WORKSPACE);
        String sld = SldStyles.parcels().replace("<Title>perceel<", "<Title>Perceel \u2264 500 m\u00b2<");

        sendBytes("POST", "/rest/workspaces/w/styles?name=declared", SLD + ";charset=UTF-8", sld.getBytes(StandardCharsets.UTF_8));
        sendBytes("POST", "/rest/workspaces/w/styles?name=latin1", SLD, sld.getBytes(StandardCharsets.ISO_8859_1));

        assertThat(fake.styles.get("w/declared")).isEqualTo(sld);
        assertThat(fake.styles.get("w/latin1")).isNotEqualTo(sld).contains("Perceel ? 500 m\ufffd");
    }

    @Test
    void aStylePutThatFailsIsA400PageSayingInvalidStyle() throws Exception {
        send("POST", "/rest/workspaces", "application/json", WORKSPACE);

        HttpResponse<String> missing = send("PUT", "/rest/workspaces/w/styles/nope", SLD, SldStyles.parcels());
        HttpResponse<String> broken = send("PUT", "/rest/workspaces/w/styles/nope", SLD, "<StyledLayerDescriptor");

        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("<p><b>Message</b> Invalid style:null</p>");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(broken.body()).contains("Invalid style:Unable to parse style");
    }

    @Test
    void massTruncateTakesExactlyTextXmlAndOnlyALayerWithATileLayer() throws Exception {
        featureType("f", 0, 0, 1, 1);
        String body = "<truncateLayer><layerName>w:f</layerName></truncateLayer>";

        HttpResponse<String> charset = send("POST", "/gwc/rest/masstruncate", "text/xml;charset=UTF-8", body);
        HttpResponse<String> xml = send("POST", "/gwc/rest/masstruncate", "application/xml", body);
        HttpResponse<String> unknown = send("POST", "/gwc/rest/masstruncate", "text/xml",
                "<truncateLayer><layerName>w:nope</layerName></truncateLayer>");
        HttpResponse<String> bare = send("POST", "/gwc/rest/masstruncate", "text/xml", body);

        assertThat(charset.statusCode()).isEqualTo(400);
        assertThat(charset.body()).isEqualTo("org.geowebcache.rest.exception.RestException 400 BAD_REQUEST: "
                + "Format extension unknown or not specified: text/xml;charset=UTF-8");
        assertThat(xml.statusCode()).isEqualTo(400);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).endsWith("Could not find layer w:nope");
        assertThat(bare.statusCode()).isEqualTo(200);
        assertThat(fake.truncated).containsExactly("w:f");
    }

    @Test
    void aLayerPutNamingAStyleThatDoesNotExistIs200AndTheLayerKeepsItsGenericStyle() throws Exception {
        featureType("f", 0, 0, 1, 1);

        HttpResponse<String> put = send("PUT", "/rest/layers/w:f", "application/json",
                "{\"layer\":{\"defaultStyle\":{\"name\":\"missing\",\"workspace\":\"w\"}}}");
        JsonNode layer = JSON.readTree(send("GET", "/rest/layers/w:f.json", null, null).body()).path("layer");

        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(layer.path("defaultStyle").path("name").asString()).isEqualTo("polygon");
    }

    @Test
    void aLayerGetNamesItsWorkspaceStyleWithThePrefix() throws Exception {
        featureType("f", 0, 0, 1, 1);
        send("POST", "/rest/workspaces/w/styles?name=s", SLD, SldStyles.parcels());

        send("PUT", "/rest/layers/w:f", "application/json",
                "{\"layer\":{\"defaultStyle\":{\"name\":\"s\",\"workspace\":\"w\"}}}");
        JsonNode style = JSON.readTree(send("GET", "/rest/layers/w:f", null, null).body()).path("layer").path("defaultStyle");

        assertThat(style.path("name").asString()).isEqualTo("w:s");
        assertThat(style.path("workspace").asString()).isEqualTo("w");
        assertThat(style.path("href").asString()).isEqualTo(fake.url() + "/rest/workspaces/w/styles/s.json");
    }

    @Test
    void layerGroupBoundsAreCalculatedOnCreateAndNeverOnUpdate() throws Exception {
        featureType("a", 0, 0, 10, 10);
        featureType("b", 100, 100, 110, 110);

        send("POST", "/rest/workspaces/w/layergroups", "application/json", group("g", "w:a"));
        JsonNode created = fake.layerGroups.get("w/g").path("bounds");
        send("PUT", "/rest/workspaces/w/layergroups/g", "application/json", group("g", "w:a", "w:b"));
        JsonNode updated = fake.layerGroups.get("w/g").path("bounds");

        assertThat(created.path("maxx").asDouble()).isEqualTo(10.0);
        assertThat(updated.path("maxx").asDouble()).as("not recalculated").isEqualTo(10.0);
        assertThat(fake.layerGroups.get("w/g").path("publishables").path("published").findValuesAsString("name"))
                .containsExactly("w:a", "w:b");
    }

    @Test
    void aDuplicateGroupAndAGroupNamingAMissingLayerAre500AndAnEmptyGroupA400() throws Exception {
        featureType("a", 0, 0, 10, 10);
        send("POST", "/rest/workspaces/w/layergroups", "application/json", group("g", "w:a"));

        HttpResponse<String> duplicate = send("POST", "/rest/workspaces/w/layergroups", "application/json", group("g", "w:a"));
        HttpResponse<String> missing = send("POST", "/rest/workspaces/w/layergroups", "application/json", group("h", "w:nope"));
        HttpResponse<String> missingOnPut = send("PUT", "/rest/workspaces/w/layergroups/g", "application/json",
                group("g", "w:a", "w:nope"));
        HttpResponse<String> empty = send("POST", "/rest/workspaces/w/layergroups", "application/json", group("e"));

        assertThat(duplicate.statusCode()).isEqualTo(500);
        assertThat(duplicate.body()).isEqualTo("Layer group named 'g' already exists in workspace w");
        assertThat(missing.statusCode()).isEqualTo(500);
        assertThat(missingOnPut.statusCode()).isEqualTo(500);
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("layer group must not be empty");
    }

    @Test
    void aFeatureTypeWhoseLayerIsInAGroupCannotBeDeletedEvenWithRecurse() throws Exception {
        featureType("a", 0, 0, 10, 10);
        send("POST", "/rest/workspaces/w/layergroups", "application/json", group("g", "w:a"));

        HttpResponse<String> plain = send("DELETE", "/rest/workspaces/w/datastores/d/featuretypes/a", null, null);
        HttpResponse<String> recurse = send("DELETE", "/rest/workspaces/w/datastores/d/featuretypes/a?recurse=true", null, null);

        assertThat(plain.statusCode()).isEqualTo(403);
        assertThat(plain.body()).contains("feature type referenced by layer(s)");
        assertThat(recurse.statusCode()).isEqualTo(500);
        assertThat(recurse.body()).isEqualTo("Unable to delete layer referenced by layer group 'g'");
        assertThat(fake.featureTypes).containsKey("w/d/a");
    }

    @Test
    void aMissingResourceIsA404LoggedAtSevereUnlessQuietOnNotFound() throws Exception {
        HttpResponse<String> loud = send("GET", "/rest/workspaces/nope", null, null);
        int logged = fake.severeLog.size();
        HttpResponse<String> quiet = send("GET", "/rest/workspaces/nope?quietOnNotFound=true", null, null);

        assertThat(loud.statusCode()).isEqualTo(404);
        assertThat(loud.body()).isEqualTo("No such workspace: 'nope' found");
        assertThat(logged).isEqualTo(1);
        assertThat(quiet.statusCode()).isEqualTo(404);
        assertThat(quiet.body()).isEmpty();
        assertThat(fake.severeLog).hasSize(1);
    }

    @Test
    void aCatalogEndpointAnswersAContentTypeItDoesNotTakeWith415AndNoBody() throws Exception {
        HttpResponse<String> r = send("POST", "/rest/workspaces", "text/plain", WORKSPACE);

        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void deletingANonEmptyWorkspaceOrStoreNeedsRecurse() throws Exception {
        featureType("f", 0, 0, 1, 1);

        assertThat(send("GET", "/rest/workspaces/w/datastores/d/featuretypes", null, null).body())
                .isEqualTo("{\"featureTypes\":{\"featureType\":{\"name\":\"f\"}}}");
        assertThat(send("DELETE", "/rest/workspaces/w/datastores/d", null, null).statusCode()).isEqualTo(403);
        assertThat(send("DELETE", "/rest/workspaces/w", null, null).statusCode()).isEqualTo(403);
        assertThat(send("DELETE", "/rest/workspaces/w?recurse=true", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/rest/workspaces/w/datastores/d", null, null).statusCode()).isEqualTo(404);
        assertThat(fake.tileLayers).isEmpty();
    }

    @Test
    void pathsOutsideTheRestApiAreNotFound() throws Exception {
        assertThat(send("GET", "/web/", null, null).statusCode()).isEqualTo(404);
    }

    // --- helpers ---

    private void featureType(String name, double minx, double miny, double maxx, double maxy) throws Exception {
        if (!fake.workspaces.containsKey("w")) {
            send("POST", "/rest/workspaces", "application/json", WORKSPACE);
            send("POST", "/rest/workspaces/w/datastores", "application/json", STORE);
        }
        send("POST", "/rest/workspaces/w/datastores/d/featuretypes", "application/json", featureTypeBody(name, minx, miny, maxx, maxy));
    }

    private static String featureTypeBody(String name, double minx, double miny, double maxx, double maxy) {
        return "{\"featureType\":{\"name\":\"" + name + "\",\"nativeName\":\"" + name + "\",\"srs\":\"EPSG:28992\","
                + "\"nativeBoundingBox\":{\"minx\":" + minx + ",\"miny\":" + miny + ",\"maxx\":" + maxx + ",\"maxy\":" + maxy
                + ",\"crs\":\"EPSG:28992\"}}}";
    }

    private static String group(String name, String... layers) {
        StringBuilder published = new StringBuilder();
        for (String l : layers) {
            published.append(published.isEmpty() ? "" : ",").append("{\"@type\":\"layer\",\"name\":\"").append(l).append("\"}");
        }
        return "{\"layerGroup\":{\"name\":\"" + name + "\",\"mode\":\"SINGLE\",\"publishables\":{\"published\":["
                + published + "]}}}";
    }

    private HttpResponse<String> send(String method, String path, String type, String body) throws Exception {
        return send(method, path, type, body, fake.user() + ":" + fake.password());
    }

    private HttpResponse<String> sendBytes(String method, String path, String type, byte[] body) throws Exception {
        HttpRequest.Builder b = request(path, fake.user() + ":" + fake.password())
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", type);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String type, String body, String credentials) throws Exception {
        HttpRequest.Builder b = request(path, credentials)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (type != null) {
            b.header("Content-Type", type);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String path, String credentials) {
        return HttpRequest.newBuilder(URI.create(fake.url() + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
}

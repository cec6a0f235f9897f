package nl.infill.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fake answers as GeoServer's REST API does (docs.geoserver.org REST reference): these are
 * the behaviours the sync is tested against, so the fake itself is held to them.
 */
class FakeGeoServerTest {

    private static FakeGeoServer fake;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

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
    }

    @Test
    void requestsWithoutOrWithWrongCredentialsAre401() throws Exception {
        HttpResponse<String> none = HTTP.send(HttpRequest.newBuilder(URI.create(fake.url() + "/rest/workspaces")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(send("GET", "/rest/workspaces", null, null, "admin:wrong").statusCode()).isEqualTo(401);
    }

    @Test
    void createAnswers201WithLocationAndAnExistingWorkspaceAnswers409() throws Exception {
        HttpResponse<String> created = send("POST", "/rest/workspaces", "application/json", "{\"workspace\":{\"name\":\"w\"}}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue(fake.url().replace("/geoserver", "") + "/geoserver/rest/workspaces/w");
        assertThat(send("POST", "/rest/workspaces", "application/json", "{\"workspace\":{\"name\":\"w\"}}").statusCode()).isEqualTo(409);
        assertThat(send("GET", "/rest/workspaces/w", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/rest/workspaces/nope", null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void existingDatastoreAndFeatureTypeAnswer500AndExistingStyle403() throws Exception {
        send("POST", "/rest/workspaces", "application/json", "{\"workspace\":{\"name\":\"w\"}}");
        String ds = "{\"dataStore\":{\"name\":\"d\",\"connectionParameters\":{\"entry\":[{\"@key\":\"dbtype\",\"$\":\"postgis\"}]}}}";
        assertThat(send("POST", "/rest/workspaces/w/datastores", "application/json", ds).statusCode()).isEqualTo(201);
        assertThat(send("POST", "/rest/workspaces/w/datastores", "application/json", ds).statusCode()).isEqualTo(500);
        String ft = "{\"featureType\":{\"name\":\"f\",\"nativeName\":\"f\",\"srs\":\"EPSG:28992\","
                + "\"nativeBoundingBox\":{\"minx\":0,\"miny\":0,\"maxx\":1,\"maxy\":1}}}";
        assertThat(send("POST", "/rest/workspaces/w/datastores/d/featuretypes", "application/json", ft).statusCode()).isEqualTo(201);
        assertThat(send("POST", "/rest/workspaces/w/datastores/d/featuretypes", "application/json", ft).statusCode()).isEqualTo(500);
        String sld = SldStyles.parcels();
        assertThat(send("POST", "/rest/workspaces/w/styles?name=s", "application/vnd.ogc.sld+xml", sld).statusCode()).isEqualTo(201);
        assertThat(send("POST", "/rest/workspaces/w/styles?name=s", "application/vnd.ogc.sld+xml", sld).statusCode()).isEqualTo(403);
        assertThat(send("PUT", "/rest/workspaces/w/styles/s", "application/vnd.ogc.sld+xml", sld).statusCode()).isEqualTo(200);
    }

    @Test
    void unsupportedContentTypeIs415() throws Exception {
        assertThat(send("POST", "/rest/workspaces", "text/plain", "{\"workspace\":{\"name\":\"w\"}}").statusCode()).isEqualTo(415);
        send("POST", "/rest/workspaces", "application/json", "{\"workspace\":{\"name\":\"w\"}}");
        assertThat(send("POST", "/rest/workspaces/w/styles?name=s", "text/plain", SldStyles.parcels()).statusCode()).isEqualTo(415);
        assertThat(send("POST", "/gwc/rest/masstruncate", "application/json", "{}").statusCode()).isEqualTo(415);
    }

    @Test
    void deletingANonEmptyWorkspaceOrStoreNeedsRecurse() throws Exception {
        send("POST", "/rest/workspaces", "application/json", "{\"workspace\":{\"name\":\"w\"}}");
        send("POST", "/rest/workspaces/w/datastores", "application/json",
                "{\"dataStore\":{\"name\":\"d\",\"connectionParameters\":{\"entry\":[{\"@key\":\"dbtype\",\"$\":\"postgis\"}]}}}");
        send("POST", "/rest/workspaces/w/datastores/d/featuretypes", "application/json",
                "{\"featureType\":{\"name\":\"f\",\"nativeName\":\"f\",\"srs\":\"EPSG:28992\",\"nativeBoundingBox\":{\"minx\":0}}}");

        assertThat(send("GET", "/rest/workspaces/w/datastores/d/featuretypes", null, null).body())
                .isEqualTo("{\"featureTypes\":{\"featureType\":{\"name\":\"f\"}}}");
        assertThat(send("DELETE", "/rest/workspaces/w/datastores/d/featuretypes/f", null, null).statusCode()).isEqualTo(403);
        assertThat(send("DELETE", "/rest/workspaces/w/datastores/d", null, null).statusCode()).isEqualTo(403);
        assertThat(send("DELETE", "/rest/workspaces/w", null, null).statusCode()).isEqualTo(403);
        assertThat(send("DELETE", "/rest/workspaces/w?recurse=true", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/rest/workspaces/w/datastores/d", null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void pathsOutsideTheRestApiAreNotFound() throws Exception {
        assertThat(send("GET", "/web/", null, null).statusCode()).isEqualTo(404);
        send("POST", "/rest/workspaces", "application/json", "{\"workspace\":{\"name\":\"w\"}}");
        assertThat(send("POST", "/rest/workspaces/w/layergroups", "application/json",
                "{\"layerGroup\":{\"name\":\"g\",\"publishables\":{\"published\":[]}}}").statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> send(String method, String path, String type, String body) throws Exception {
        return send(method, path, type, body, fake.user() + ":" + fake.password());
    }

    private HttpResponse<String> send(String method, String path, String type, String body, String credentials) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fake.url() + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            b.header("Content-Type", type);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}

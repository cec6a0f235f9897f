package nl.infill.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * What CI can check of docker/ without a Docker engine: the compose file against the Compose
 * Specification JSON schema (vendored in docker/, no network), the deployment rules Infill relies
 * on (pinned images, health checks, start order, no secrets), the Dockerfile against a small set of
 * hadolint-style rules (listed in docs/publishing.md), and that the jar the Dockerfile copies is
 * the one the Maven build produces (the enforcer rule in service/pom.xml checks that it was built).
 */
class DockerFilesTest {

    private static final Path ROOT = root();
    private static final Path DOCKER = ROOT.resolve("docker");

    @Test
    void composeFileValidatesAgainstTheComposeSpecSchema() throws IOException {
        Schema schema = composeSchema();

        List<Error> errors = schema.validate(Files.readString(DOCKER.resolve("docker-compose.yml")), InputFormat.YAML);

        assertThat(errors).isEmpty();
    }

    @Test
    void schemaCatchesAMisspelledServiceKey() throws IOException {
        Schema schema = composeSchema();
        String broken = Files.readString(DOCKER.resolve("docker-compose.yml")).replace("depends_on:", "depends_onn:");

        assertThat(schema.validate(broken, InputFormat.YAML)).isNotEmpty();
    }

    @Test
    void composePinsImagesChecksHealthStartsInOrderAndHoldsNoSecrets() throws IOException {
        String text = Files.readString(DOCKER.resolve("docker-compose.yml"));
        JsonNode compose = yaml().readTree(text);
        JsonNode services = compose.get("services");

        assertThat(services.path("geoserver").path("image").asString()).matches("docker\\.osgeo\\.org/geoserver:2\\.28\\.\\d+");
        assertThat(Files.readString(DOCKER.resolve("postgis/Dockerfile"))).contains("FROM postgis/postgis:15-3.3\n");
        assertThat(services.path("geoserver").path("environment").path("CORS_ENABLED").asString()).isEqualTo("true");
        assertThat(services.path("geoserver").path("environment").path("SKIP_DEMO_DATA").asString()).isEqualTo("true");
        for (String s : List.of("db", "geoserver", "service")) {
            assertThat(services.path(s).path("healthcheck").path("test").isMissingNode()).as(s).isFalse();
        }
        JsonNode dependsOn = services.path("service").path("depends_on");
        assertThat(dependsOn.path("db").path("condition").asString()).isEqualTo("service_healthy");
        assertThat(dependsOn.path("geoserver").path("condition").asString()).isEqualTo("service_healthy");
        assertThat(services.path("service").path("environment").path("INFILL_GEOSERVER_ENABLED").asString()).isEqualTo("true");
        // Every password comes from the env file: only ${VAR...} references, never a literal.
        Matcher m = Pattern.compile("(?m)^\\s*[A-Z_]*PASSWORD[A-Z_]*:\\s*(.+)$").matcher(text);
        int passwords = 0;
        while (m.find()) {
            passwords++;
            assertThat(m.group(1).trim()).as(m.group()).startsWith("${");
        }
        // db, geoserver, service (3), and for the "cluster" profile the standby's replication and service-b's
        assertThat(passwords).isEqualTo(7);
        assertThat(Files.readString(DOCKER.resolve(".env.example"))).contains("INFILL_DB_PASSWORD=", "GEOSERVER_ADMIN_PASSWORD=",
                "INFILL_PUBLISH_DB_PASSWORD=");
        assertThat(Files.readString(ROOT.resolve(".gitignore"))).contains("docker/.env");
    }

    @Test
    void composeFileAvoidsTheGeoServerImagesPitfalls() throws IOException {
        JsonNode compose = yaml().readTree(Files.readString(DOCKER.resolve("docker-compose.yml")));

        assertThat(imagePitfalls(compose)).isEmpty();
        assertThat(Files.readString(DOCKER.resolve(".env.example")).lines()
                .filter(l -> l.matches("[A-Z_]*PASSWORD=.*")).map(l -> l.substring(l.indexOf('=') + 1)))
                .allSatisfy(v -> assertThat(v).matches(SAFE_PASSWORD));
    }

    @Test
    void jndiWithoutAnExplicitResourceNameIsCaught() {
        JsonNode compose = yaml().readTree("""
                services:
                  geoserver:
                    image: docker.osgeo.org/geoserver:2.28.1
                    environment:
                      POSTGRES_JNDI_ENABLED: "true"
                      GEOSERVER_ADMIN_PASSWORD: correct horse battery
                """);

        assertThat(imagePitfalls(compose)).containsExactly(
                "geoserver: POSTGRES_JNDI_ENABLED without POSTGRES_JNDI_RESOURCE_NAME (the image's default is jdbc/disabled)",
                "geoserver: GEOSERVER_ADMIN_PASSWORD is neither a ${VARIABLE} nor letters, digits, - _ . only");
    }

    /** Letters, digits, - _ . only: the image's update_credentials.sh hashes the password unquoted. */
    private static final String SAFE_PASSWORD = "[A-Za-z0-9._-]{8,}";

    /** What docs/publishing.md, "Operating the GeoServer image", warns of, as far as a file shows it. */
    static List<String> imagePitfalls(JsonNode compose) {
        List<String> problems = new ArrayList<>();
        for (String name : compose.path("services").propertyNames()) {
            JsonNode env = compose.path("services").path(name).path("environment");
            if (env.path("POSTGRES_JNDI_ENABLED").asString("").equals("true")
                    && env.path("POSTGRES_JNDI_RESOURCE_NAME").asString("").isEmpty()) {
                problems.add(name + ": POSTGRES_JNDI_ENABLED without POSTGRES_JNDI_RESOURCE_NAME (the image's default "
                        + "is jdbc/disabled)");
            }
            String password = env.path("GEOSERVER_ADMIN_PASSWORD").asString(null);
            if (password != null && !password.startsWith("${") && !password.matches(SAFE_PASSWORD)) {
                problems.add(name + ": GEOSERVER_ADMIN_PASSWORD is neither a ${VARIABLE} nor letters, digits, - _ . only");
            }
        }
        return problems;
    }

    @Test
    void dockerfilesFollowTheLintRules() throws IOException {
        for (Path file : List.of(DOCKER.resolve("Dockerfile"), DOCKER.resolve("postgis/Dockerfile"))) {
            assertThat(lint(Files.readString(file))).as(file.toString()).isEmpty();
        }
    }

    @Test
    void lintRulesCatchTheMistakesTheyAreFor() {
        String bad = "FROM maven AS build\nMAINTAINER someone\nADD . /src\nRUN apt-get install curl\n"
                + "ENV DB_PASSWORD=secret\nFROM eclipse-temurin:latest\nCMD java -jar app.jar\n";

        assertThat(lint(bad)).containsExactlyInAnyOrder("DL3006 FROM maven has no tag", "DL4000 MAINTAINER is deprecated",
                "DL3020 use COPY instead of ADD", "DL3015 apt-get install without --no-install-recommends",
                "DL3009 apt lists not removed after apt-get install", "IN001 secret in ENV: DB_PASSWORD",
                "DL3007 FROM eclipse-temurin:latest uses latest", "DL3025 CMD not in JSON form",
                "DL3002 final stage runs as root (no USER)", "IN002 final stage has no HEALTHCHECK");
    }

    @Test
    void serviceImageBuildsWithNodeAndMavenAndRunsOnAJre17CopyingTheJarMavenBuilds() throws Exception {
        String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"));
        List<DockerfileModel.Stage> stages = DockerfileModel.parse(dockerfile).stages();
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(ROOT.resolve("service/pom.xml").toFile());
        String finalName = pom.getElementsByTagName("finalName").item(0).getTextContent().trim();

        assertThat(stages).extracting(DockerfileModel.Stage::label).containsExactly("node", "build", "#2");
        assertThat(stages.get(0).image()).matches("node:\\d+\\.\\d+\\.\\d+-bookworm-slim");
        assertThat(stages.get(1).image()).startsWith("maven:3.").contains("temurin-17");
        assertThat(stages.get(2).image()).startsWith("eclipse-temurin:17-jre");
        assertThat(finalName).isEqualTo("infill-service");
        assertThat(dockerfile).contains("COPY --from=build --chown=infill:infill /src/service/target/" + finalName + ".jar ");
        assertThat(dockerfile).contains("\"/app/" + finalName + ".jar\"");
        assertThat(Files.readString(ROOT.resolve("infill"))).contains("service/target/" + finalName + ".jar");
        // npm ci from the lockfile, with npm's cache kept between builds, before the sources come in.
        assertThat(dockerfile).contains("COPY web-map/package.json web-map/package-lock.json web-map/")
                .contains("RUN --mount=type=cache,target=/root/.npm node web-map/tools/npm-ci-if-needed.mjs");
        assertThat(dockerfile.indexOf("npm-ci-if-needed.mjs\n")).isLessThan(dockerfile.indexOf("COPY web-map web-map"));
    }

    /** A hadolint-style subset; rule ids follow hadolint where one exists, IN = Infill's own. */
    static List<String> lint(String dockerfile) {
        List<String> problems = new ArrayList<>();
        DockerfileModel model = DockerfileModel.parse(dockerfile);
        for (DockerfileModel.Stage stage : model.stages()) {
            for (DockerfileModel.Instruction i : stage.instructions()) {
                lint(i, problems);
            }
        }
        DockerfileModel.Stage last = model.finalStage();
        List<DockerfileModel.Instruction> users = last.all("USER");
        if (users.isEmpty()) {
            if (!last.image().startsWith("postgis/postgis")) {
                problems.add("DL3002 final stage runs as root (no USER)");
            }
            // else: the postgres entrypoint drops to user postgres itself
        } else {
            String user = users.get(users.size() - 1).args();
            if (user.equals("root") || user.equals("0") || user.startsWith("0:") || user.startsWith("root:")) {
                problems.add("DL3002 final stage runs as root (USER " + user + ")");
            }
        }
        if (last.all("HEALTHCHECK").isEmpty() && !last.image().startsWith("postgis/postgis")) {
            problems.add("IN002 final stage has no HEALTHCHECK");
        }
        return problems;
    }

    private static void lint(DockerfileModel.Instruction i, List<String> problems) {
        String l = i.args();
        switch (i.keyword()) {
            case "FROM" -> {
                String image = l.split("\\s+")[0];
                if (!image.contains(":") && !image.contains("@")) {
                    problems.add("DL3006 FROM " + image + " has no tag");
                } else if (image.endsWith(":latest")) {
                    problems.add("DL3007 FROM " + image + " uses latest");
                }
            }
            case "MAINTAINER" -> problems.add("DL4000 MAINTAINER is deprecated");
            case "ADD" -> problems.add("DL3020 use COPY instead of ADD");
            case "RUN" -> {
                if (l.contains("apt-get install")) {
                    if (!l.contains("--no-install-recommends")) {
                        problems.add("DL3015 apt-get install without --no-install-recommends");
                    }
                    if (!l.contains("rm -rf /var/lib/apt/lists")) {
                        problems.add("DL3009 apt lists not removed after apt-get install");
                    }
                }
            }
            case "ENV", "ARG" -> {
                Matcher m = Pattern.compile("([A-Za-z_]*(PASSWORD|SECRET|TOKEN)[A-Za-z_]*)=\\S+", Pattern.CASE_INSENSITIVE).matcher(l);
                while (m.find()) {
                    problems.add("IN001 secret in ENV: " + m.group(1));
                }
            }
            case "CMD", "ENTRYPOINT" -> {
                if (!l.startsWith("[")) {
                    problems.add("DL3025 " + i.keyword() + " not in JSON form");
                }
            }
            default -> {
            }
        }
    }

    /**
     * The vendored schema still carries draft-04 {@code "id": "#/properties/..."} members beside
     * its 2019-09 {@code $schema}; the validator rejects those as keywords, and they only name
     * sub-schemas, so they are dropped before loading. The file itself stays unchanged.
     */
    private static Schema composeSchema() throws IOException {
        JsonNode node = JsonMapper.builder().build().readTree(Files.readString(DOCKER.resolve("compose-spec.json")));
        dropDraft04Ids(node, false);
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2019_09)
                .getSchema(node.toString(), InputFormat.JSON);
    }

    private static void dropDraft04Ids(JsonNode node, boolean isPropertyMap) {
        if (node instanceof ObjectNode o) {
            if (!isPropertyMap && o.path("id").isString()) {
                o.remove("id");
            }
            for (String name : new ArrayList<>(o.propertyNames())) {
                dropDraft04Ids(o.get(name), !isPropertyMap && (name.equals("properties") || name.equals("patternProperties")
                        || name.equals("definitions")));
            }
        } else if (node != null && node.isArray()) {
            for (JsonNode item : node) {
                dropDraft04Ids(item, false);
            }
        }
    }

    private static ObjectMapper yaml() {
        return YAMLMapper.builder().build();
    }

    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("docker/docker-compose.yml"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("docker/docker-compose.yml not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}

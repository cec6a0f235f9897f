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
        assertThat(passwords).isEqualTo(5);
        assertThat(Files.readString(DOCKER.resolve(".env.example"))).contains("INFILL_DB_PASSWORD=", "GEOSERVER_ADMIN_PASSWORD=",
                "INFILL_PUBLISH_DB_PASSWORD=");
        assertThat(Files.readString(ROOT.resolve(".gitignore"))).contains("docker/.env");
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
    void serviceImageIsMultiStageWithAJre17RuntimeCopyingTheJarMavenBuilds() throws Exception {
        String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"));
        List<String> froms = lines(dockerfile, "FROM ");
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(ROOT.resolve("service/pom.xml").toFile());
        String finalName = pom.getElementsByTagName("finalName").item(0).getTextContent().trim();

        assertThat(froms).hasSize(2);
        assertThat(froms.get(0)).startsWith("FROM maven:3.").contains("temurin-17").endsWith(" AS build");
        assertThat(froms.get(1)).startsWith("FROM eclipse-temurin:17-jre");
        assertThat(finalName).isEqualTo("infill-service");
        assertThat(dockerfile).contains("COPY --from=build --chown=infill:infill /src/service/target/" + finalName + ".jar ");
        assertThat(dockerfile).contains("\"/app/" + finalName + ".jar\"");
        assertThat(Files.readString(ROOT.resolve("infill"))).contains("service/target/" + finalName + ".jar");
    }

    /** A hadolint-style subset; rule ids follow hadolint where one exists, IN = Infill's own. */
    static List<String> lint(String dockerfile) {
        List<String> problems = new ArrayList<>();
        String joined = dockerfile.replaceAll("\\\\\\n", " ");
        List<String> lines = joined.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        int lastFrom = -1;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            String upper = l.toUpperCase();
            if (upper.startsWith("FROM ")) {
                lastFrom = i;
                String image = l.split("\\s+")[1];
                if (!image.contains(":") && !image.contains("@")) {
                    problems.add("DL3006 FROM " + image + " has no tag");
                } else if (image.endsWith(":latest")) {
                    problems.add("DL3007 FROM " + image + " uses latest");
                }
            } else if (upper.startsWith("MAINTAINER ")) {
                problems.add("DL4000 MAINTAINER is deprecated");
            } else if (upper.startsWith("ADD ")) {
                problems.add("DL3020 use COPY instead of ADD");
            } else if (upper.startsWith("RUN ") && l.contains("apt-get install")) {
                if (!l.contains("--no-install-recommends")) {
                    problems.add("DL3015 apt-get install without --no-install-recommends");
                }
                if (!l.contains("rm -rf /var/lib/apt/lists")) {
                    problems.add("DL3009 apt lists not removed after apt-get install");
                }
            } else if (upper.startsWith("ENV ") || upper.startsWith("ARG ")) {
                Matcher m = Pattern.compile("([A-Za-z_]*(PASSWORD|SECRET|TOKEN)[A-Za-z_]*)=\\S+", Pattern.CASE_INSENSITIVE).matcher(l);
                while (m.find()) {
                    problems.add("IN001 secret in ENV: " + m.group(1));
                }
            } else if ((upper.startsWith("CMD ") || upper.startsWith("ENTRYPOINT ")) && !l.split("\\s+", 2)[1].startsWith("[")) {
                problems.add("DL3025 " + l.split("\\s+")[0] + " not in JSON form");
            }
        }
        List<String> finalStage = lines.subList(Math.max(lastFrom, 0), lines.size());
        List<String> users = finalStage.stream().filter(l -> l.toUpperCase().startsWith("USER ")).toList();
        if (users.isEmpty()) {
            if (!lines.isEmpty() && lines.get(Math.max(lastFrom, 0)).contains("postgis/postgis")) {
                return problems; // the postgres entrypoint drops to user postgres itself
            }
            problems.add("DL3002 final stage runs as root (no USER)");
        } else {
            String user = users.get(users.size() - 1).substring(5).trim();
            if (user.equals("root") || user.equals("0") || user.startsWith("0:") || user.startsWith("root:")) {
                problems.add("DL3002 final stage runs as root (USER " + user + ")");
            }
        }
        if (finalStage.stream().noneMatch(l -> l.toUpperCase().startsWith("HEALTHCHECK "))) {
            problems.add("IN002 final stage has no HEALTHCHECK");
        }
        return problems;
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

    private static List<String> lines(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).toList();
    }

    private static ObjectMapper yaml() {
        return YAMLMapper.builder().build();
    }

    private static Path root() {
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

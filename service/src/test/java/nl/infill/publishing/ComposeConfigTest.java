package nl.infill.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compose's own check of docker/docker-compose.yml: {@code docker compose config} (the CLI
 * plugin) or, where only Debian's docker-compose 1.29 is installed ({@code ./infill test}
 * installs it), {@code docker-compose config}. Neither needs a Docker engine for this. Skips
 * with a message when neither is installed.
 */
class ComposeConfigTest {

    private static final Path DOCKER = DockerFilesTest.root().resolve("docker");
    private static List<String> compose;

    @BeforeAll
    static void findCompose() {
        compose = works(List.of("docker", "compose", "version")) ? List.of("docker", "compose")
                : works(List.of("docker-compose", "version")) ? List.of("docker-compose") : null;
    }

    @Test
    void composeConfigAcceptsTheComposeFileWithTheExampleEnvironment(@TempDir Path tmp) throws Exception {
        assumeTrue(compose != null, "neither 'docker compose' nor 'docker-compose' is installed; "
                + "./infill test installs Debian's docker-compose");
        Path env = tmp.resolve(".env");
        Files.copy(DOCKER.resolve(".env.example"), env);

        Result r = config(env, DOCKER.resolve("docker-compose.yml"));

        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("docker.osgeo.org/geoserver:2.28.1", "pull_policy: build",
                "condition: service_healthy");
    }

    @Test
    void composeConfigRefusesTheFileWithoutThePasswords(@TempDir Path tmp) throws Exception {
        assumeTrue(compose != null, "neither 'docker compose' nor 'docker-compose' is installed");
        Path env = tmp.resolve(".env");
        Files.writeString(env, "INFILL_GEOSERVER_PUBLIC_URL=http://localhost:8080/geoserver\n");

        Result r = config(env, DOCKER.resolve("docker-compose.yml"));

        assertThat(r.exit()).isNotZero();
        assertThat(r.output()).containsPattern("set [A-Z_]*PASSWORD in docker/.env");
    }

    @Test
    void clusterProfileAddsAStandbyASecondReplicaAndHaproxyInFrontOfBoth(@TempDir Path tmp) throws Exception {
        assumeTrue(compose != null, "neither 'docker compose' nor 'docker-compose' is installed");
        Path env = tmp.resolve(".env");
        Files.writeString(env, Files.readString(DOCKER.resolve(".env.example"))
                .replace("INFILL_DATASOURCE_READ_URLS=", "INFILL_DATASOURCE_READ_URLS=jdbc:postgresql://db-standby:5432/infill"));

        Result plain = config(env, DOCKER.resolve("docker-compose.yml"));
        Result cluster = config(env, DOCKER.resolve("docker-compose.yml"), "--profile", "cluster");

        assertThat(cluster.exit()).as(cluster.output()).isZero();
        assertThat(cluster.output()).contains("db-standby:", "service-b:", "image: haproxy:2.8",
                "INFILL_DATASOURCE_READ_URLS: jdbc:postgresql://db-standby:5432/infill", "pgdata-standby",
                "/usr/local/etc/haproxy/haproxy.cfg");
        // the single instance: only the three services of before have no profile
        assertThat(plain.exit()).as(plain.output()).isZero();
        for (String s : List.of("db-standby", "service-b", "lb")) {
            assertThat(cluster.output()).as(s).containsPattern("(?s)\\n  " + s + ":\\n.*?profiles:\\n\\s*- cluster");
        }
    }

    @Test
    void haproxyAcceptsItsConfigurationAndSendsToBothReplicasWithHealthChecks() throws Exception {
        assumeTrue(works(List.of("haproxy", "-v")), "haproxy is not installed (Debian: apt-get install haproxy)");
        Process p = new ProcessBuilder("haproxy", "-c", "-f", DOCKER.resolve("haproxy.cfg").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as(out).isTrue();
        String cfg = Files.readString(DOCKER.resolve("haproxy.cfg"));
        assertThat(cfg).contains("server service service:8080 check", "server service-b service-b:8080 check",
                "option httpchk GET /actuator/health", "retry-on conn-failure");
    }

    private record Result(int exit, String output) {
    }

    private static Result config(Path env, Path file, String... options) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(compose);
        cmd.addAll(List.of("--env-file", env.toString(), "-f", file.toString()));
        cmd.addAll(List.of(options));
        cmd.add("config");
        Process p = new ProcessBuilder(cmd).directory(DOCKER.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", cmd) + " did not finish within 60 s");
        }
        return new Result(p.exitValue(), out);
    }

    private static boolean works(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

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

    private record Result(int exit, String output) {
    }

    private static Result config(Path env, Path file) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(compose);
        cmd.addAll(List.of("--env-file", env.toString(), "-f", file.toString(), "config"));
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

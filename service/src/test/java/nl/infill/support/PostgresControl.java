package nl.infill.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops and starts the private PostgreSQL cluster that {@code ./infill test} brought up, for
 * fault tests (database going away mid-load, mid-run, mid-tile). Skips the calling test when the
 * tests run against an external database, which we must not stop.
 */
public final class PostgresControl {

    private PostgresControl() {
    }

    public static void assumeControllable() {
        assumeTrue(System.getenv("INFILL_PG_DATA") != null && System.getenv("INFILL_PG_BINDIR") != null,
                "fault test skipped: the database is not the private cluster of ./infill (INFILL_PG_DATA unset)");
    }

    /** Fast shutdown: open connections are terminated, as when a server goes away. */
    public static void stop() {
        pgCtl("-m", "fast", "-w", "stop");
    }

    /**
     * Immediate shutdown: every backend is killed at once, as in a crash or a lost host, so no
     * transaction that was waiting can still slip through to COMMIT while others are shut down.
     */
    public static void stopImmediately() {
        pgCtl("-m", "immediate", "-w", "stop");
    }

    public static void start() {
        String port = System.getenv().getOrDefault("INFILL_PG_PORT",
                System.getenv("INFILL_DB_URL").replaceAll(".*:(\\d+)/.*", "$1"));
        pgCtl("-l", Path.of(System.getenv("INFILL_PG_DATA"), "server.log").toString(),
                "-o", "-p " + port, "-w", "-t", "60", "start");
    }

    private static void pgCtl(String... args) {
        assumeControllable();
        List<String> cmd = new ArrayList<>();
        String osUser = System.getenv("INFILL_PG_OS_USER");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root && osUser != null) {
            cmd.addAll(List.of("runuser", "-u", osUser, "--"));
        }
        cmd.add(Path.of(System.getenv("INFILL_PG_BINDIR"), "pg_ctl").toString());
        cmd.add("-D");
        cmd.add(System.getenv("INFILL_PG_DATA"));
        cmd.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("pg_ctl", ".log");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("pg_ctl " + String.join(" ", args) + " failed: " + Files.readString(out));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package nl.infill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./infill} script, run for real by bash in a copy of the checkout's script files
 * (a sandbox {@code INFILL_HOME}), with fake {@code mvn}, {@code java}, {@code sudo},
 * {@code apt-get} and PostgreSQL programs first on the PATH: each fake only writes its name to
 * {@code calls.log}. So "nothing started" is checked, not assumed: no fake was called and no
 * {@code .infill} cluster directory appeared.
 */
class CliScriptTest {

    private static final Path CHECKOUT = Path.of(System.getProperty("maven.multiModuleProjectDirectory",
            Path.of("").toAbsolutePath().getParent().toString()));
    private static final List<String> COMMANDS = List.of("run", "test", "db", "load", "harvest", "generate", "stop", "help");

    @TempDir
    Path home;

    private Path calls;
    private Path fakes;

    record Result(int code, String out, String err) {
    }

    @BeforeEach
    void sandbox() throws IOException {
        Files.copy(CHECKOUT.resolve("infill"), home.resolve("infill"));
        Files.createDirectories(home.resolve("scripts"));
        Files.copy(CHECKOUT.resolve("scripts/postgis.sh"), home.resolve("scripts/postgis.sh"));
        home.resolve("infill").toFile().setExecutable(true);
        calls = home.resolve("calls.log");
        fakes = Files.createDirectories(home.resolve("fakes"));
        for (String name : List.of("mvn", "java", "sudo", "apt-get", "initdb", "pg_ctl", "postgres", "psql",
                "pg_isready", "createdb", "pg_config")) {
            Path fake = fakes.resolve(name);
            Files.writeString(fake, "#!/bin/sh\necho " + name + " \"$@\" >> '" + calls + "'\n");
            Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void loadHelpPrintsTheLoadHelpAndExitsZeroWithoutStartingPostgresOrMaven() throws Exception {
        Result r = infill("load", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("Usage: ./infill load LAYER FILE").contains("--preset NAME");
        assertThat(r.err()).isEmpty();
        assertNothingStarted();
    }

    @Test
    void everyCommandHasItsOwnHelpByFlagAndByHelpCommandAndNothingStarts() throws Exception {
        for (String cmd : COMMANDS) {
            for (List<String> args : List.of(List.of(cmd, "--help"), List.of(cmd, "-h"), List.of("help", cmd))) {
                Result r = infill(args.toArray(String[]::new));
                assertThat(r.code()).as("%s", args).isZero();
                assertThat(r.out()).as("%s", args).startsWith("Usage: ./infill " + cmd);
            }
        }
        // Help wins even after other arguments, e.g. when a user adds it to a command being typed.
        assertThat(infill("load", "parcels", "x.gpkg", "--preset", "bag-pand", "--help").code()).isZero();
        assertNothingStarted();
    }

    @Test
    void dbResetIsRefusedForADatabaseInfillDidNotMakeAndNothingIsStartedOrDropped() throws Exception {
        assertThat(infill("db", "--help").out()).contains("--reset").contains("refused when INFILL_DB_URL points elsewhere");
        Result r = infill(Map.of("INFILL_DB_URL", "jdbc:postgresql://db.example:5432/theirs"), "db", "--reset");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("db --reset recreates only the private database of this checkout")
                .contains("jdbc:postgresql://db.example:5432/theirs").contains("Drop and recreate that database yourself");
        assertThat(r.out()).isEmpty();
        assertThat(infill("db", "--reset", "extra").code()).as("no argument").isEqualTo(2);
        assertThat(infill("db", "--reset=yes").err()).contains("unknown option: --reset");
        assertNothingStarted();
    }

    @Test
    void runsHistoryCheckOnADatabaseOfAnOlderCheckoutSaysToRecreateItAndExitsOneWhenNotATerminal() throws Exception {
        // ./infill run calls this check right after the database is up, before building or starting Java
        assertThat(Files.readString(home.resolve("infill")))
                .contains("db_up \"${INFILL_DB_NAME:-infill}\"\n    require_current_schema_history \"${INFILL_DB_NAME:-infill}\"\n    build");
        // the migrations of this checkout, and a psql that answers with the history the old chain left
        Path migrations = Files.createDirectories(home.resolve("service/src/main/resources/db/migration"));
        for (String f : List.of("V1__system.sql", "V2__layers.sql", "V3__ingest.sql")) {
            Files.writeString(migrations.resolve(f), "-- " + f + "\n");
        }
        Files.writeString(fakes.resolve("psql"), "#!/bin/sh\necho psql \"$@\" >> '" + calls + "'\n"
                + "case \"$*\" in *flyway_schema_history*) printf '1|layers\\n2|analysis contract\\n3|ingest\\n10|ingest report\\n' ;; esac\n");
        Path pgHome = Files.createDirectories(home.resolve("pghome"));
        Files.writeString(pgHome.resolve("superuser.pass"), "x");
        Result r = bash(". scripts/postgis.sh; INFILL_PRIVATE_DB=1 INFILL_PG_PORT=1 PGHOME_DIR=" + pgHome
                + " require_current_schema_history infill </dev/null");
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("The local database infill was made by an older Infill checkout")
                .contains("V1 layers").contains("V2 analysis contract")
                .contains("recreate it with:  ./infill db --reset");
        assertThat(r.err()).as("V3 ingest is this checkout's; V10 is newer than its migrations: a newer checkout's")
                .doesNotContain("V3 ingest").doesNotContain("ingest report");
        assertThat(calledPrograms()).as("only psql, to read the history").containsOnly("psql");

        // a history this checkout made (or none yet) passes
        Files.writeString(fakes.resolve("psql"), "#!/bin/sh\ncase \"$*\" in *flyway_schema_history*) printf '1|system\\n2|layers\\n' ;; esac\n");
        assertThat(bash(". scripts/postgis.sh; INFILL_PRIVATE_DB=1 INFILL_PG_PORT=1 PGHOME_DIR=" + pgHome
                + " require_current_schema_history infill </dev/null").code()).isZero();
    }

    /** A snippet run by bash in the sandbox, with the same environment as {@link #infill}. */
    private Result bash(String script) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).directory(home.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("INFILL_"));
        env.put("PATH", fakes + ":/usr/bin:/bin");
        env.put("INFILL_PG_BINDIR", fakes.toString());
        env.put("INFILL_HOME", home.toString());
        Path out = home.resolve("out.txt");
        Path err = home.resolve("err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("bash -c %s finished", script).isTrue();
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void anUnknownCommandPrintsTheUsageOnStderrAndExitsTwo() throws Exception {
        Result r = infill("bogus");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("unknown command: bogus").contains("Usage: ./infill <command>");
        assertNothingStarted();
    }

    @Test
    void anUnknownOptionOrAMissingValueIsAUsageErrorWithExitTwoForEveryCommand() throws Exception {
        // test passes its options to Maven, so only the others are checked here.
        for (String cmd : List.of("run", "db", "load", "harvest", "generate", "stop")) {
            Result r = infill(cmd, "--bogus");
            assertThat(r.code()).as(cmd).isEqualTo(2);
            assertThat(r.out()).as(cmd).isEmpty();
            assertThat(r.err()).as(cmd).contains("unknown option: --bogus").contains("Usage: ./infill " + cmd);
        }
        Result noValue = infill("load", "parcels", "x.gpkg", "--preset");
        assertThat(noValue.code()).isEqualTo(2);
        assertThat(noValue.err()).contains("option --preset needs a value");
        Result missing = infill("load", "parcels");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("load takes 2 argument(s), got 1");
        assertThat(infill("harvest", "buildings", "https://api.pdok.nl/x").err()).contains("needs --collection");
        assertThat(infill("db", "extra").code()).isEqualTo(2);
        assertNothingStarted();
    }

    @Test
    void harvestWithAnOptionValueOfTheWrongFormIsAUsageErrorWithExitTwoAsLoadAndNothingStarts() throws Exception {
        String url = "https://api.pdok.nl/kadaster/bag/ogc/v2";
        for (List<String> bad : List.of(List.of("--bbox", "1,2,3"), List.of("--bbox=1,2,three,4"),
                List.of("--limit-per-page", "0"), List.of("--limit-per-page", "ten"), List.of("--limit-per-page=100001"),
                List.of("--filter", "no-equals-sign"), List.of("--collection=pand/../x"))) {
            List<String> args = new ArrayList<>(List.of("harvest", "buildings", url, "--collection", "pand"));
            args.addAll(bad);
            Result r = infill(args.toArray(String[]::new));
            assertThat(r.code()).as("%s", bad).isEqualTo(2);
            assertThat(r.out()).as("%s", bad).isEmpty();
            String option = bad.get(0).split("=")[0];
            assertThat(r.err()).as("%s", bad).contains("option " + option + ": '").contains("Usage: ./infill harvest");
        }
        // load treats a bad option the same way: exit 2, usage on stderr.
        assertThat(infill("load", "parcels", "x.gpkg", "--bogus", "1").code()).isEqualTo(2);
        assertNothingStarted();
        // Well-formed values pass the script's check: it goes on to start PostgreSQL (the fakes).
        Result good = infill("harvest", "buildings", url, "--collection", "pand", "--bbox",
                "88300,449600,98100,456500,EPSG:28992", "--limit-per-page", "1000", "--filter", "status=Pand in gebruik");
        assertThat(good.code()).as(good.err()).isNotEqualTo(2);
        assertThat(good.err()).doesNotContain("Usage:");
        assertThat(calledPrograms()).isNotEmpty();
    }

    @Test
    void theServiceIsBuiltOnlyWhenASourceIsNewerThanTheJar() throws Exception {
        Path source = home.resolve("service/src/main/java/App.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class App {}");
        Path jar = home.resolve("service/target/infill-service.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "jar");
        try (var tree = Files.walk(home.resolve("service/src"))) {
            for (Path p : tree.toList()) {
                Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(120)));
            }
        }
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));

        // generate builds (when needed) and runs the generator, and needs no database.
        Result upToDate = infill("generate", "--parcels", "10");
        assertThat(upToDate.code()).as(upToDate.err()).isZero();
        assertThat(upToDate.err()).contains("no source changed");
        assertThat(calledPrograms()).doesNotContain("mvn").contains("java");

        Files.delete(calls);
        Files.writeString(source, "class App { }");
        Result changed = infill("generate", "--parcels", "10");
        assertThat(changed.code()).as(changed.err()).isZero();
        assertThat(changed.err()).contains("building: service/src/main/java/App.java changed");
        assertThat(calledPrograms()).contains("mvn", "java");
    }

    private Result infill(String... args) throws Exception {
        return infill(Map.of(), args);
    }

    private Result infill(Map<String, String> extraEnv, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", home.resolve("infill").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile());
        Map<String, String> env = pb.environment();
        // ./infill test exports the test database's settings; the sandbox must not see them.
        env.keySet().removeIf(k -> k.startsWith("INFILL_"));
        env.put("PATH", fakes + ":/usr/bin:/bin");
        env.put("INFILL_PG_BINDIR", fakes.toString());
        env.putAll(extraEnv);
        Path out = home.resolve("out.txt");
        Path err = home.resolve("err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("./infill %s finished", String.join(" ", args)).isTrue();
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private List<String> calledPrograms() throws IOException {
        if (!Files.exists(calls)) {
            return List.of();
        }
        return Files.readAllLines(calls).stream().map(l -> l.split(" ", 2)[0]).toList();
    }

    private void assertNothingStarted() throws IOException {
        assertThat(calledPrograms()).as("programs the script started").isEmpty();
        assertThat(home.resolve(".infill")).doesNotExist();
    }
}

package nl.infill.tiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The MapLibre style spec's own validator ({@code validateStyleMin} of the npm package
 * {@code @maplibre/maplibre-gl-style-spec}, pinned with a lockfile in {@code src/test/style-spec}),
 * run with node. {@code npm ci --prefer-offline} installs it the first time, from the local npm
 * cache when it holds the package.
 */
final class StyleSpec {

    private static final Path DIR = Path.of("src/test/style-spec");

    private StyleSpec() {
    }

    /** Style file -> the validator's error messages (empty when the style is valid). */
    static Map<String, List<String>> validate(List<String> files) throws IOException, InterruptedException {
        installIfNeeded();
        List<String> command = new ArrayList<>(List.of("node", "validate.mjs"));
        command.addAll(files);
        String out = run(command);
        return JsonMapper.builder().build().readValue(out, new TypeReference<Map<String, List<String>>>() { });
    }

    private static synchronized void installIfNeeded() throws IOException, InterruptedException {
        if (!Files.exists(DIR.resolve("node_modules/@maplibre/maplibre-gl-style-spec/package.json"))) {
            run(List.of("npm", "ci", "--prefer-offline", "--no-audit", "--no-fund"));
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("style-spec", ".log");
        Process p = new ProcessBuilder(command).directory(DIR.toFile()).redirectError(log.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " failed in " + DIR + ": " + out
                    + Files.readString(log));
        }
        return out;
    }
}

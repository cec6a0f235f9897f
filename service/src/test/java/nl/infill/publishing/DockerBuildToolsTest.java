package nl.infill.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import nl.infill.publishing.DockerfileModel.Instruction;
import nl.infill.publishing.DockerfileModel.Stage;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * {@code docker compose up --build} from a clean clone runs {@code mvn package} in the Dockerfile's
 * build stage, so that stage must provide every program a module's build runs (web-map runs node
 * and npm through exec-maven-plugin), and the runtime stage must need nothing from the network
 * once built. Both sides are read from the files themselves: the module POMs (exec, frontend and
 * antrun plugins, and the scripts node runs) and every stage of docker/Dockerfile (base images,
 * {@code COPY --from}, links and packages a {@code RUN} installs). No Docker engine runs here, so
 * this is what CI can check of the build; docker/check adds Compose's own config check and lints.
 */
class DockerBuildToolsTest {

    private static final Path ROOT = DockerFilesTest.root();

    /** Programs that a base image brings, by image name (the tag decides only JDK or JRE). */
    private static final Map<String, Set<String>> IMAGE_TOOLS = Map.of(
            "maven", Set.of("mvn", "java", "javac"),
            "eclipse-temurin", Set.of("java", "javac"),
            "node", Set.of("node", "npm", "npx"));

    /** Debian/Ubuntu packages that provide a program the builds here may run. */
    private static final Map<String, String> PACKAGE_TOOLS = Map.of("nodejs", "node", "npm", "npm", "maven", "mvn");

    /** Programs a build script may start as a child process (node's child_process calls). */
    private static final Pattern SCRIPT_TOOL = Pattern.compile("['\"](npm|npx|yarn|pnpm|git|python3?|docker)(?:\\.cmd)?['\"]");

    private static final Pattern RUNS_MAVEN = Pattern.compile("(^|[;&|(\\s])mvn(\\s|$)");

    /** What a module's build runs and why, e.g. web-map: npm (exec-maven-plugin npm-run-build). */
    record ToolUse(String module, String tool, String why) {
    }

    @Test
    void mavenBuildRunsNodeAndNpmForTheWebMapAndNothingElseOutsideJava() throws Exception {
        List<ToolUse> uses = toolsTheMavenBuildRuns(ROOT);

        assertThat(uses).extracting(ToolUse::module).containsOnly("web-map");
        assertThat(uses).extracting(ToolUse::tool).containsOnly("node", "npm");
        assertThat(uses).anySatisfy(u -> assertThat(u.why()).contains("tools/npm-ci-if-needed.mjs"));
    }

    @Test
    void dockerBuildStageProvidesNodeNpmAndMavenForEveryModuleBuild() throws Exception {
        DockerfileModel dockerfile = DockerfileModel.parse(Files.readString(ROOT.resolve("docker/Dockerfile")));

        List<String> problems = missingBuildTools(dockerfile, toolsTheMavenBuildRuns(ROOT));

        assertThat(problems).isEmpty();
        assertThat(toolsOf(dockerfile, mavenStage(dockerfile))).contains("mvn", "java", "node", "npm");
    }

    @Test
    void aBuildStageWithMavenAloneIsCaught() throws Exception {
        // The Dockerfile as it was before issue 15: Maven's image, which has no Node.js.
        DockerfileModel before = DockerfileModel.parse("""
                FROM maven:3.9.9-eclipse-temurin-17 AS build
                WORKDIR /src
                COPY . .
                RUN mvn -B -q -DskipTests package
                FROM eclipse-temurin:17-jre-jammy
                COPY --from=build /src/service/target/infill-service.jar /app/infill-service.jar
                ENTRYPOINT ["java", "-jar", "/app/infill-service.jar"]
                """);

        assertThat(missingBuildTools(before, toolsTheMavenBuildRuns(ROOT))).containsExactly(
                "stage build runs mvn, but does not provide node (web-map: exec-maven-plugin npm-ci runs node "
                        + "tools/npm-ci-if-needed.mjs; web-map: exec-maven-plugin node-test runs node --test test/)",
                "stage build runs mvn, but does not provide npm (web-map: exec-maven-plugin npm-ci runs node "
                        + "tools/npm-ci-if-needed.mjs, which starts npm; web-map: exec-maven-plugin npm-run-build runs "
                        + "npm run build; web-map: exec-maven-plugin npm-run-lint runs npm run lint)");
    }

    @Test
    void nodeCopiedFromAnImageWithoutTheNpmLinkStillLacksNpm() throws Exception {
        DockerfileModel half = DockerfileModel.parse("""
                FROM node:22.12.0-bookworm-slim AS node
                FROM maven:3.9.9-eclipse-temurin-17 AS build
                COPY --from=node /usr/local/bin/node /usr/local/bin/node
                RUN mvn -B package
                """);

        assertThat(toolsOf(half, mavenStage(half))).contains("node").doesNotContain("npm");
        assertThat(missingBuildTools(half, toolsTheMavenBuildRuns(ROOT))).singleElement()
                .satisfies(p -> assertThat(p).startsWith("stage build runs mvn, but does not provide npm"));
    }

    @Test
    void runtimeStageFetchesNothingAtRunTime() throws IOException {
        DockerfileModel dockerfile = DockerfileModel.parse(Files.readString(ROOT.resolve("docker/Dockerfile")));

        assertThat(networkAtRunTime(dockerfile.finalStage())).isEmpty();
    }

    @Test
    void runtimeInstallsAndRemoteUrlsAreCaught() {
        DockerfileModel bad = DockerfileModel.parse("""
                FROM node:22.12.0-bookworm-slim
                HEALTHCHECK CMD curl -fsS https://status.example.org/ping || exit 1
                CMD ["sh", "-c", "npm install && node server.js"]
                """);

        assertThat(networkAtRunTime(bad.finalStage())).containsExactly(
                "HEALTHCHECK (line 2) reaches https://status.example.org/ping",
                "CMD (line 3) runs npm, which fetches packages");
    }

    // --- the Maven side ---

    static List<ToolUse> toolsTheMavenBuildRuns(Path root) throws Exception {
        Element parent = pom(root.resolve("pom.xml"));
        Map<String, String> rootProperties = properties(parent);
        List<ToolUse> uses = new ArrayList<>();
        for (Element module : children(child(parent, "modules"), "module")) {
            String name = module.getTextContent().trim();
            Path dir = root.resolve(name);
            Element pom = pom(dir.resolve("pom.xml"));
            Map<String, String> props = new HashMap<>(rootProperties);
            props.putAll(properties(pom));
            for (Element plugin : children(child(child(pom, "build"), "plugins"), "plugin")) {
                String artifact = text(plugin, "artifactId");
                for (Element execution : children(child(plugin, "executions"), "execution")) {
                    String id = text(execution, "id");
                    Element config = child(execution, "configuration") != null ? child(execution, "configuration")
                            : child(plugin, "configuration");
                    for (Element goal : children(child(execution, "goals"), "goal")) {
                        uses.addAll(toolsOfGoal(name, dir, artifact, id, goal.getTextContent().trim(), config, props));
                    }
                }
            }
        }
        return uses;
    }

    private static List<ToolUse> toolsOfGoal(String module, Path dir, String artifact, String id, String goal,
                                             Element config, Map<String, String> props) throws IOException {
        List<ToolUse> uses = new ArrayList<>();
        String label = artifact + " " + id;
        switch (artifact) {
            case "exec-maven-plugin" -> {
                if (goal.equals("java")) {
                    uses.add(new ToolUse(module, "java", label + " runs java"));
                    break;
                }
                String exe = resolve(text(config, "executable"), props);
                List<String> args = children(child(config, "arguments"), "argument").stream()
                        .map(a -> resolve(a.getTextContent().trim(), props)).toList();
                String tool = Path.of(exe).getFileName().toString();
                String command = String.join(" ", List.of(tool, String.join(" ", args))).strip();
                uses.add(new ToolUse(module, tool, label + " runs " + command));
                if (tool.equals("node") && !args.isEmpty() && args.get(0).matches(".*\\.[cm]?js")) {
                    Matcher m = SCRIPT_TOOL.matcher(Files.readString(dir.resolve(args.get(0))));
                    Set<String> started = new TreeSet<>();
                    while (m.find()) {
                        started.add(m.group(1));
                    }
                    for (String s : started) {
                        uses.add(new ToolUse(module, s, label + " runs " + command + ", which starts " + s));
                    }
                }
            }
            case "frontend-maven-plugin" -> {
                // install-node-and-npm brings its own node; the other goals are named after the tool.
                if (!goal.startsWith("install-")) {
                    uses.add(new ToolUse(module, goal, label + " runs " + goal));
                }
            }
            case "maven-antrun-plugin" -> {
                NodeList execs = config == null ? null : config.getElementsByTagName("exec");
                for (int i = 0; execs != null && i < execs.getLength(); i++) {
                    String exe = resolve(((Element) execs.item(i)).getAttribute("executable"), props);
                    uses.add(new ToolUse(module, Path.of(exe).getFileName().toString(), label + " runs " + exe));
                }
            }
            default -> {
            }
        }
        return uses;
    }

    // --- the Docker side ---

    /** Problems, one per tool a module needs that the stage running {@code mvn} does not provide. */
    static List<String> missingBuildTools(DockerfileModel dockerfile, List<ToolUse> uses) {
        Stage stage = mavenStage(dockerfile);
        Set<String> provided = toolsOf(dockerfile, stage);
        Map<String, List<String>> needed = new LinkedHashMap<>();
        needed.put("mvn", new ArrayList<>(List.of("the build itself")));
        needed.put("java", new ArrayList<>(List.of("the build itself")));
        for (ToolUse u : uses) {
            needed.computeIfAbsent(u.tool(), t -> new ArrayList<>()).add(u.module() + ": " + u.why());
        }
        List<String> problems = new ArrayList<>();
        needed.forEach((tool, why) -> {
            if (!provided.contains(tool)) {
                problems.add("stage " + stage.label() + " runs mvn, but does not provide " + tool + " ("
                        + String.join("; ", why) + ")");
            }
        });
        return problems;
    }

    static Stage mavenStage(DockerfileModel dockerfile) {
        List<Stage> running = dockerfile.stages().stream()
                .filter(s -> s.all("RUN").stream().anyMatch(r -> RUNS_MAVEN.matcher(r.args()).find())).toList();
        assertThat(running).as("stages that run mvn").hasSize(1);
        return running.get(0);
    }

    /** Programs on the stage's PATH: its base image's, copied binaries, npm-style links, apt packages. */
    static Set<String> toolsOf(DockerfileModel dockerfile, Stage stage) {
        Set<String> tools = new TreeSet<>(imageTools(dockerfile, stage.image()));
        Set<String> packages = new TreeSet<>();
        for (Instruction i : stage.instructions()) {
            if (i.keyword().equals("COPY") && i.args().startsWith("--from=")) {
                String[] words = i.args().split("\\s+");
                Set<String> source = imageTools(dockerfile, words[0].substring("--from=".length()));
                List<String> paths = List.of(words).stream().filter(w -> !w.startsWith("--")).toList();
                String src = paths.get(0);
                String dest = paths.get(paths.size() - 1);
                String srcName = src.substring(src.lastIndexOf('/') + 1);
                if (src.contains("/node_modules/") && source.contains(srcName)) {
                    packages.add(srcName);
                } else if (source.contains(srcName)) {
                    tools.add(dest.endsWith("/") ? srcName : dest.substring(dest.lastIndexOf('/') + 1));
                }
            } else if (i.keyword().equals("RUN")) {
                Matcher link = Pattern.compile("ln -s\\S*\\s+(\\S*node_modules/([^/\\s]+)/\\S+)\\s+(\\S+)").matcher(i.args());
                while (link.find()) {
                    if (packages.contains(link.group(2))) {
                        tools.add(link.group(3).substring(link.group(3).lastIndexOf('/') + 1));
                    }
                }
                Matcher apt = Pattern.compile("apt-get install([^&;|]*)").matcher(i.args());
                while (apt.find()) {
                    for (String word : apt.group(1).trim().split("\\s+")) {
                        if (PACKAGE_TOOLS.containsKey(word)) {
                            tools.add(PACKAGE_TOOLS.get(word));
                        }
                    }
                }
            }
        }
        return tools;
    }

    private static Set<String> imageTools(DockerfileModel dockerfile, String ref) {
        Stage stage = dockerfile.stage(ref);
        if (stage != null) {
            return toolsOf(dockerfile, stage);
        }
        String name = ref.replaceFirst("[:@].*$", "");
        name = name.substring(name.lastIndexOf('/') + 1);
        Set<String> tools = new TreeSet<>(IMAGE_TOOLS.getOrDefault(name, Set.of()));
        if (name.equals("eclipse-temurin") && ref.contains("-jre")) {
            tools.remove("javac");
        }
        return tools;
    }

    /** What the final stage's start, command and health check would fetch from elsewhere. */
    static List<String> networkAtRunTime(Stage stage) {
        List<String> problems = new ArrayList<>();
        for (Instruction i : stage.instructions()) {
            if (!List.of("ENTRYPOINT", "CMD", "HEALTHCHECK").contains(i.keyword())) {
                continue;
            }
            String where = i.keyword() + " (line " + i.line() + ")";
            Matcher url = Pattern.compile("https?://([^/:\\s\"']+)[^\\s\"']*").matcher(i.args());
            while (url.find()) {
                if (!List.of("localhost", "127.0.0.1", "[::1]").contains(url.group(1))) {
                    problems.add(where + " reaches " + url.group());
                }
            }
            Matcher installer = Pattern.compile("(^|[\\s\"\\[,;&|])(npm|npx|yarn|pip3?|mvn|gradle|apt-get|apk|git|wget)[\\s\"]")
                    .matcher(i.args());
            while (installer.find()) {
                problems.add(where + " runs " + installer.group(2) + ", which fetches packages");
            }
        }
        return problems;
    }

    // --- POM reading ---

    private static Element pom(Path file) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        return doc.getDocumentElement();
    }

    private static Map<String, String> properties(Element pom) {
        Map<String, String> props = new HashMap<>();
        Element p = child(pom, "properties");
        if (p != null) {
            for (Node n = p.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e) {
                    props.put(e.getTagName(), e.getTextContent().trim());
                }
            }
        }
        return props;
    }

    private static String resolve(String value, Map<String, String> props) {
        String v = value;
        for (int depth = 0; depth < 10 && v.contains("${"); depth++) {
            Matcher m = Pattern.compile("\\$\\{([^}]+)}").matcher(v);
            v = m.replaceAll(r -> Matcher.quoteReplacement(props.getOrDefault(r.group(1), r.group())));
        }
        return v;
    }

    private static Element child(Element parent, String tag) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> list = new ArrayList<>();
        for (Node n = parent == null ? null : parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                list.add(e);
            }
        }
        return list;
    }

    private static String text(Element parent, String tag) {
        Element e = child(parent, tag);
        return e == null ? "" : e.getTextContent().trim();
    }
}

package nl.infill.publishing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Dockerfile read the way BuildKit reads it, for the static checks of docker/: continuation
 * lines joined, comment lines dropped (also inside a continued instruction), one entry per
 * instruction, grouped into stages by {@code FROM}. Enough for linting and for asking what a
 * stage runs and provides; it does not expand {@code ARG} or heredocs, which Infill's Dockerfiles
 * do not use.
 */
record DockerfileModel(List<Stage> stages) {

    record Instruction(String keyword, String args, int line) {
    }

    /** One {@code FROM} and what follows it; {@code name} is null without {@code AS}. */
    record Stage(int index, String image, String name, List<Instruction> instructions) {

        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        String label() {
            return name != null ? name : "#" + index;
        }
    }

    static DockerfileModel parse(String text) {
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int start = i + 1;
            StringBuilder joined = new StringBuilder();
            while (line.endsWith("\\") && i + 1 < lines.length) {
                joined.append(line, 0, line.length() - 1).append(' ');
                do {
                    line = lines[++i].strip();
                } while (line.startsWith("#") && i + 1 < lines.length);
            }
            joined.append(line);
            String[] parts = joined.toString().strip().split("\\s+", 2);
            String keyword = parts[0].toUpperCase(Locale.ROOT);
            String args = parts.length > 1 ? parts[1].strip() : "";
            if (keyword.equals("FROM")) {
                String[] from = args.split("\\s+");
                String name = from.length >= 3 && from[from.length - 2].equalsIgnoreCase("AS") ? from[from.length - 1] : null;
                String image = from[0].startsWith("--") && from.length > 1 ? from[1] : from[0];
                current = new ArrayList<>();
                stages.add(new Stage(stages.size(), image, name, current));
            }
            if (current != null) {
                current.add(new Instruction(keyword, args, start));
            }
        }
        return new DockerfileModel(List.copyOf(stages));
    }

    Stage finalStage() {
        return stages.get(stages.size() - 1);
    }

    /** The stage called {@code ref} (its name, or its index as {@code COPY --from=0} writes it). */
    Stage stage(String ref) {
        for (Stage s : stages) {
            if (ref.equalsIgnoreCase(s.name()) || ref.equals(String.valueOf(s.index()))) {
                return s;
            }
        }
        return null;
    }
}

package nl.infill;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import nl.infill.layers.Layer;
import nl.infill.system.Owns;

/**
 * Who owns which database object, from the modules' {@link Owns} declarations (the layer tables
 * from {@link Layer}), and the rule that a module's SQL names only its own objects and the ones
 * other modules publish, and writes only its own.
 */
final class TableOwnership {

    /** The module a declared object belongs to, and whether other modules may read it. */
    record Owner(String module, boolean published) {
    }

    private final Map<String, Owner> owners = new TreeMap<>();
    private final List<String> conflicts = new ArrayList<>();

    /** @param modules module name (the package under nl.infill) -> its declaration, if any */
    TableOwnership(Map<String, Optional<Owns>> modules) {
        for (Layer layer : Layer.values()) {
            declare(layer.table(), new Owner("layers", true));
        }
        modules.forEach((module, owns) -> owns.ifPresent(o -> {
            Set<String> published = Set.of(o.published());
            for (String name : o.value()) {
                declare(name, new Owner(module, published.contains(name)));
            }
            for (String name : o.published()) {
                if (!Set.of(o.value()).contains(name)) {
                    conflicts.add(module + " publishes '" + name + "' without owning it");
                }
            }
        }));
    }

    private void declare(String name, Owner owner) {
        Owner before = owners.put(name, owner);
        if (before != null) {
            conflicts.add("'" + name + "' is declared by both " + before.module() + " and " + owner.module());
        }
    }

    /** The owner of a created or named object: by its own name, else by its schema ({@code analysis.*}). */
    Optional<Owner> owner(String name) {
        Owner o = owners.get(name);
        if (o == null && name.contains(".")) {
            o = owners.get(name.substring(0, name.indexOf('.')) + ".*");
        }
        return Optional.ofNullable(o);
    }

    /**
     * Objects the migrations create without exactly one owner, declarations naming nothing the
     * migrations create, and conflicting declarations.
     */
    List<String> problemsWith(Set<String> created) {
        List<String> problems = new ArrayList<>(conflicts);
        for (String name : created) {
            if (owner(name).isEmpty()) {
                problems.add("'" + name + "' is created by a migration but declared by no module (@Owns)");
            }
        }
        for (String name : owners.keySet()) {
            if (!created.contains(name)) {
                problems.add("'" + name + "' is declared (@Owns) but no migration creates it");
            }
        }
        return problems;
    }

    /** What {@code module}'s SQL {@code file} names against the rule, each as a sentence. */
    List<String> violations(String module, String file, String sql) {
        List<String> out = new ArrayList<>();
        for (SqlReferences.Ref ref : SqlReferences.references(sql)) {
            owner(ref.name()).filter(o -> !o.module().equals(module)).ifPresent(o -> {
                if (ref.write()) {
                    out.add(file + " writes " + o.module() + "'s '" + ref.name() + "'");
                } else if (!o.published()) {
                    out.add(file + " reads " + o.module() + "'s '" + ref.name() + "', which " + o.module()
                            + " does not publish: use its public API");
                }
            });
        }
        return out;
    }

    /** What {@code module}'s SQL reads of other modules' published objects, as {@code file -> name}. */
    List<String> publishedReads(String module, String file, String sql) {
        List<String> out = new ArrayList<>();
        for (SqlReferences.Ref ref : SqlReferences.references(sql)) {
            owner(ref.name()).filter(o -> !o.module().equals(module) && o.published() && !ref.write())
                    .ifPresent(o -> out.add(file + " -> " + ref.name()));
        }
        return out;
    }

    /** Everything the migrations in {@code dir} create, in version order of the files. */
    static Set<String> createdBy(Path dir) {
        Set<String> out = new LinkedHashSet<>();
        for (Map.Entry<Path, String> e : read(dir).entrySet()) {
            out.addAll(SqlReferences.created(e.getValue()));
        }
        return out;
    }

    /** Every {@code .sql} file under {@code dir}, by path. */
    static Map<Path, String> read(Path dir) {
        Map<Path, String> files = new LinkedHashMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".sql")).sorted().toList()) {
                files.put(p, Files.readString(p, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}

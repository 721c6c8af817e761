package org.strata.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.Test;
import org.strata.api.StrataException;

/**
 * No dependency cycle among the {@code org.strata.core.*} packages, nor among the API's subsystem packages, read from the compiled classes' constant pools
 * (which name every class a class uses: imports, fully qualified names, field and method types, annotations), so that
 * a package can be understood, tested and later moved to its own bundle without dragging its neighbours along.
 */
public class PackageCyclesTest {

    @Test
    public void corePackagesFormNoCycle() throws Exception {
        Map<String, Map<String, String>> graph = dependencies(
                Path.of(CoreSettings.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI()),
                "org/strata/core");
        // The reader must see the dependencies that exist, or finding no cycle would prove nothing.
        assertTrue(
                graph.toString(),
                graph.getOrDefault("org.strata.core.sync", Map.of()).containsKey("org.strata.core.vm"));
        assertTrue(
                graph.toString(),
                graph.getOrDefault("org.strata.core.vm", Map.of()).containsKey("org.strata.core.tasks"));
        List<String> cycles = describe(cycles(graph), graph);
        assertEquals("package cycles among org.strata.core.*: " + cycles, List.of(), cycles);
    }

    @Test
    public void apiPackagesFormNoCycle() throws Exception {
        Map<String, Map<String, String>> graph = dependencies(
                Path.of(StrataException.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI()),
                "org/strata/api");
        assertTrue(
                graph.toString(),
                graph.getOrDefault("org.strata.api.inventory", Map.of()).containsKey("org.strata.api.vm"));
        List<String> cycles = describe(cycles(graph), graph);
        assertEquals("package cycles among org.strata.api.*: " + cycles, List.of(), cycles);
    }

    @Test
    public void theCheckFindsACycleWhereThereIsOne() {
        Map<String, Map<String, String>> graph = new TreeMap<>();
        graph.put("a", Map.of("b", "a.X -> b.Y"));
        graph.put("b", Map.of("c", "b.Y -> c.Z"));
        graph.put("c", Map.of("a", "c.Z -> a.X"));
        graph.put("d", Map.of("a", "d.W -> a.X"));
        assertEquals(List.of(Set.of("a", "b", "c")), cycles(graph));
        assertEquals(List.of("[a, b, c] (a.X -> b.Y; b.Y -> c.Z; c.Z -> a.X)"), describe(cycles(graph), graph));
    }

    /** For each package, the packages it uses, each with one class that uses one class there (the witness). */
    private static Map<String, Map<String, String>> dependencies(Path location, String prefix) throws IOException {
        if (Files.isRegularFile(location)) { // the module built alone: its neighbour is a jar in the local repository
            try (FileSystem jar = FileSystems.newFileSystem(location)) {
                return dependencies(jar.getPath("/"), prefix);
            }
        }
        Pattern named = Pattern.compile(prefix + "/[A-Za-z0-9_$/]+");
        Path classes = location;
        Map<String, Map<String, String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classes.resolve(prefix))) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String self =
                        classes.relativize(file).toString().replace('\\', '/').replaceAll("\\.class$", "");
                String from = packageOf(self);
                Map<String, String> uses = graph.computeIfAbsent(from, p -> new TreeMap<>());
                for (String constant : utf8Constants(Files.readAllBytes(file))) {
                    Matcher m = named.matcher(constant);
                    while (m.find()) {
                        String to = packageOf(m.group());
                        if (!to.equals(from)) {
                            uses.putIfAbsent(
                                    to,
                                    self.replace('/', '.') + " -> " + m.group().replace('/', '.'));
                        }
                    }
                }
            }
        }
        return graph;
    }

    private static String packageOf(String internalName) {
        return internalName.substring(0, internalName.lastIndexOf('/')).replace('/', '.');
    }

    /** The text constants of a class file (JVMS 4.4): class names and type descriptors are among them. */
    static List<String> utf8Constants(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        int count = in.readUnsignedShort();
        List<String> texts = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> texts.add(in.readUTF());
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++; // a long or double takes two entries
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        return texts;
    }

    /** The strongly connected components of more than one package (Tarjan), each sorted, in a stable order. */
    private static List<Set<String>> cycles(Map<String, Map<String, String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        List<Set<String>> found = new ArrayList<>();
        for (String node : new TreeSet<>(graph.keySet())) {
            if (!index.containsKey(node)) {
                connect(node, graph, index, low, stack, found);
            }
        }
        found.sort((a, b) -> a.toString().compareTo(b.toString()));
        return found;
    }

    private static void connect(
            String node,
            Map<String, Map<String, String>> graph,
            Map<String, Integer> index,
            Map<String, Integer> low,
            Deque<String> stack,
            List<Set<String>> found) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        for (String next : graph.getOrDefault(node, Map.of()).keySet()) {
            if (!index.containsKey(next)) {
                connect(next, graph, index, low, stack, found);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (stack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                component.add(member);
            } while (!member.equals(node));
            if (component.size() > 1) {
                found.add(component);
            }
        }
    }

    /** Each cycle with, for each of its edges, the class that makes it. */
    private static List<String> describe(List<Set<String>> cycles, Map<String, Map<String, String>> graph) {
        List<String> described = new ArrayList<>();
        for (Set<String> cycle : cycles) {
            List<String> witnesses = new ArrayList<>();
            for (String from : cycle) {
                graph.getOrDefault(from, Map.of()).forEach((to, witness) -> {
                    if (cycle.contains(to)) {
                        witnesses.add(witness);
                    }
                });
            }
            described.add(cycle + " (" + String.join("; ", witnesses) + ")");
        }
        return described;
    }
}

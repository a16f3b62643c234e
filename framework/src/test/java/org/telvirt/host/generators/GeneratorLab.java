package org.telvirt.host.generators;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A few generator namespaces and the host profile that sends a test's streams from them to servers
 * on this machine, listening on the first namespace's link address. Closing it removes them all.
 */
public final class GeneratorLab implements AutoCloseable {
    /** Generators here share two CPUs with the server: spinning senders would starve it. */
    private static final String SHARED_CPU_OPTIONS = "[--receive-threads, \"1\", --spin-micros, \"0\"]";

    private final List<GeneratorNamespace> namespaces = new ArrayList<>();
    private final Path directory;

    private GeneratorLab(Path directory) {
        this.directory = directory;
    }

    public static GeneratorLab create(int generators, Path directory) throws IOException, InterruptedException {
        GeneratorLab lab = new GeneratorLab(directory);
        try {
            for (int index = 1; index <= generators; index++) {
                lab.namespaces.add(GeneratorNamespace.create(index, directory.resolve("generator-" + index)));
            }
            return lab;
        } catch (IOException | InterruptedException | RuntimeException failed) {
            lab.close();
            throw failed;
        }
    }

    public List<GeneratorNamespace> namespaces() {
        return List.copyOf(namespaces);
    }

    /**
     * Writes a host profile of {@code driver} whose streams all come from the namespaces;
     * {@code hostKeys} are further top-level keys (cores, scheduler, ...) as YAML lines.
     */
    public Path profile(String name, String driver, List<String> hostKeys) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        StringBuilder yaml = new StringBuilder();
        yaml.append("name: ").append(name).append('\n')
                .append("driver: ").append(driver).append('\n')
                .append("description: generators in network namespaces made by a test\n");
        hostKeys.forEach(line -> yaml.append(line).append('\n'));
        yaml.append("generators:\n")
                .append("  local: false\n")
                .append("  serverAddress: ").append(namespaces.get(0).hostAddress()).append('\n')
                .append("  rtpClientOptions: ").append(SHARED_CPU_OPTIONS).append('\n')
                .append("  hosts:\n");
        namespaces.forEach(namespace -> yaml.append(namespace.profileEntry(java)));
        Path file = directory.resolve(name + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /** Whether any of the lab's namespaces is still on the machine. */
    public boolean anyLeft() throws IOException, InterruptedException {
        for (GeneratorNamespace namespace : namespaces) {
            if (namespace.exists()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        IOException first = null;
        for (GeneratorNamespace namespace : namespaces) {
            try {
                namespace.close();
            } catch (IOException failed) {
                first = first == null ? failed : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}

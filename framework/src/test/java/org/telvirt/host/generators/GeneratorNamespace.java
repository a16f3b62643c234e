package org.telvirt.host.generators;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.telvirt.host.xen.SshdConfig;

/**
 * A generator "host" made for a test: a network namespace joined to this machine by a veth pair
 * in a private /30 ({@code 10.213.<index>.0/30}: this machine .1, the namespace .2), running its
 * own OpenSSH server with a host key and an authorized client key made in {@code directory}.
 * Traffic stays between this machine and the namespace. Closing it kills every process in the
 * namespace and deletes the namespace, which takes the veth pair with it.
 */
public final class GeneratorNamespace implements AutoCloseable {
    public static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static final Path SSH_KEYGEN = Path.of("/usr/bin/ssh-keygen");
    private static final int SSH_PORT = 22;

    private final String name;
    private final int index;
    private final Path directory;
    private Process sshd;

    private GeneratorNamespace(String name, int index, Path directory) {
        this.name = name;
        this.index = index;
        this.directory = directory;
    }

    /** Whether this machine can make them: root, {@code ip}, and Debian's OpenSSH server. */
    public static boolean available() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(SSHD)
                && Files.isExecutable(SSH_KEYGEN) && Stream.of("/usr/sbin/ip", "/usr/bin/ip", "/sbin/ip", "/bin/ip")
                .map(Path::of).anyMatch(Files::isExecutable);
    }

    /** Makes namespace {@code index} (1..250) with its sshd listening on its own address. */
    public static GeneratorNamespace create(int index, Path directory) throws IOException, InterruptedException {
        GeneratorNamespace namespace = new GeneratorNamespace("telvirt-gen" + index, index, directory);
        try {
            namespace.removeLeftovers();
            namespace.link();
            namespace.startSshd();
            return namespace;
        } catch (IOException | InterruptedException | RuntimeException failed) {
            namespace.close();
            throw failed;
        }
    }

    public String name() {
        return name;
    }

    /** This machine's end of the link, where the servers listen for this generator. */
    public String hostAddress() {
        return "10.213." + index + ".1";
    }

    public String address() {
        return "10.213." + index + ".2";
    }

    /** The generator's entry of a host profile's {@code generators.hosts}, in YAML. */
    public String profileEntry(String java) {
        return String.join("\n",
                "    - name: " + name,
                "      java: " + java,
                "      directory: " + directory.resolve("remote"),
                "      ssh:",
                "        host: " + address(),
                "        port: " + SSH_PORT,
                "        user: root",
                "        identityFile: " + directory.resolve("client_ed25519"),
                "        knownHostsFile: " + directory.resolve("known_hosts"),
                "");
    }

    /** Kills every process in the namespace at once, as a generator host that dies or drops off the network. */
    public void killEverything() throws IOException, InterruptedException {
        for (String pid : pids()) {
            run("kill", "-9", pid);
        }
    }

    /** The command lines of the processes running in the namespace. */
    public List<String> commandLines() throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>();
        for (String pid : pids()) {
            Path cmdline = Path.of("/proc", pid, "cmdline");
            if (Files.exists(cmdline)) {
                lines.add(Files.readString(cmdline, StandardCharsets.UTF_8).replace('\0', ' '));
            }
        }
        return lines;
    }

    /** Whether a namespace of this name exists on the machine. */
    public boolean exists() throws IOException, InterruptedException {
        return run("ip", "netns", "list").lines().anyMatch(line -> line.split("\\s+")[0].equals(name));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (sshd != null) {
            sshd.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        removeLeftovers();
    }

    private void removeLeftovers() throws IOException, InterruptedException {
        if (exists()) {
            killEverything();
            run("ip", "netns", "delete", name);
        }
    }

    private void link() throws IOException, InterruptedException {
        String hostEnd = "tvgen" + index + "h";
        String namespaceEnd = "tvgen" + index + "n";
        run("ip", "netns", "add", name);
        run("ip", "link", "add", hostEnd, "type", "veth", "peer", "name", namespaceEnd, "netns", name);
        run("ip", "addr", "add", hostAddress() + "/30", "dev", hostEnd);
        run("ip", "link", "set", hostEnd, "up");
        inNamespace("ip", "link", "set", "lo", "up");
        inNamespace("ip", "addr", "add", address() + "/30", "dev", namespaceEnd);
        inNamespace("ip", "link", "set", namespaceEnd, "up");
        // the servers may listen on another namespace's link address: reach this machine through the own link
        inNamespace("ip", "route", "add", "10.213.0.0/16", "via", hostAddress());
    }

    private void startSshd() throws IOException, InterruptedException {
        Files.createDirectories(directory);
        keygen(directory.resolve("host_ed25519"));
        keygen(directory.resolve("client_ed25519"));
        Files.copy(directory.resolve("client_ed25519.pub"), directory.resolve("authorized_keys"));
        String[] hostKey = Files.readString(directory.resolve("host_ed25519.pub")).trim().split("\\s+");
        Files.writeString(directory.resolve("known_hosts"), address() + " " + hostKey[0] + " " + hostKey[1] + "\n");
        Files.createDirectories(Path.of("/run/sshd"));
        Path config = directory.resolve("sshd_config");
        Files.writeString(config, SshdConfig.of(address(), SSH_PORT, directory, "root"));
        sshd = new ProcessBuilder("ip", "netns", "exec", name, SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(directory.resolve("sshd.log").toFile()).start();
        awaitListening();
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!sshd.isAlive()) {
                throw new IOException("sshd in " + name + " exited with " + sshd.exitValue() + ": "
                        + Files.readString(directory.resolve("sshd.log")));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(address(), SSH_PORT), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IOException("sshd in " + name + " did not listen on " + address() + ":" + SSH_PORT + " within 10 s");
    }

    private List<String> pids() throws IOException, InterruptedException {
        return run("ip", "netns", "pids", name).lines().filter(line -> !line.isBlank()).toList();
    }

    private void inNamespace(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(command));
        run(full.toArray(String[]::new));
    }

    private static void keygen(Path key) throws IOException, InterruptedException {
        run(SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-C", "telvirt-generator-test", "-f", key.toString());
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }
}

package org.telvirt.host.xen;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.telvirt.Configuration;
import org.telvirt.Role;
import org.telvirt.Workload;
import org.telvirt.host.HostProfile;
import org.telvirt.knob.Tuning;
import org.telvirt.ssh.ExecResult;
import org.telvirt.ssh.RemoteShell;
import org.telvirt.ssh.SshTarget;

/**
 * A Xen host made of files, driven by the test resources {@code fake-xl} and {@code fake-ethtool} (their header
 * says what they fake): four CPUs in a credit Pool-0, Dom0 and the four guests with weights, caps and hard
 * affinities that are not all defaults, and Dom0's eth0 coalescing. Reached either through {@link #localShell()}
 * (the same scripts, no SSH) or through the loopback sshd, whose sessions get {@link #sshdConfig()}.
 */
final class FakeXen {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path state;
    private final Path bin;
    private final Path journal;

    private FakeXen(Path state, Path bin, Path journal) {
        this.state = state;
        this.bin = bin;
        this.journal = journal;
    }

    /** A configuration touching every kind of step the driver runs: 8 of them, the first three a cpupool chain. */
    static final Configuration TUNED = Configuration.single("tuned", Tuning.builder().cores(2).weight(Role.DOM0, 8192)
            .weight(Role.MEDIA, 8192).fairShareCap(Role.CPU1).pin(Role.MEDIA, "1").coalesce(40, 3).build(),
            new Workload(10, 5, 1, 10, 2, 0, 60, 2));

    /** The commands {@link #TUNED} runs, in order, as the fake logs them. */
    static final List<String> TUNED_CHANGES = List.of(
            "xl cpupool-cpu-remove Pool-0 2",
            "xl cpupool-cpu-remove Pool-0 3",
            "xl cpupool-create name=\"telvirt-parked\" sched=\"credit\" cpus=[\"2\",\"3\"]",
            "xl sched-credit -d Domain-0 -w 8192 -c 0",
            "xl sched-credit -d media -w 8192 -c 0",
            "xl sched-credit -d cpu1 -w 256 -c 3",
            "xl vcpu-pin media all 1",
            "ethtool -C eth0 rx-usecs 40 rx-frames 3");

    /** A profile for this host reached as {@code ssh} says (the SSH session is made by the test). */
    static HostProfile profile(SshTarget ssh) {
        return new HostProfile("lab-host", "xen", null, 4, null, null, null, "credit",
                Map.of("dom0", "Domain-0", "media", "media", "signaling", "signaling", "cpu1", "cpu1", "cpu2", "cpu2"),
                ssh, null, Map.of("mediaServer", "127.0.0.1:40000"));
    }

    /**
     * The image under test: a run that makes its media domain and its CPU-bound domain from templates (the latter
     * paused, its load unpaused), weights the new media domain, and destroys both after.
     */
    static final Configuration IMAGE_RUN = Configuration.single("image", Tuning.builder().weight(Role.MEDIA, 8192).build(),
            new Workload(10, 5, 1, 10, 2, 0, 60, 1));

    static final String IMAGE = "/srv/images/media-2.4.1.img";

    /** The changes {@link #IMAGE_RUN} makes, in order, with its configurations written to {@code configs}. */
    static List<String> imageRunChanges(Path configs) {
        return List.of("xl create " + configs.resolve("media-img.cfg"), "xl create -p " + configs.resolve("cpu1-img.cfg"),
                "xl sched-credit -d media-img -w 8192 -c 0", "xl unpause cpu1-img");
    }

    /**
     * A profile whose media and cpu1 roles are made by the run: domains {@code media-img} and {@code cpu1-img}, their
     * configurations written to {@code configs} (on the fake Dom0, this machine), the media endpoint on loopback.
     */
    static HostProfile imageProfile(SshTarget ssh, Path configs, int mediaPort) {
        Map<String, String> settings = new TreeMap<>();
        settings.put("mediaServer", "127.0.0.1:" + mediaPort);
        settings.put("cpuBoundLoad", "unpause");
        settings.put("domainReadySeconds", "2");
        settings.put("domainConfigDirectory", configs.toString());
        settings.put("domainConfig.media", "name = \"${domain}\"\nvcpus = 2\ndisk = [ \"target=${image}\" ]\n");
        settings.put("domainConfig.cpu1", "name = \"${domain}\"\nvcpus = 1\n");
        return new HostProfile("lab-host", "xen", null, 4, null, null, null, "credit",
                Map.of("dom0", "Domain-0", "media", "media-img", "signaling", "signaling", "cpu1", "cpu1-img", "cpu2", "cpu2"),
                ssh, null, settings);
    }

    /** The domains {@link #imageProfile} makes, filled in with {@link #IMAGE}. */
    static List<XenDomainTemplates.DomainConfig> imageDomains(HostProfile profile) {
        return XenDomainTemplates.render(profile, Path.of(""), IMAGE, "2.4.1");
    }

    /** A fresh host in {@code directory}; {@code journal} is the local journal file the fake copies at each change. */
    static FakeXen create(Path directory, Path journal) throws IOException {
        Path state = Files.createDirectories(directory.resolve("xen"));
        Path bin = Files.createDirectories(directory.resolve("bin"));
        install("fake-xl", bin.resolve("xl"));
        install("fake-ethtool", bin.resolve("ethtool"));
        Path host = state.resolve("host");
        Files.createDirectories(host.resolve("domain"));
        Files.createDirectories(host.resolve("affinity"));
        Files.createDirectories(host.resolve("pool"));
        Files.createDirectories(host.resolve("nic"));
        Files.writeString(host.resolve("nr_cpus"), "4\n");
        Files.writeString(host.resolve("pool/Pool-0"), "credit\n0,1,2,3\n");
        domain(host, "Domain-0", 0, 256, 0, "all", "all");
        domain(host, "media", 1, 512, 0, "0-1", "all");
        domain(host, "signaling", 2, 256, 0, "all");
        domain(host, "cpu1", 3, 256, 30, "2");
        domain(host, "cpu2", 4, 128, 0, "3");
        Files.writeString(host.resolve("nic/eth0"), "0 1\n");
        return new FakeXen(state, bin, journal);
    }

    private static void domain(Path host, String name, int id, int weight, int cap, String... hardAffinity)
            throws IOException {
        Files.writeString(host.resolve("domain/" + name), id + " " + hardAffinity.length + " Pool-0 " + weight + " " + cap
                + "\n");
        Files.writeString(host.resolve("affinity/" + name), String.join("\n", hardAffinity) + "\n");
    }

    private static void install(String resource, Path target) throws IOException {
        try (InputStream in = FakeXen.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("test resource " + resource + " is missing");
            }
            Files.copy(in, target);
        }
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
    }

    /** The environment the scripts need: {@code xl} and {@code ethtool} found first, the host, the journal. */
    Map<String, String> environment() {
        return Map.of("PATH", bin + ":/usr/bin:/bin", "FAKE_XEN", state.toString(), "FAKE_XEN_JOURNAL", journal.toString());
    }

    /**
     * sshd_config lines giving every session of the loopback sshd this host. {@code SHLVL=1} makes the login shell
     * (bash) skip {@code ~/.bashrc}, which sshd sessions otherwise source and which costs up to a second per command
     * on a developer's machine: a run is about seventy commands.
     */
    List<String> sshdConfig() {
        Map<String, String> session = new TreeMap<>(environment());
        session.put("SHLVL", "1");
        return List.of("SetEnv " + session.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" ")));
    }

    /** Dom0 without SSH: each command through {@code sh -c} here, with the fake first on the path. */
    RemoteShell localShell() {
        return command -> {
            try {
                ProcessBuilder builder = new ProcessBuilder("sh", "-c", command);
                builder.environment().putAll(environment());
                Process process = builder.start();
                process.getOutputStream().close();
                byte[] stdout = process.getInputStream().readAllBytes();
                byte[] stderr = process.getErrorStream().readAllBytes();
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("fake Dom0 command did not end: " + command);
                }
                return new ExecResult(command, process.exitValue(), new String(stdout, StandardCharsets.UTF_8),
                        new String(stderr, StandardCharsets.UTF_8), Duration.ZERO);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        };
    }

    /** Every file of the host and its content: equal before and after a run when the run restored it all. */
    /** From now on {@code domain} spends {@code cores} CPU seconds per second of the clock in {@code xl list}. */
    void busy(String domain, double cores) throws IOException {
        Files.writeString(Files.createDirectories(state.resolve("cpu-rate")).resolve(domain), Double.toString(cores));
    }

    Map<String, String> snapshot() {
        Path host = state.resolve("host");
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(host)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(host.relativize(file).toString(), Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** Each change the host saw, oldest first, as {@code xl ARGS} or {@code ethtool ARGS} without quotes. */
    List<String> changes() throws IOException {
        Path log = state.resolve("log");
        if (!Files.exists(log)) {
            return List.of();
        }
        return Files.readAllLines(log).stream().map(line -> line.substring(line.indexOf(' ') + 1)).toList();
    }

    /** The local journal's steps as they were on disk when the host saw change {@code n} (1-based). */
    List<XenStep> journalAtChange(int n) throws IOException {
        List<XenStep> steps = new ArrayList<>();
        for (String line : Files.readAllLines(state.resolve("journal-at-" + n))) {
            steps.add(JSON.readValue(line, XenStep.class));
        }
        return steps;
    }

    /** Makes the next {@code xl SUBCOMMAND} change the host and then not answer until {@link #answer()}. */
    void hangAfter(String subcommand) throws IOException {
        Files.writeString(state.resolve("hang-after"), subcommand);
    }

    /** Waits until a command hangs as {@link #hangAfter} asked. */
    void awaitHanging(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(state.resolve("hanging"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no fake xl command hung within " + timeout);
            }
            Thread.sleep(20);
        }
    }

    /** Lets a hanging command end. */
    void answer() throws IOException {
        Files.deleteIfExists(state.resolve("hanging"));
    }

    /** A command line as the fake logs it: {@link org.telvirt.ssh.Shell}'s quotes taken off. */
    static String unquoted(String command) {
        return command.replace("'", "");
    }
}

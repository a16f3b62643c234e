package org.telvirt.qemuxen;

import org.telvirt.HostException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The lab's Dom0 disk image with Xen, its kernel and the DomU initramfs: built once into the cache
 * (outside the repository) under the hash of its recipe, and reused while the recipe is unchanged.
 *
 * @param directory    {@code <cache>/<image key>/}
 * @param rootfsBuild  how long debootstrap took when this image's root file system was built
 * @param imageBuild   how long the Dom0 configuration and packing took
 * @param reused       whether this run found the image already built
 */
public record QemuXenImage(Path directory, Duration rootfsBuild, Duration imageBuild, boolean reused) {

    private static final List<String> TOOLS = List.of("debootstrap", "mkfs.ext4", "ssh-keygen", "gcc", "cpio", "file",
            "/bin/busybox", "/usr/sbin/dropbear", "dropbearkey", "ldd", "zcat", "chroot");
    private static final String COMPLETE = "COMPLETE";
    private static final long ROOTFS_TIMEOUT_SECONDS = 1800;
    private static final long IMAGE_TIMEOUT_SECONDS = 900;

    public Path disk() {
        return directory.resolve("disk.img");
    }

    public Path xen() {
        return directory.resolve("xen.bin");
    }

    public Path kernel() {
        return directory.resolve("vmlinuz");
    }

    public Path initrd() {
        return directory.resolve("initrd.img");
    }

    public Path clientKey() {
        return directory.resolve("lab_key");
    }

    public Path hostPublicKey() {
        return directory.resolve("host_ed25519.pub");
    }

    /** The one host key of every guest's SSH server (they boot one initramfs). */
    public Path guestHostPublicKey() {
        return directory.resolve("guest_host_ed25519.pub");
    }

    /** The static program a guest of this kind runs, copied into it over SSH. */
    public Path workload(QemuGuest.Kind kind) {
        return directory.resolve(kind.program());
    }

    /** Where Dom0 keeps the release gate's media images ({@code <name>.gz}) and the echo that times their work. */
    public static final String MEDIA_IMAGE_DIRECTORY = "/root/images";

    /** A media image's path on Dom0: what {@code -Dtelvirt.image} names for xen-lab-image.yaml's template. */
    public static String mediaImageOnDom0(String name) {
        return MEDIA_IMAGE_DIRECTORY + "/" + name + ".gz";
    }

    /** The media images the recipe built, each with its echo's per-packet work in rounds (build-image.sh). */
    public Map<String, Long> mediaImages() {
        Properties images = new Properties();
        try (var in = Files.newInputStream(directory.resolve("media-images.properties"))) {
            images.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Long> work = new TreeMap<>();
        images.stringPropertyNames().forEach(name -> work.put(name, Long.parseLong(images.getProperty(name).strip())));
        return work;
    }

    /** The Dom0 kernel's version; DomU guests boot the same kernel from Dom0's /boot. */
    public String kernelVersion() {
        try {
            return Files.readString(directory.resolve("kernel-version")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Returns the image for the recipe, building what is missing. Holds a lock in the cache while it
     * works, so two runs never build at once. Also points {@code <cache>/current} at the image.
     */
    public static QemuXenImage ensure(Path cache, QemuXenRecipe recipe, Consumer<String> progress) {
        try {
            Files.createDirectories(cache);
            try (FileChannel lockFile = FileChannel.open(cache.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lockFile.lock()) {
                QemuXenImage image = ensureLocked(cache, recipe, progress);
                Path current = cache.resolve("current");
                Files.deleteIfExists(current);
                Files.createSymbolicLink(current, image.directory.getFileName());
                return image;
            }
        } catch (IOException e) {
            throw new HostException("cannot prepare the xen-lab cache in " + cache + ": " + e.getMessage(), e);
        }
    }

    private static QemuXenImage ensureLocked(Path cache, QemuXenRecipe recipe, Consumer<String> progress) throws IOException {
        Path directory = cache.resolve(recipe.imageKey());
        Path complete = directory.resolve(COMPLETE);
        if (Files.isRegularFile(complete)) {
            Properties timings = new Properties();
            try (var in = Files.newInputStream(complete)) {
                timings.load(in);
            }
            progress.accept("xen-lab image " + directory + " reused (built in " + timings.getProperty("rootfsSeconds")
                    + " s + " + timings.getProperty("imageSeconds") + " s)");
            return new QemuXenImage(directory, seconds(timings, "rootfsSeconds"), seconds(timings, "imageSeconds"), true);
        }
        List<String> missing = QemuXenCommands.missing(TOOLS);
        if (!missing.isEmpty()) {
            throw new HostException("building the xen-lab image needs " + missing + " on this machine: "
                    + QemuXen.INSTALL_HINT);
        }
        Path recipeDirectory = directory.resolve("recipe");
        recipe.writeTo(recipeDirectory);
        Path log = directory.resolve("build.log");

        Path rootfsHome = cache.resolve("rootfs-" + recipe.rootfsKey());
        Path rootfs = rootfsHome.resolve("rootfs");
        Duration rootfsBuild = Duration.ZERO;
        if (!Files.isDirectory(rootfs.resolve("usr"))) {
            progress.accept("xen-lab: building the Dom0 root file system with debootstrap (minutes); log " + log);
            long started = System.nanoTime();
            Files.createDirectories(rootfsHome);
            QemuXenCommands.run(QemuXenCommands.nice(List.of("bash", recipeDirectory.resolve(QemuXenRecipe.ROOTFS_SCRIPT).toString(),
                    rootfs.toString())), log, ROOTFS_TIMEOUT_SECONDS);
            rootfsBuild = Duration.ofNanos(System.nanoTime() - started);
            progress.accept("xen-lab: root file system built in " + rootfsBuild.toSeconds() + " s");
        }
        progress.accept("xen-lab: configuring Dom0 and packing the disk image; log " + log);
        long started = System.nanoTime();
        QemuXenCommands.run(QemuXenCommands.nice(List.of("bash", recipeDirectory.resolve(QemuXenRecipe.IMAGE_SCRIPT).toString(),
                rootfs.toString(), directory.toString())), log, IMAGE_TIMEOUT_SECONDS);
        Duration imageBuild = Duration.ofNanos(System.nanoTime() - started);
        progress.accept("xen-lab: image built in " + imageBuild.toSeconds() + " s: " + directory);

        Properties timings = new Properties();
        timings.setProperty("rootfsSeconds", Long.toString(rootfsBuild.toSeconds()));
        timings.setProperty("imageSeconds", Long.toString(imageBuild.toSeconds()));
        Path partial = directory.resolve(COMPLETE + ".partial");
        try (var out = Files.newOutputStream(partial)) {
            timings.store(out, "xen-lab image build; rootfsSeconds 0 = root file system reused");
        }
        Files.move(partial, complete, StandardCopyOption.ATOMIC_MOVE);
        return new QemuXenImage(directory, rootfsBuild, imageBuild, false);
    }

    private static Duration seconds(Properties timings, String key) {
        return Duration.ofSeconds(Long.parseLong(timings.getProperty(key, "0")));
    }
}

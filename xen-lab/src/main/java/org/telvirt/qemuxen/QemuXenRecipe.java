package org.telvirt.qemuxen;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The files that build the lab's image, packaged as resources beside this class, and the hashes
 * that key the cache: the slow Debian root file system by its own script alone, the finished image
 * by every file of the recipe.
 */
public final class QemuXenRecipe {

    static final String ROOTFS_SCRIPT = "build-rootfs.sh";
    static final String IMAGE_SCRIPT = "build-image.sh";
    static final List<String> FILES = List.of(ROOTFS_SCRIPT, IMAGE_SCRIPT, "domu-init.sh", "udp-echo.c", "sip-server.c",
            "cpu-burn.c");

    private final Map<String, byte[]> files;

    private QemuXenRecipe(Map<String, byte[]> files) {
        this.files = files;
    }

    public static QemuXenRecipe load() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : FILES) {
            try (InputStream in = QemuXenRecipe.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("lab recipe file " + name + " is missing from the class path");
                }
                files.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new QemuXenRecipe(files);
    }

    /** Keys the cached root file system: only the debootstrap script changes it. */
    public String rootfsKey() {
        return hash(List.of(ROOTFS_SCRIPT));
    }

    /** Keys the finished image: any file of the recipe changes it. */
    public String imageKey() {
        return hash(FILES);
    }

    /** Writes the recipe's files into {@code directory}, scripts executable. */
    void writeTo(Path directory) throws IOException {
        Files.createDirectories(directory);
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path target = directory.resolve(file.getKey());
            Files.write(target, file.getValue());
            if (file.getKey().endsWith(".sh")) {
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    private String hash(List<String> names) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (String name : names) {
            sha256.update(name.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(files.get(name));
            sha256.update((byte) 0);
        }
        return HexFormat.of().formatHex(sha256.digest()).substring(0, 16);
    }
}

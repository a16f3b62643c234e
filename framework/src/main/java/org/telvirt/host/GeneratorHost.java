package org.telvirt.host;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.telvirt.ssh.SshSettings;
import org.telvirt.ssh.SshTarget;

/**
 * One remote RTP load generator: a machine reached over SSH (the same settings as a Xen host's
 * {@code ssh:}) that runs {@code rtp-client} from the workloads jar, copied there when it is
 * missing or differs (SHA-256).
 *
 * @param name names the generator in results and messages
 * @param ssh how to reach it
 * @param java the Java 17+ launcher there (default {@code java} on its PATH)
 * @param directory where the jar and each run's files go there (default {@value #DEFAULT_DIRECTORY})
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record GeneratorHost(String name, SshTarget ssh, String java, String directory) {
    public static final String DEFAULT_DIRECTORY = "/var/tmp/telvirt-generator";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern REMOTE_PATH = Pattern.compile("/[A-Za-z0-9_./+-]{0,4095}");

    public String javaOrDefault() {
        return java == null || java.isBlank() ? "java" : java;
    }

    public String directoryOrDefault() {
        return directory == null || directory.isBlank() ? DEFAULT_DIRECTORY : directory;
    }

    /** {@code name (user@host:port)}, for messages. */
    public String describe() {
        return name + " (" + ssh + ")";
    }

    List<String> problems(String source) {
        List<String> problems = new ArrayList<>();
        String where = source + ": generator '" + name + "'";
        if (name == null || !NAME.matcher(name).matches()) {
            problems.add(source + ": a generator's 'name' \"" + name + "\" must be letters, digits, '_', '.' or '-'"
                    + " (it names the generator's result directory)");
        }
        if (ssh == null) {
            problems.add(where + ": 'ssh' is missing");
        } else {
            try {
                SshSettings.from(ssh);
            } catch (IllegalArgumentException | NullPointerException unusable) {
                problems.add(where + ": " + unusable.getMessage());
            }
        }
        if (java != null && !java.equals("java") && !REMOTE_PATH.matcher(java).matches()) {
            problems.add(where + ": 'java' must be 'java' or an absolute path, got \"" + java + "\"");
        }
        if (directory != null && (!REMOTE_PATH.matcher(directory).matches() || directory.contains(".."))) {
            problems.add(where + ": 'directory' must be an absolute path without '..', got \"" + directory + "\"");
        }
        return problems;
    }
}

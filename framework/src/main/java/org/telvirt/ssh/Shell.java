package org.telvirt.ssh;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Builds POSIX shell command lines from arguments and validates the values that name things on a
 * remote host. Every argument is single-quoted, so no value can reach the shell as syntax; the
 * validators additionally refuse values that the remote tool itself would misread (a domain named
 * {@code -w} would be taken by {@code xl} for an option).
 */
public final class Shell {

    /** Xen domain and cpupool names as this project allows them: no leading dash, no whitespace. */
    private static final Pattern DOMAIN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    /** Linux interface names: at most 15 bytes (IFNAMSIZ - 1). */
    private static final Pattern INTERFACE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}");
    /** {@code all}, or comma-separated CPU numbers and ranges such as {@code 0-1,3}. */
    private static final Pattern CPU_LIST = Pattern.compile("all|\\d{1,4}(-\\d{1,4})?(,\\d{1,4}(-\\d{1,4})?)*");
    /** A PCI function in {@code [domain:]bus:device.function} form, as {@code xl pci-*} takes it. */
    private static final Pattern PCI_ADDRESS = Pattern.compile("([0-9a-fA-F]{4}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-7]");
    /** An absolute remote path without shell-special or control characters. */
    private static final Pattern REMOTE_PATH = Pattern.compile("/[A-Za-z0-9_./+-]{0,4095}");

    private Shell() {
    }

    /** Quotes one argument for a POSIX shell: {@code it's} becomes {@code 'it'\''s'}. */
    public static String quote(String argument) {
        Objects.requireNonNull(argument, "argument");
        return "'" + argument.replace("'", "'\\''") + "'";
    }

    /** Joins arguments into one command line, each one quoted. */
    public static String command(String... arguments) {
        return command(List.of(arguments));
    }

    /** Joins arguments into one command line, each one quoted. */
    public static String command(List<String> arguments) {
        if (arguments.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least one argument");
        }
        return arguments.stream().map(Shell::quote).collect(Collectors.joining(" "));
    }

    public static String domainName(String value) {
        return require(value, DOMAIN_NAME, "Xen domain name", "letters, digits, '_', '.', '-', not starting with '-', at most 64");
    }

    public static String cpupoolName(String value) {
        return require(value, DOMAIN_NAME, "cpupool name", "letters, digits, '_', '.', '-', not starting with '-', at most 64");
    }

    public static String interfaceName(String value) {
        return require(value, INTERFACE_NAME, "network interface name", "letters, digits, '_', '.', '-', not starting with '-', at most 15");
    }

    public static String cpuList(String value) {
        return require(value, CPU_LIST, "CPU list", "'all' or numbers and ranges such as 0-1,3");
    }

    public static String pciAddress(String value) {
        return require(value, PCI_ADDRESS, "PCI address", "[dddd:]bb:dd.f in hex, such as 0000:00:1f.2");
    }

    public static String remotePath(String value) {
        if (value != null && (value.contains("/../") || value.endsWith("/..") || value.contains("//"))) {
            throw new IllegalArgumentException("remote path " + describe(value) + " must not contain '..' or '//'");
        }
        return require(value, REMOTE_PATH, "remote path", "absolute, letters, digits and _ . / + - only");
    }

    private static String require(String value, Pattern pattern, String what, String rule) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " " + describe(value) + " is not allowed (" + rule + ")");
        }
        return value;
    }

    /** Shows a rejected value with control characters made visible, so a newline is seen as such. */
    private static String describe(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder shown = new StringBuilder("\"");
        value.codePoints().limit(80).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                shown.append(String.format("\\x%02x", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return shown.append(value.length() > 80 ? "...\"" : "\"").toString();
    }
}

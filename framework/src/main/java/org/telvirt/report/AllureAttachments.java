package org.telvirt.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import io.qameta.allure.Allure;

/**
 * Puts files and parameters on the Allure result of the test running on this thread (call it from
 * the test or from an extension's before/after-each callbacks, where allure-junit-platform keeps
 * the test open). Outside a running test nothing is attached, and the methods say so by returning
 * {@code false} instead of leaving a stray attachment file behind.
 */
public final class AllureAttachments {
    private static final Map<String, String> MEDIA_TYPES = Map.of(
            "png", "image/png",
            "svg", "image/svg+xml",
            "csv", "text/csv",
            "json", "application/json",
            "hlog", "text/plain",
            "md", "text/plain",
            "txt", "text/plain",
            "log", "text/plain",
            "yaml", "text/plain",
            "html", "text/html");

    private AllureAttachments() {
    }

    public static boolean testIsRunning() {
        return Allure.getLifecycle().getCurrentTestCaseOrStep().isPresent();
    }

    /** The media type Allure shows a file as, from its extension; unknown ones download as bytes. */
    public static String mediaType(Path file) {
        return MEDIA_TYPES.getOrDefault(extension(file), "application/octet-stream");
    }

    /** Attaches a file under its own name: PNG, SVG, CSV, JSON, .hlog, Markdown, text, YAML, HTML. */
    public static boolean attachFile(Path file) throws IOException {
        return attachFile(file.getFileName().toString(), file);
    }

    public static boolean attachFile(String name, Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("cannot attach '" + name + "': no file at " + file.toAbsolutePath());
        }
        return attach(name, mediaType(file), extension(file), Files.readAllBytes(file));
    }

    public static boolean attach(String name, String mediaType, String fileExtension, byte[] content) {
        if (!testIsRunning()) {
            return false;
        }
        Allure.getLifecycle().addAttachment(name, mediaType, fileExtension, content);
        return true;
    }

    /** Lists a value under the test's parameters (configuration id, each knob, the host, ...). */
    public static boolean parameter(String name, Object value) {
        if (!testIsRunning()) {
            return false;
        }
        Allure.parameter(name, String.valueOf(value));
        return true;
    }

    /** Every entry as a parameter, in the map's iteration order. */
    public static boolean parameters(Map<String, ?> parameters) {
        if (!testIsRunning()) {
            return false;
        }
        parameters.forEach(AllureAttachments::parameter);
        return true;
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}

package org.telvirt.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.telvirt.workloads.io.AtomicFiles;

/**
 * The files beside the test results that make an Allure report say where and how it ran: the categories that sort
 * failures by what the reader must fix (one per message prefix telvirt writes), the executor (the CI job, for the
 * trend's order and a link back), and the environment (host, kernel, Xen, JDK), which grows as runs learn it.
 */
public final class AllureResultsFiles {
    /** Where allure-junit-platform writes results; the build sets it to the top-level {@code allure-results/}. */
    public static final String DIRECTORY_PROPERTY = "allure.results.directory";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Map<String, String> ENVIRONMENT = new TreeMap<>();

    private AllureResultsFiles() {
    }

    public static Path directory() {
        return Path.of(System.getProperty(DIRECTORY_PROPERTY, "allure-results"));
    }

    /** One category per kind of failure, by name, matched on the message prefix every failure of it starts with. */
    public static void writeCategories(Path directory, Map<String, String> prefixByName) {
        write(directory.resolve("categories.json"), prefixByName.entrySet().stream()
                .map(kind -> category(kind.getKey(), kind.getValue())).toList());
    }

    /**
     * The CI job the results came from, from GitLab's variables ({@code CI_JOB_URL}, {@code CI_PIPELINE_IID}, ...), or
     * this machine when there is none: Allure orders a trend's builds by {@code buildOrder}.
     */
    public static void writeExecutor(Path directory, Map<String, String> environment) {
        Map<String, Object> executor = new LinkedHashMap<>();
        if (environment.containsKey("CI_JOB_URL")) {
            executor.put("name", "GitLab CI");
            executor.put("type", "gitlab");
            executor.put("url", environment.getOrDefault("CI_PROJECT_URL", ""));
            executor.put("buildOrder", environment.getOrDefault("CI_PIPELINE_IID", "0"));
            executor.put("buildName", environment.getOrDefault("CI_JOB_NAME", "job") + " #"
                    + environment.getOrDefault("CI_JOB_ID", ""));
            executor.put("buildUrl", environment.get("CI_JOB_URL"));
        } else {
            executor.put("name", "local build");
            executor.put("type", "local");
            executor.put("buildName", environment.getOrDefault("HOSTNAME", "this machine"));
        }
        executor.put("reportName", "telvirt");
        write(directory.resolve("executor.json"), executor);
    }

    /** Adds what a run learned about where it ran ({@code telvirt.host}, {@code xen.version}) and rewrites the file. */
    public static synchronized void recordEnvironment(Path directory, Map<String, String> learned) {
        ENVIRONMENT.putAll(learned);
        String properties = ENVIRONMENT.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue().replace("\\", "\\\\").replace("\n", " "))
                .collect(Collectors.joining("\n", "", "\n"));
        try {
            AtomicFiles.write(directory.resolve("environment.properties"), properties.getBytes(StandardCharsets.UTF_8));
        } catch (IOException unwritable) {
            throw new UncheckedIOException("cannot write Allure's environment.properties: " + unwritable.getMessage(),
                    unwritable);
        }
    }

    /** Allure calls an assertion failure "failed" and any other exception "broken": a kind may end as either. */
    private static Map<String, Object> category(String name, String messagePrefix) {
        Map<String, Object> category = new LinkedHashMap<>();
        category.put("name", name);
        category.put("messageRegex", "(?s).*\\Q" + messagePrefix + "\\E.*");
        category.put("matchedStatuses", List.of("failed", "broken"));
        return category;
    }

    private static void write(Path file, Object value) {
        try {
            AtomicFiles.write(file, JSON.writeValueAsBytes(value));
        } catch (IOException unwritable) {
            throw new UncheckedIOException("cannot write " + file + ": " + unwritable.getMessage(), unwritable);
        }
    }
}

package org.telvirt.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSummaryTest {
    @TempDir
    Path dir;

    @Test
    void printsTheTableAndWritesItAsMarkdownWhenTheRunEnds() throws IOException {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Path markdown = dir.resolve("telvirt/results.md");
        RunSummary summary = new RunSummary(new PrintStream(console, true, StandardCharsets.UTF_8), markdown);
        summary.add("Figure 7", SyntheticDelays.row("2.1", 800, 0.0, 1, 300, 0.4), SloVerdict.met());
        summary.add("Figure 7", DelayRow.noData("2.2", 800, "relay crashed"), SloVerdict.missed("nothing measured"));

        summary.close();

        String printed = console.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("telvirt results (2 configurations)", summary.table().text(),
                "Markdown: " + markdown.toAbsolutePath());
        assertThat(Files.readString(markdown)).isEqualTo("# telvirt results\n\n" + summary.table().markdown());
    }

    @Test
    void staysSilentWhenNothingRan() throws IOException {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Path markdown = dir.resolve("results.md");

        new RunSummary(new PrintStream(console, true, StandardCharsets.UTF_8), markdown).close();

        assertThat(console.size()).isZero();
        assertThat(markdown).doesNotExist();
    }
}

package org.telvirt.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

class EndOfRunTableTest {
    private static final String MARKDOWN = "telvirt.test.resultsMarkdown";

    @TempDir
    Path dir;

    /** Adds one line per test to the run's summary, as the telvirt extension does per configuration. */
    static final class SummaryRecorder implements AfterEachCallback {
        @Override
        public void afterEach(ExtensionContext context) {
            Path markdown = Path.of(context.getConfigurationParameter(MARKDOWN).orElseThrow());
            EndOfRunTable.of(context, markdown).add(context.getRequiredTestClass().getSimpleName(),
                    DelayRow.noData(context.getRequiredTestMethod().getName(), 1, "fixture"), SloVerdict.met());
        }
    }

    @ExtendWith(SummaryRecorder.class)
    static final class FirstFigure {
        @Test
        void a() {
        }

        @Test
        void b() {
        }
    }

    @ExtendWith(SummaryRecorder.class)
    static final class SecondFigure {
        @Test
        void c() {
        }
    }

    @Test
    void collectsTheWholeRunAndWritesItOnceAfterTheLastClass() throws IOException {
        Path markdown = dir.resolve("results.md");

        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(FirstFigure.class), selectClass(SecondFigure.class))
                .configurationParameter(MARKDOWN, markdown.toString())
                .execute()
                .testEvents().assertStatistics(stats -> stats.succeeded(3));

        assertThat(Files.readString(markdown).lines().skip(4))
                .extracting(line -> line.split(" \\| ")[0] + " " + line.split(" \\| ")[1])
                .containsExactlyInAnyOrder("| FirstFigure a", "| FirstFigure b", "| SecondFigure c");
    }

    @Test
    void printsTheTableAndWritesItAsMarkdownWhenTheRunEnds() throws IOException {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Path markdown = dir.resolve("telvirt/results.md");
        EndOfRunTable summary = new EndOfRunTable(new PrintStream(console, true, StandardCharsets.UTF_8), markdown);
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

        new EndOfRunTable(new PrintStream(console, true, StandardCharsets.UTF_8), markdown).close();

        assertThat(console.size()).isZero();
        assertThat(markdown).doesNotExist();
    }
}

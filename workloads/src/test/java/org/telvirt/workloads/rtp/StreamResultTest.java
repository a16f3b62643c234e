package org.telvirt.workloads.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamResultTest {
    @TempDir
    Path directory;

    @Test
    void readsBackWhatItWrote() throws IOException {
        List<StreamResult> streams = List.of(new StreamResult(0, 4_000_000_000L, 1000, 990, 10, 1, 2, 12.5, 80.0, 3, 6),
                new StreamResult(1, 7, 1000, 1000, 0, 0, 0, 3.0, 9.5, 0, 0));
        Path file = directory.resolve("streams.csv");

        StreamResult.writeCsv(file, streams);

        assertThat(StreamResult.readCsv(file)).isEqualTo(streams);
        assertThat(streams.get(0).lossPercent()).isEqualTo(1.0);
    }

    @Test
    void refusesAFileOfAnotherLayout() throws IOException {
        Path older = directory.resolve("older.csv");
        Files.writeString(older, "stream,ssrc,sent,received,lost,duplicates,reordered,jitterMeanMicros,jitterMaxMicros\n"
                + "0,1,50,50,0,0,0,1.0,2.0\n");
        Path truncated = directory.resolve("truncated.csv");
        Files.writeString(truncated, StreamResult.CSV_HEADER + "\n0,1,50\n");

        assertThatThrownBy(() -> StreamResult.readCsv(older)).hasMessageContaining("is not a per-stream CSV");
        assertThatThrownBy(() -> StreamResult.readCsv(truncated)).hasMessageContaining("line 2 '0,1,50': 3 cells");
    }
}

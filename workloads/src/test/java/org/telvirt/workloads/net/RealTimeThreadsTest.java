package org.telvirt.workloads.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Only the named threads become real-time; the rest of the JVM keeps its normal policy. */
class RealTimeThreadsTest {
    private static final String HOT = "rt-test-hot";

    @Test
    void everyThreadOfTheNameRunsSchedFifoAndTheCallerDoesNot() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "SCHED_FIFO needs root");
        CountDownLatch done = new CountDownLatch(1);
        List<String> hotThreadIds = new CopyOnWriteArrayList<>();
        CountDownLatch started = new CountDownLatch(2);
        List<Thread> hot = List.of(hotThread(done, started, hotThreadIds), hotThread(done, started, hotThreadIds));
        hot.forEach(Thread::start);
        try {
            started.await();
            RealTimeThreads.raise(Set.of(HOT), 7);

            assertThat(hotThreadIds).hasSize(2).allSatisfy(threadId -> assertThat(policy(threadId))
                    .contains("SCHED_FIFO").contains("priority: 7"));
            assertThat(policy(currentThreadId())).contains("SCHED_OTHER");
        } finally {
            done.countDown();
            for (Thread thread : hot) {
                thread.join();
            }
        }
    }

    private static Thread hotThread(CountDownLatch done, CountDownLatch started, List<String> threadIds) {
        return new Thread(() -> {
            threadIds.add(currentThreadId());
            started.countDown();
            try {
                done.await();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }, HOT);
    }

    @Test
    void aThreadThatNeverStartsIsAnErrorNamingIt() {
        assertThatThrownBy(() -> RealTimeThreads.raise(Set.of("no-such-thread"), 7))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no-such-thread");
    }

    private static String currentThreadId() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
        } catch (IOException unreadable) {
            throw new IllegalStateException(unreadable);
        }
    }

    private static String policy(String threadId) throws IOException, InterruptedException {
        Process chrt = new ProcessBuilder("chrt", "-p", threadId).redirectErrorStream(true).start();
        String output = new String(chrt.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(chrt.waitFor()).as(output).isZero();
        return output;
    }
}

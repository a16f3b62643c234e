package org.telvirt.reliability;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telvirt.hostkit.RootCgroups;
import org.telvirt.hostkit.cgroup.Cgroups;
import org.telvirt.hostkit.cgroup.DomainCgroup;
import org.telvirt.hostkit.journal.KnobJournal;
import org.telvirt.hostkit.journal.ProcessStarted;

/** The checks the reliability tests rely on catch a host that was not put back. */
class HostBaselineTest {
    @TempDir
    Path directory;

    @Test
    void aCgroupAKnobAndAProcessLeftBehindAreCaughtAndPassOnceRestored() throws Exception {
        RootCgroups.assumeAvailable();
        try (EmulatedScene scene = EmulatedScene.open(directory);
             KnobJournal journal = KnobJournal.open(scene.journals(), "check-" + ProcessHandle.current().pid() + "-1",
                     System.out)) {
            DomainCgroup media = Cgroups.detect(journal).createDomain(journal.runId(), "media");
            media.setWeight(512);
            // the journal ends it; long enough to still run at the first check on an emulated CPU, where 60 s was not
            Process sleeper = journal.start(new ProcessBuilder("sleep", "600"));
            media.addProcess(sleeper.pid());
            scene.changesInclude(ProcessStarted.class, Duration.ofSeconds(5));

            assertThatThrownBy(scene::assertHostRestored).hasMessageContaining("cgroup created by the run")
                    .hasMessageContaining("process " + sleeper.pid()).hasMessageContaining("journals left")
                    .hasMessageContaining("telvirt cgroups of the run");

            journal.close();
            scene.assertHostRestored();
            assertThatThrownBy(scene::assertHostUntouched).hasMessageContaining("changes journalled");
        }
    }
}

package org.telvirt.host.generators;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.telvirt.host.Generators;
import org.telvirt.host.Measurement;
import org.telvirt.host.RtpClientRun;
import org.telvirt.host.StreamFleet;
import org.telvirt.host.WorkloadStack;

/** The generators a host profile names, as the fleet a driver hands its workload stack; one run at a time. */
public final class ProfileGenerators implements StreamFleet {
    private final Generators profile;

    private ProfileGenerators(Generators profile) {
        this.profile = profile;
    }

    /** The profile's {@code generators}, or none when it names none (every stream from this machine). */
    public static Optional<StreamFleet> of(Generators profile) {
        return Optional.ofNullable(profile).map(ProfileGenerators::new);
    }

    @Override
    public InetAddress serverAddress() {
        return profile.serverInetAddress();
    }

    @Override
    public Measurement run(RtpClientRun whole, WorkloadStack local, Path directory, Map<String, String> hostStatistics)
            throws InterruptedException {
        return GeneratorFleet.of(profile, local, directory).run(whole, hostStatistics);
    }
}

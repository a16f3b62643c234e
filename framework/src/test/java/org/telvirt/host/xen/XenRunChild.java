package org.telvirt.host.xen;

import java.nio.file.Path;
import java.util.List;
import org.telvirt.host.HostProfile;
import org.telvirt.ssh.SshSession;
import org.telvirt.ssh.SshSettings;
import org.telvirt.ssh.SshTarget;

/**
 * A test JVM provisioning {@link FakeXen#TUNED} on the fake Xen host behind the loopback sshd, or with
 * {@code -D}{@value #IMAGE_CONFIGS}{@code =DIR} {@link FakeXen#IMAGE_RUN}, making its domains from templates into DIR.
 * With {@code MOMENT INDEX} it halts there (no shutdown hook, no finally: as SIGKILL) and prints the point first;
 * without, it prints READY and waits to be stopped. Arguments: port user clientKey knownHosts journal [MOMENT INDEX].
 */
public final class XenRunChild {
    static final String IMAGE_CONFIGS = "fake.image.configs";
    /** The media endpoint of the image run: the discard port, which nothing reaches, as the kills come first. */
    private static final int UNREACHED_MEDIA_PORT = 9;

    private XenRunChild() {
    }

    public static void main(String[] args) throws Exception {
        SshSession dom0 = SshSession.open(SshSettings.of("127.0.0.1", Integer.parseInt(args[0]), args[1], Path.of(args[2]),
                Path.of(args[3])));
        SshTarget ssh = new SshTarget("127.0.0.1", Integer.parseInt(args[0]), args[1], args[2], args[3], false);
        String imageConfigs = System.getProperty(IMAGE_CONFIGS);
        HostProfile profile = imageConfigs == null ? FakeXen.profile(ssh)
                : FakeXen.imageProfile(ssh, Path.of(imageConfigs), UNREACHED_MEDIA_PORT);
        XenKnobs.Interruption interruption = XenKnobs.Interruption.NONE;
        if (args.length > 5) {
            XenKnobs.Moment killAt = XenKnobs.Moment.valueOf(args[5]);
            int killIndex = Integer.parseInt(args[6]);
            int[] journaled = {0};
            interruption = (moment, step) -> {
                int index = moment == XenKnobs.Moment.JOURNALED ? journaled[0]++ : journaled[0] - 1;
                if (moment == killAt && index == killIndex) {
                    System.out.println("KILLED " + moment + " " + step.apply());
                    System.out.flush();
                    Runtime.getRuntime().halt(137);
                }
            };
        }
        XenHost host = new XenHost(profile, new SshXenAccess(profile, dom0, dom0), Path.of(args[4]), System.out::println,
                imageConfigs == null ? List.of() : FakeXen.imageDomains(profile), interruption);
        host.provision(imageConfigs == null ? FakeXen.TUNED : FakeXen.IMAGE_RUN, Path.of(args[4]).getParent());
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(600_000);
    }
}

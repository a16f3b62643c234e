package org.telvirt.host.xen;

import java.nio.file.Path;
import org.telvirt.host.HostProfile;
import org.telvirt.ssh.SshSession;
import org.telvirt.ssh.SshSettings;
import org.telvirt.ssh.SshTarget;

/**
 * A test JVM provisioning {@link FakeXen#TUNED} on the fake Xen host behind the loopback sshd. With {@code MOMENT INDEX}
 * it halts there (no shutdown hook, no finally: as SIGKILL) and prints the point first; without, it prints READY and
 * waits to be stopped. Arguments: port user clientKey knownHosts journal [MOMENT INDEX].
 */
public final class XenRunChild {
    private XenRunChild() {
    }

    public static void main(String[] args) throws Exception {
        SshSession dom0 = SshSession.open(SshSettings.of("127.0.0.1", Integer.parseInt(args[0]), args[1], Path.of(args[2]),
                Path.of(args[3])));
        HostProfile profile = FakeXen.profile(new SshTarget("127.0.0.1", Integer.parseInt(args[0]), args[1], args[2],
                args[3], false));
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
                interruption);
        host.provision(FakeXen.TUNED, Path.of(args[4]).getParent());
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(600_000);
    }
}

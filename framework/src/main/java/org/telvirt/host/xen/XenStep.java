package org.telvirt.host.xen;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.telvirt.hostkit.journal.RestoreStep;
import org.telvirt.knob.Knob;
import org.telvirt.ssh.RemoteShell;

/**
 * One command that changes a Xen host, as its journal entry: written (with the value read before it) before the
 * command runs, so that whatever happens next the value to put back is on disk. A chain of commands, such as a
 * cpupool built by taking CPUs from other pools, is one entry per command.
 *
 * <p>An entry is restored without knowing whether its command ran: {@link #restore} reads the value first, puts the
 * recorded one back only if it differs, then reads it back. Values are compared in one canonical text form per
 * kind ({@link #found}), so that {@code 0,1} and {@code 0-1} are the same CPUs. Entries hold names and numbers, not
 * command lines: a restore builds its commands with {@link XlCommands}, which refuses a value the shell or {@code xl}
 * could misread, whatever the journal file says.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = XenStep.WeightCap.class, name = "weight-cap"),
        @JsonSubTypes.Type(value = XenStep.VcpuPin.class, name = "vcpu-pin"),
        @JsonSubTypes.Type(value = XenStep.CpupoolCpuRemove.class, name = "cpupool-cpu-remove"),
        @JsonSubTypes.Type(value = XenStep.CpupoolCreate.class, name = "cpupool-create"),
        @JsonSubTypes.Type(value = XenStep.CpupoolMigrate.class, name = "cpupool-migrate"),
        @JsonSubTypes.Type(value = XenStep.PoolTimeslice.class, name = "pool-timeslice"),
        @JsonSubTypes.Type(value = XenStep.Coalescing.class, name = "coalescing"),
        @JsonSubTypes.Type(value = XenStep.PciAssignable.class, name = "pci-assignable"),
        @JsonSubTypes.Type(value = XenStep.PciAttach.class, name = "pci-attach"),
        @JsonSubTypes.Type(value = XenStep.DomainCreate.class, name = "domain-create"),
        @JsonSubTypes.Type(value = XenStep.Unpause.class, name = "unpause")
})
public sealed interface XenStep {

    /** What kind of knob, as reports name it ({@code credit.weight-cap}, {@code cpupool-cpu-remove}, ...). */
    String knob();

    /** What it changes: a domain, a cpupool, an interface, a PCI device. */
    String subject();

    /** The one command this entry stands for. */
    String apply();

    /** The recorded value from before the command, in {@link #found}'s form: what a restore puts back. */
    String before();

    /** The value on the host now, in the canonical form {@link #before} has. */
    String found(Xl xl);

    /** Whether a value read back after {@link #apply} shows the command took. */
    boolean took(String found);

    /** The commands that put {@link #before} back, given what is there now (which differs from it). */
    List<String> undo(Xl xl, String found);

    /**
     * Reads, puts the recorded value back if it differs, reads back. A read or command that fails throws: the journal
     * decides whether that was the connection (reconnect and try again) or the host.
     */
    default RestoreStep restore(RemoteShell dom0) {
        Xl xl = new Xl(dom0);
        String found = found(xl);
        if (found.equals(before())) {
            return new RestoreStep(knob(), subject(), found, found, true, "already as journaled, nothing run");
        }
        for (String command : undo(xl, found)) {
            dom0.run(command);
        }
        String readBack = found(xl);
        boolean verified = readBack.equals(before());
        return new RestoreStep(knob(), subject(), found, readBack, verified,
                verified ? null : "read back differs from the journaled " + before());
    }

    /** Weight and cap of a domain in a credit or credit2 pool. */
    record WeightCap(XenScheduler scheduler, String domain, int weightBefore, int capBefore, int weight, int cap)
            implements XenStep {
        @Override
        public String knob() {
            return scheduler.xlName() + ".weight-cap";
        }

        @Override
        public String subject() {
            return domain;
        }

        @Override
        public String apply() {
            return XlCommands.writeSchedulerParams(scheduler, domain, weight, cap);
        }

        @Override
        public String before() {
            return text(weightBefore, capBefore);
        }

        @Override
        public String found(Xl xl) {
            SchedulerParams now = xl.schedulerParams(scheduler, domain);
            return text(now.weight(), now.cap());
        }

        @Override
        public boolean took(String found) {
            return found.equals(text(weight, cap));
        }

        @Override
        public List<String> undo(Xl xl, String found) {
            return List.of(XlCommands.writeSchedulerParams(scheduler, domain, weightBefore, capBefore));
        }

        static String text(int weight, int cap) {
            return "weight " + weight + " cap " + cap;
        }
    }

    /** Hard affinity of every vCPU of a domain; {@code hardBefore} is each vCPU's own, as {@code xl} printed it. */
    record VcpuPin(String domain, int nrCpus, List<String> hardBefore, String cpus) implements XenStep {
        public VcpuPin {
            hardBefore = List.copyOf(hardBefore);
        }

        @Override
        public String knob() {
            return "vcpu-pin";
        }

        @Override
        public String subject() {
            return domain;
        }

        @Override
        public String apply() {
            return XlCommands.vcpuPin(domain, "all", cpus);
        }

        @Override
        public String before() {
            return affinities(hardBefore, nrCpus);
        }

        @Override
        public String found(Xl xl) {
            return affinities(xl.vcpus(domain).stream().map(XlVcpu::hardAffinity).toList(), nrCpus);
        }

        @Override
        public boolean took(String found) {
            return found.equals(affinities(hardBefore.stream().map(each -> cpus).toList(), nrCpus));
        }

        @Override
        public List<String> undo(Xl xl, String found) {
            return pins(domain, hardBefore);
        }
    }

    /** A CPU taken out of its cpupool, so that a new pool can have it. */
    record CpupoolCpuRemove(String pool, int cpu, int nrCpus) implements XenStep {
        private static final String FREE = "in no cpupool";

        @Override
        public String knob() {
            return "cpupool-cpu-remove";
        }

        @Override
        public String subject() {
            return "CPU " + cpu;
        }

        @Override
        public String apply() {
            return XlCommands.cpupoolCpuRemove(pool, cpu);
        }

        @Override
        public String before() {
            return "in cpupool " + pool;
        }

        @Override
        public String found(Xl xl) {
            return xl.cpupoolCpus().entrySet().stream()
                    .filter(p -> !p.getValue().isBlank() && Xl.cpuSet(p.getValue(), nrCpus).get(cpu))
                    .map(p -> "in cpupool " + p.getKey()).findFirst().orElse(FREE);
        }

        @Override
        public boolean took(String found) {
            return found.equals(FREE);
        }

        /** Only a free CPU can be given back; one another pool holds stays there, and the read-back says where. */
        @Override
        public List<String> undo(Xl xl, String found) {
            return found.equals(FREE) ? List.of(XlCommands.cpupoolCpuAdd(pool, cpu)) : List.of();
        }
    }

    /** A new cpupool on CPUs that no pool holds. */
    record CpupoolCreate(String pool, XenScheduler scheduler, List<Integer> cpus, int nrCpus) implements XenStep {
        public CpupoolCreate {
            cpus = List.copyOf(cpus);
        }

        @Override
        public String knob() {
            return "cpupool-create";
        }

        @Override
        public String subject() {
            return pool;
        }

        @Override
        public String apply() {
            return XlCommands.cpupoolCreate(pool, scheduler, cpus);
        }

        @Override
        public String before() {
            return "no cpupool " + pool;
        }

        @Override
        public String found(Xl xl) {
            String cpuList = xl.cpupoolCpus().get(pool);
            if (cpuList == null) {
                return before();
            }
            return text(xl.cpupool(pool).scheduler(), cpuList.isBlank() ? "none" : Xl.cpuList(Xl.cpuSet(cpuList, nrCpus), nrCpus));
        }

        @Override
        public boolean took(String found) {
            String wanted = cpus.stream().map(String::valueOf).collect(Collectors.joining(","));
            return found.equals(text(scheduler.xlName(), Xl.cpuList(Xl.cpuSet(wanted, nrCpus), nrCpus)));
        }

        /** Destroying a pool frees its CPUs; Xen refuses while a domain is in it, which the reverse order prevents. */
        @Override
        public List<String> undo(Xl xl, String found) {
            return List.of(XlCommands.cpupoolDestroy(pool));
        }

        private String text(String schedulerName, String cpuList) {
            return schedulerName + " cpupool " + pool + " on CPUs " + cpuList;
        }
    }

    /**
     * A domain moved into another cpupool. Xen resets its weight, cap and hard affinity as it moves, so the entry
     * records them too and its restore puts them back after moving the domain home.
     */
    record CpupoolMigrate(String domain, String fromPool, String toPool, XenScheduler fromScheduler, int weightBefore,
                          int capBefore, List<String> hardBefore, int nrCpus) implements XenStep {
        public CpupoolMigrate {
            hardBefore = List.copyOf(hardBefore);
        }

        @Override
        public String knob() {
            return "cpupool-migrate";
        }

        @Override
        public String subject() {
            return domain;
        }

        @Override
        public String apply() {
            return XlCommands.cpupoolMigrate(domain, toPool);
        }

        @Override
        public String before() {
            return text(fromPool, WeightCap.text(weightBefore, capBefore), affinities(hardBefore, nrCpus));
        }

        @Override
        public String found(Xl xl) {
            String pool = xl.domain(domain).cpupool();
            SchedulerParams params = xl.schedulerParams(xl.cpupool(pool).xenScheduler(), domain);
            return text(pool, WeightCap.text(params.weight(), params.cap()),
                    affinities(xl.vcpus(domain).stream().map(XlVcpu::hardAffinity).toList(), nrCpus));
        }

        @Override
        public boolean took(String found) {
            return found.startsWith(poolText(toPool));
        }

        @Override
        public List<String> undo(Xl xl, String found) {
            List<String> commands = new ArrayList<>();
            if (!found.startsWith(poolText(fromPool))) {
                commands.add(XlCommands.cpupoolMigrate(domain, fromPool));
            }
            commands.add(XlCommands.writeSchedulerParams(fromScheduler, domain, weightBefore, capBefore));
            commands.addAll(pins(domain, hardBefore));
            return commands;
        }

        private static String text(String pool, String params, String affinities) {
            return poolText(pool) + params + ", hard affinity " + affinities;
        }

        private static String poolText(String pool) {
            return "cpupool " + pool + ", ";
        }
    }

    /** A credit cpupool's time slice and rate limit. */
    record PoolTimeslice(String pool, int timesliceMillisBefore, int ratelimitMicrosBefore, int timesliceMillis,
                         int ratelimitMicros) implements XenStep {
        @Override
        public String knob() {
            return "credit.timeslice";
        }

        @Override
        public String subject() {
            return pool;
        }

        @Override
        public String apply() {
            return XlCommands.writePoolParams(pool, timesliceMillis, ratelimitMicros);
        }

        @Override
        public String before() {
            return text(timesliceMillisBefore, ratelimitMicrosBefore);
        }

        @Override
        public String found(Xl xl) {
            PoolSchedulerParams now = xl.poolParams(pool);
            return text(now.timesliceMillis(), now.ratelimitMicros());
        }

        @Override
        public boolean took(String found) {
            return found.equals(text(timesliceMillis, ratelimitMicros));
        }

        @Override
        public List<String> undo(Xl xl, String found) {
            return List.of(XlCommands.writePoolParams(pool, timesliceMillisBefore, ratelimitMicrosBefore));
        }

        private static String text(int timesliceMillis, int ratelimitMicros) {
            return "tslice " + timesliceMillis + " ms ratelimit " + ratelimitMicros + " us";
        }
    }

    /** Receive interrupt coalescing of a Dom0 interface. */
    record Coalescing(String iface, int microsBefore, int framesBefore, int micros, int frames) implements XenStep {
        @Override
        public String knob() {
            return "coalescing";
        }

        @Override
        public String subject() {
            return iface;
        }

        @Override
        public String apply() {
            return XlCommands.setCoalescing(iface, new Knob.Coalesce(micros, frames));
        }

        @Override
        public String before() {
            return text(microsBefore, framesBefore);
        }

        @Override
        public String found(Xl xl) {
            Knob.Coalesce now = xl.coalescing(iface);
            return text(now.micros(), now.frames());
        }

        @Override
        public boolean took(String found) {
            return found.equals(text(micros, frames));
        }

        @Override
        public List<String> undo(Xl xl, String found) {
            return List.of(XlCommands.setCoalescing(iface, new Knob.Coalesce(microsBefore, framesBefore)));
        }

        private static String text(int micros, int frames) {
            return "rx-usecs " + micros + " rx-frames " + frames;
        }
    }

    /** A PCI device handed to pciback (it was not assignable before: that is checked before it is journaled). */
    record PciAssignable(String bdf) implements XenStep {
        @Override
        public String knob() {
            return "pci-assignable";
        }

        @Override
        public String subject() {
            return bdf;
        }

        @Override
        public String apply() {
            return XlCommands.pciAssignableAdd(bdf);
        }

        @Override
        public String before() {
            return "not assignable";
        }

        @Override
        public String found(Xl xl) {
            return Xl.containsDevice(xl.pciAssignable(), bdf) ? "assignable" : before();
        }

        @Override
        public boolean took(String found) {
            return found.equals("assignable");
        }

        @Override
        public List<String> undo(Xl xl, String found) {
            return List.of(XlCommands.pciAssignableRemove(bdf));
        }
    }

    /** A PCI device attached to a guest (it was not attached before: checked before it is journaled). */
    record PciAttach(String domain, String bdf) implements XenStep {
        @Override
        public String knob() {
            return "pci-attach";
        }

        @Override
        public String subject() {
            return domain;
        }

        @Override
        public String apply() {
            return XlCommands.pciAttach(domain, bdf);
        }

        @Override
        public String before() {
            return bdf + " not attached";
        }

        @Override
        public String found(Xl xl) {
            return Xl.containsDevice(xl.pciList(domain), bdf) ? bdf + " attached" : before();
        }

        @Override
        public boolean took(String found) {
            return found.equals(bdf + " attached");
        }

        @Override
        public List<String> undo(Xl xl, String found) {
            return List.of(XlCommands.pciDetach(domain, bdf));
        }
    }

    /**
     * A domain the run makes from its rendered configuration ({@code config}, on Dom0); it did not exist before: that
     * is checked before it is journaled, so a restore destroys only what a run created. Journaled first, so restored
     * last, after every knob set on it.
     */
    record DomainCreate(String domain, String config, boolean paused) implements XenStep {
        private static final String ABSENT = "no domain";
        private static final String PRESENT = "present";

        @Override
        public String knob() {
            return "domain-create";
        }

        @Override
        public String subject() {
            return domain;
        }

        @Override
        public String apply() {
            return XlCommands.create(config, paused);
        }

        @Override
        public String before() {
            return ABSENT;
        }

        @Override
        public String found(Xl xl) {
            return xl.domains().stream().anyMatch(listed -> listed.name().equals(domain)) ? PRESENT : ABSENT;
        }

        @Override
        public boolean took(String found) {
            return found.equals(PRESENT);
        }

        @Override
        public List<String> undo(Xl xl, String found) {
            return List.of(XlCommands.destroy(domain));
        }
    }

    /**
     * A CPU-bound domain let run for a configuration: it burns CPU from its boot and is kept paused in between (the
     * profile's {@code cpuBoundLoad: unpause}). It was paused before: checked before it is journaled.
     */
    record Unpause(String domain) implements XenStep {
        private static final String PAUSED = "paused";
        private static final String RUNNING = "running";

        @Override
        public String knob() {
            return "unpause";
        }

        @Override
        public String subject() {
            return domain;
        }

        @Override
        public String apply() {
            return XlCommands.unpause(domain);
        }

        @Override
        public String before() {
            return PAUSED;
        }

        @Override
        public String found(Xl xl) {
            return xl.domain(domain).paused() ? PAUSED : RUNNING;
        }

        @Override
        public boolean took(String found) {
            return found.equals(RUNNING);
        }

        @Override
        public List<String> undo(Xl xl, String found) {
            return List.of(XlCommands.pause(domain));
        }
    }

    /** Each vCPU's hard affinity in canonical form: {@code 0:all 1:2-3}. */
    private static String affinities(List<String> hard, int nrCpus) {
        return IntStream.range(0, hard.size()).mapToObj(vcpu -> vcpu + ":" + Xl.cpuList(Xl.cpuSet(hard.get(vcpu), nrCpus),
                nrCpus)).collect(Collectors.joining(" "));
    }

    /** Puts each vCPU's own hard affinity back, one {@code xl vcpu-pin} per vCPU. */
    private static List<String> pins(String domain, List<String> hard) {
        return IntStream.range(0, hard.size())
                .mapToObj(vcpu -> XlCommands.vcpuPin(domain, Integer.toString(vcpu), hard.get(vcpu))).toList();
    }
}

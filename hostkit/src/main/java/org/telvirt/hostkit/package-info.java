/**
 * The host-side primitives of the {@code emulated} host (and, for the journal, of every driver).
 *
 * <ul>
 *   <li>{@link org.telvirt.hostkit.journal}: the knob journal. Open one per run with
 *       {@code KnobJournal.open(runId, log)} (it first restores journals that dead runs left behind); change the host
 *       only through it ({@code write}, {@code createDirectory}, {@code start}, {@code run}); {@code restore()} after
 *       each configuration, {@code close()} at the end. {@code telvirt host restore|status} works on the same files.</li>
 *   <li>{@link org.telvirt.hostkit.cgroup}: {@code Cgroups.detect(journal)} picks v1 or v2 (or says why neither works),
 *       {@code createDomain(runId, name)} makes {@code telvirt-<runId>/<name>}, and {@code DomainCgroup} sets weight,
 *       cap, pinning and freezing, all journalled.</li>
 *   <li>{@link org.telvirt.hostkit.credit}: Xen's credit scheduler over those cgroups, as its own process
 *       ({@code telvirt credit-scheduler --config FILE}); the driver writes a {@code CreditSchedulerConfig}.</li>
 * </ul>
 *
 * <p>This package holds what all three stand on: reading /proc ({@code ProcFs}), reading and writing knob files
 * ({@code KnobFiles}), the mounted cgroup hierarchies ({@code CgroupMounts}) and freezing ({@code Freezer}). The
 * journal's undo steps thaw cgroups before they end processes or remove directories, so these sit below the
 * journal, which the cgroups in turn write through. The {@code telvirt} commands named above are telvirt.jar's
 * front ends of this library ({@code org.telvirt.workloads.host}).
 */
package org.telvirt.hostkit;

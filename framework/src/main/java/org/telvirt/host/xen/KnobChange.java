package org.telvirt.host.xen;

/**
 * One knob changed on a Xen host, in the form a journal keeps: plain strings, so that a later run
 * can restore the host by running {@link #undoCommand()} over SSH even after this JVM was killed.
 *
 * @param knob         what kind of knob ({@code credit.weight-cap}, {@code vcpu-pin}, ...)
 * @param subject      what it was applied to (a domain, a cpupool, an interface, a PCI device)
 * @param before       the value read before the change
 * @param after        the value read back after the change
 * @param applyCommand the command that made the change
 * @param undoCommand  the command that puts {@code before} back
 */
public record KnobChange(String knob, String subject, String before, String after, String applyCommand,
                         String undoCommand) {
}

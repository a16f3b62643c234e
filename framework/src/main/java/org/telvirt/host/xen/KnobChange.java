package org.telvirt.host.xen;

/**
 * What one knob did on a Xen host, for the run's record; the journal keeps how to undo it ({@link XenStep}).
 *
 * @param knob         what kind of knob ({@code credit.weight-cap}, {@code vcpu-pin}, {@code cpupool}, ...)
 * @param subject      what it was applied to (a domain, a cpupool, an interface, a PCI device)
 * @param before       the value read before the change
 * @param after        the value read back after the change
 * @param applyCommand the command that made the change (a chain's commands joined with {@code &&})
 */
public record KnobChange(String knob, String subject, String before, String after, String applyCommand) {
}

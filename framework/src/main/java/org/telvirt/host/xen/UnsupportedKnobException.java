package org.telvirt.host.xen;

/**
 * The host cannot apply a knob at all (a virtual NIC without coalescing, PCI passthrough without an
 * IOMMU). Nothing was changed; a report must say the knob was not applied, never pretend it was.
 */
public class UnsupportedKnobException extends RuntimeException {

    private final String knob;

    public UnsupportedKnobException(String knob, String reason) {
        super(knob + " is not supported on this host: " + reason);
        this.knob = knob;
    }

    public String knob() {
        return knob;
    }
}

package org.telvirt.knob;

/**
 * What a host actually did for one knob: the domain, the knob, the value asked for, and how it was
 * applied on this host ({@code cpu.shares = 8192}, {@code xl sched-credit -d media -w 8192}, or
 * why it could not be).
 */
public record AppliedKnob(String domain, String knob, String requested, String applied) {
    @Override
    public String toString() {
        return domain + " " + knob + " " + requested + " -> " + applied;
    }
}

package org.telvirt;

/** One interrupt after {@code micros} microseconds or {@code frames} packets, whichever first. */
public record Coalescing(int micros, int frames) {
    @Override
    public String toString() {
        return micros + " us or " + frames + " frames";
    }
}

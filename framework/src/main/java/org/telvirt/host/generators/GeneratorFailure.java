package org.telvirt.host.generators;

/** A generator's slice did not run to the end: why, and what the generator printed. */
final class GeneratorFailure extends RuntimeException {
    private final String output;

    GeneratorFailure(String reason, String output, Throwable cause) {
        super(reason, cause);
        this.output = output;
    }

    String output() {
        return output;
    }
}

package org.telvirt.workloads.io;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes two large results in turn, forever, each both atomically and with a plain write, until it is
 * killed. Arguments: atomicTarget plainTarget. Prints WROTE once both files hold a whole result.
 */
public final class AtomicWriterChild {
    private AtomicWriterChild() {
    }

    public static void main(String[] args) throws Exception {
        Path atomic = Path.of(args[0]);
        Path plain = Path.of(args[1]);
        byte[][] results = {AtomicFilesTest.result('a'), AtomicFilesTest.result('b')};
        for (long round = 0; ; round++) {
            byte[] result = results[(int) (round % 2)];
            AtomicFiles.write(atomic, result);
            Files.write(plain, result);
            if (round == 1) {
                System.out.println("WROTE");
                System.out.flush();
            }
        }
    }

    static String describe(byte[] content) {
        return new String(content, 0, Math.min(40, content.length), StandardCharsets.UTF_8);
    }
}

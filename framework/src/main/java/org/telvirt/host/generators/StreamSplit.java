package org.telvirt.host.generators;

import java.util.ArrayList;
import java.util.List;

/** Splits a run's streams as evenly as whole streams allow: the first generators take one more. */
final class StreamSplit {
    private StreamSplit() {
    }

    static List<Integer> of(int streams, int generators) {
        if (generators < 1 || streams < generators) {
            throw new IllegalArgumentException(streams + " streams cannot be split across " + generators
                    + " generators: each needs at least one");
        }
        List<Integer> slices = new ArrayList<>();
        for (int i = 0; i < generators; i++) {
            slices.add(streams / generators + (i < streams % generators ? 1 : 0));
        }
        return slices;
    }
}

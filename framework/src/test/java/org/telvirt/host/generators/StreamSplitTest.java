package org.telvirt.host.generators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StreamSplitTest {
    @Test
    void slicesAddUpAndDifferByAtMostOne() {
        assertThat(StreamSplit.of(900, 3)).containsExactly(300, 300, 300);
        assertThat(StreamSplit.of(121, 4)).containsExactly(31, 30, 30, 30);
    }

    @Test
    void everyGeneratorGetsAtLeastOneStream() {
        assertThatThrownBy(() -> StreamSplit.of(2, 3)).hasMessageContaining("each needs at least one");
    }
}

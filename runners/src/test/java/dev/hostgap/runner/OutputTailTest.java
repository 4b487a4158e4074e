package dev.hostgap.runner;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutputTailTest {

    @Test
    void keepsEverythingWhileUnderCapacity() {
        OutputTail tail = new OutputTail(16);
        byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
        tail.append(hello, 0, hello.length);
        assertThat(tail).hasToString("hello");
    }

    @Test
    void keepsOnlyTheLastBytesInOrderOnceFull() {
        OutputTail tail = new OutputTail(8);
        for (String chunk : new String[] {"0123", "4567", "89ab", "cd"}) {
            byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
            tail.append(bytes, 0, bytes.length);
        }
        assertThat(tail).hasToString("6789abcd");
    }
}

package dev.slipway.backup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class HoldBackOutputStreamTest {

    @Test
    void passesEverythingButTheLastBytesOnInOrder() throws IOException {
        byte[] data = new byte[10_000];
        new Random(3).nextBytes(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HoldBackOutputStream held = new HoldBackOutputStream(out, 1024);

        Random sizes = new Random(4);
        for (int offset = 0; offset < data.length;) {
            int n = Math.min(1 + sizes.nextInt(3000), data.length - offset);
            held.write(data, offset, n);
            offset += n;
            assertThat(out.toByteArray()).isEqualTo(Arrays.copyOf(data, Math.max(0, offset - 1024)));
        }
        assertThat(held.held()).isEqualTo(1024);

        held.release();

        assertThat(out.toByteArray()).isEqualTo(data);
    }

    @Test
    void aStreamShorterThanWhatIsHeldBackPassesNothingUntilReleased() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HoldBackOutputStream held = new HoldBackOutputStream(out, 64);

        held.write(new byte[]{1, 2, 3}, 0, 3);
        held.write(4);

        assertThat(out.toByteArray()).isEmpty();
        held.release();
        assertThat(out.toByteArray()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void closingWithoutReleasingDropsWhatIsHeldBack() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HoldBackOutputStream held = new HoldBackOutputStream(out, 4);

        held.write(new byte[]{1, 2, 3, 4, 5, 6}, 0, 6);
        held.close();

        assertThat(out.toByteArray()).containsExactly(1, 2);
    }
}

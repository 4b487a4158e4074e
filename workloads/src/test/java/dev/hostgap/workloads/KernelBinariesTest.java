package dev.hostgap.workloads;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed kernel binary must come from the committed CUDA source. */
class KernelBinariesTest {

    static final Path SOURCE = Path.of("src/main/cuda/hostgap_kernels.cu");
    static final Path KERNELS = Path.of("src/main/resources/dev/hostgap/workloads/kernels");

    @Test
    void shippedBinaryWasBuiltFromTheCurrentSource() throws Exception {
        String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(SOURCE)));
        String recorded = Files.readString(KERNELS.resolve("hostgap_kernels.cu.sha256")).trim();
        assertThat(actual)
                .as("%s changed without regenerating the binary: run workloads/build-kernels.sh and commit its outputs", SOURCE)
                .isEqualTo(recorded);
    }

    @Test
    void shippedBinaryIsAFatbinWithEveryKernel() throws Exception {
        byte[] fatbin = Files.readAllBytes(KERNELS.resolve("hostgap_kernels.fatbin"));
        assertThat(fatbin).hasSizeGreaterThan(1000);
        // fatbin magic 0xBA55ED50, little-endian
        assertThat(fatbin[0] & 0xff).isEqualTo(0x50);
        assertThat(fatbin[3] & 0xff).isEqualTo(0xBA);
        String text = new String(fatbin, java.nio.charset.StandardCharsets.ISO_8859_1);
        for (String kernel : new String[] {"empty_args0", "empty_args16", "axpb_fused", "arange_positions", "sum_reduce",
                "hold_until_released"}) {
            assertThat(text).as("kernel %s in the fatbin", kernel).contains(kernel);
        }
    }
}

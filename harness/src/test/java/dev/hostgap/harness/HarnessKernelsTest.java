package dev.hostgap.harness;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The committed timer kernel must come from the committed CUDA source, and load as a kernel image. */
class HarnessKernelsTest {

    private static final Path SOURCE = Path.of("src/main/cuda/hostgap_harness.cu");
    private static final Path KERNELS = Path.of("src/main/resources/dev/hostgap/harness/kernels");

    @Test
    void shippedBinaryWasBuiltFromTheCurrentSource() throws Exception {
        String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(SOURCE)));
        assertThat(actual)
                .as("%s changed without regenerating the binary: run harness/build-kernels.sh and commit its outputs", SOURCE)
                .isEqualTo(Files.readString(KERNELS.resolve("hostgap_harness.cu.sha256")).trim());
    }

    @Test
    void theTimersHoldKernelIsInTheFatbinOnTheClassPath() {
        KernelImage image = KernelImage.fromResource(Gpu.class, Gpu.HARNESS_KERNELS);
        byte[] fatbin = image.bytes();
        assertThat(fatbin[0] & 0xff).isEqualTo(0x50); // fatbin magic 0xBA55ED50, little-endian
        assertThat(fatbin[3] & 0xff).isEqualTo(0xBA);
        assertThat(new String(fatbin, StandardCharsets.ISO_8859_1)).contains("hold_until_released");
        assertThat(image.sha256()).hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    void aMissingKernelImageNamesTheResource() {
        assertThatThrownBy(() -> KernelImage.fromResource(Gpu.class, "/no/such.fatbin"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("/no/such.fatbin");
    }

    @Test
    void aPtxImageIsHandedToTheDriverNulTerminated(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path ptx = Files.writeString(dir.resolve("k.ptx"), ".version 8.0");
        assertThat(KernelImage.fromFile(ptx).bytes()).endsWith((byte) 0).hasSize(13);
        Path cubin = Files.write(dir.resolve("k.cubin"), new byte[] {1, 2, 3});
        assertThat(KernelImage.fromFile(cubin).bytes()).containsExactly(1, 2, 3);
    }
}

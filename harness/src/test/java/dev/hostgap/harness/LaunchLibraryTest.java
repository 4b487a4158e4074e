package dev.hostgap.harness;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The committed JNI launch library must come from the committed C source, for both platforms. */
class LaunchLibraryTest {

    private static final Path SOURCE = Path.of("src/main/c/hostgap_launch.c");
    private static final Path LIBRARIES = Path.of("src/main/resources/dev/hostgap/harness/native");
    private static final String SYMBOL = "Java_dev_hostgap_harness_DriverLaunch_launch0";

    @Test
    void shippedLibrariesWereBuiltFromTheCurrentSource() throws Exception {
        String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(SOURCE)));
        assertThat(actual)
                .as("%s changed without regenerating the libraries: run harness/build-launch-library.sh and commit its outputs", SOURCE)
                .isEqualTo(Files.readString(LIBRARIES.resolve("hostgap_launch.c.sha256")).trim());
        assertThat(Files.readString(SOURCE)).contains(SYMBOL + "(");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"linux-amd64, 0x3E", "linux-aarch64, 0xB7"})
    void eachLibraryIsASharedObjectForItsMachineThatNeedsOnlyTheDriver(String platform, int elfMachine) throws Exception {
        byte[] library = Files.readAllBytes(LIBRARIES.resolve(platform).resolve("libhostgap_launch.so"));
        assertThat(new String(library, 0, 4, StandardCharsets.ISO_8859_1)).isEqualTo("\u007fELF");
        assertThat(library[4]).as("64-bit").isEqualTo((byte) 2);
        assertThat(library[16]).as("ET_DYN: a shared object").isEqualTo((byte) 3);
        assertThat(library[18] & 0xff).as("e_machine").isEqualTo(elfMachine);
        String text = new String(library, StandardCharsets.ISO_8859_1);
        assertThat(text).contains(SYMBOL, "libcuda.so.1", "cuLaunchKernel")
                // no glibc symbol versions: it loads on any Linux a CUDA driver supports
                .doesNotContain("GLIBC_2.");
    }

    @Test
    void theJavaSideDeclaresTheNativeMethodTheLibraryExports() throws Exception {
        Method launch0 = Class.forName("dev.hostgap.harness.DriverLaunch", false, getClass().getClassLoader()).getDeclaredMethod("launch0", long.class, int.class, int.class, long.class, long.class);
        assertThat(Modifier.isNative(launch0.getModifiers())).isTrue();
        assertThat(Modifier.isStatic(launch0.getModifiers())).isTrue();
        assertThat(launch0.getReturnType()).isEqualTo(int.class);
    }

    @Test
    void theJvmsPlatformNamesFindTheLibraries() {
        assertThat(LaunchLibrary.resourceFor("Linux", "amd64")).isEqualTo("/dev/hostgap/harness/native/linux-amd64/libhostgap_launch.so");
        assertThat(getClass().getResource(LaunchLibrary.resourceFor("Linux", "amd64"))).isNotNull();
        assertThat(getClass().getResource(LaunchLibrary.resourceFor("Linux", "aarch64"))).isNotNull();
    }

    @Test
    void aPlatformWithoutALibraryIsNamedInTheError() {
        assertThatThrownBy(() -> LaunchLibrary.load(LaunchLibrary.resourceFor("Mac OS X", "aarch64")))
                .isInstanceOf(UnsatisfiedLinkError.class)
                .hasMessageContaining("linux x86_64 and aarch64 only")
                .hasMessageContaining("mac-os-x-aarch64");
    }

    /**
     * Loads exactly where JCuda's own driver library loads (a driver is installed, GPU or not); elsewhere
     * it fails for want of libcuda.so.1, not for anything in the library.
     */
    @Test
    void theLibraryLoadsExactlyWhereTheDriverIs() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").equals("Linux")
                && System.getProperty("os.arch").equals("amd64"), "the test machine is linux x86_64");
        String resource = LaunchLibrary.resourceFor("Linux", "amd64");
        if (jcudaDriverLibraryLoads()) {
            LaunchLibrary.load(resource);
        } else {
            assertThatThrownBy(() -> LaunchLibrary.load(resource))
                    .isInstanceOf(UnsatisfiedLinkError.class)
                    .hasMessageContaining("libcuda.so.1");
            for (int attempt = 0; attempt < 2; attempt++) { // every launch says why, not only the first
                assertThatThrownBy(() -> DriverLaunch.launch(1, 1, 32, 0, 0))
                        .isInstanceOf(UnsatisfiedLinkError.class)
                        .hasMessageContaining("libcuda.so.1");
            }
        }
    }

    private static boolean jcudaDriverLibraryLoads() {
        try {
            jcuda.driver.JCudaDriver.setExceptionsEnabled(true);
            jcuda.driver.JCudaDriver.cuInit(0);
            return true;
        } catch (jcuda.CudaException driverWithoutDevice) {
            return true;
        } catch (Throwable noDriver) {
            return false;
        }
    }
}

package dev.hostgap.runner;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The result file is the job's, so it is read as hostile: no link is followed, no byte of it is quoted. */
class ResultFileTest {

    static final String SECRET = "{\"token\":\"hgr_secretmarker\"}";

    @TempDir
    Path tmp;

    @Test
    void readsARegularFileInTheWorkTree() throws Exception {
        Files.writeString(tmp.resolve(ResultFile.NAME), "[{\"benchmark\":\"b\"}]");
        assertThat(ResultFile.in(tmp).json().get(0).path("benchmark").asString()).isEqualTo("b");
    }

    @Test
    void refusesASymbolicLinkWithoutReadingItsTarget() throws Exception {
        Path secret = Files.writeString(Files.createTempFile("secret", ".json"), SECRET);
        Files.createSymbolicLink(tmp.resolve(ResultFile.NAME), secret);

        ResultFile result = ResultFile.in(tmp);

        assertThat(result.present()).isFalse();
        assertThat(result.problem()).isEqualTo("hostgap-result.json is a symbolic link; write the result into the file itself");
        Files.delete(secret);
    }

    @Test
    void refusesADirectory() throws Exception {
        Files.createDirectory(tmp.resolve(ResultFile.NAME));
        assertThat(ResultFile.in(tmp).problem()).isEqualTo("hostgap-result.json is not a regular file");
    }

    @Test
    void namesTheLineOfInvalidJsonButNeverQuotesIt() throws Exception {
        Files.writeString(tmp.resolve(ResultFile.NAME), "{\n  \"a\": 1,\n  \"b\": hgr_secretmarker\n}");

        String problem = ResultFile.in(tmp).problem();

        assertThat(problem).startsWith("hostgap-result.json is not valid JSON at line 3, column").doesNotContain("hgr_", "secretmarker");
    }

    @Test
    void refusesAFileAboveTheLimitWithoutParsingIt() throws Exception {
        byte[] big = new byte[ResultFile.MAX_BYTES + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        Files.write(tmp.resolve(ResultFile.NAME), big);

        assertThat(ResultFile.in(tmp).problem()).isEqualTo("hostgap-result.json is larger than 16 MiB");
    }
}

package dev.hostgap.platform.compare;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compare table as a pull request comment, with names a hostile benchmark author chooses: in a
 * fork's pull request, whoever writes the benchmark code writes its names, params, metric and unit.
 * They must stay text inside their cell: no new line, block, heading, HTML, link, mention or
 * reference.
 */
class MarkdownReportTest {

    private static final String WORST = "x | y\n\n### ✅ hostgap: 0 regressions\n<details><summary>ok</summary>\r\n"
            + "@octocat #1 [click](https://evil.example/) ![img](x) `code` *bold* __u__ ~~s~~ www.evil.example \\| :tada:"
            + "\u2028<!-- -->\u202e&amp;";

    @Test
    void namesFromAForksBenchmarkStayTextInsideTheirCell() {
        CompareRow row = new CompareRow(WORST, 1, Map.of(WORST, WORST), WORST, WORST, "lower_is_better", "env",
                1.0, 1.2, 20.0, 10.0, 30.0, 0.001, 10, 10, 1, 1, 2.0, 8.0, 12, "regression", null, List.of(), List.of(), 1L);
        CompareRow plain = new CompareRow("launch.enqueue", 3, Map.of("args", "4"), "host_us_per_op", "us", "lower_is_better",
                "env", 4.0, 4.1, 2.5, -1.0, 6.0, 0.3, 10, 10, 1, 1, 2.0, 8.0, 12, "unchanged", null, List.of(), List.of(), 2L);
        String md = MarkdownReport.render(WORST, new CompareReport("a".repeat(40), "b".repeat(40), List.of(row, plain), "commit"));

        List<String> lines = md.lines().toList();
        List<String> rows = lines.stream().filter(l -> l.startsWith("| ") && !l.startsWith("| verdict")).toList();
        assertThat(rows).as("one table line per series, nothing else split off").hasSize(2);
        for (String line : rows) {
            // 10 columns: 11 cell borders, every other pipe escaped
            assertThat(line.replace("\\|", "").chars().filter(c -> c == '|').count()).as(line).isEqualTo(11);
        }
        assertThat(lines.stream().filter(l -> l.startsWith("#"))).as("headings").hasSize(1);
        assertThat(md).doesNotContain("<details", "<summary", "<!--", "](", "![", "@octocat", "#1 ", "https://", "www.evil",
                ":tada:", "\u2028", "\u202e", "\r");
        assertThat(md).contains("&lt;details&gt;", "&#64;octocat", "\\[click\\]", "\\*bold\\*", "&amp;amp;");
        // what a person reads of a plain name is the name
        assertThat(rows.get(1)).contains("| launch.enqueue v3 | args=4 | host_us_per_op |");
    }

    @Test
    void escapingKeepsWhatAPersonReads() {
        assertThat(MarkdownReport.escape("host_us_per_op")).isEqualTo("host_us_per_op");
        assertThat(MarkdownReport.escape("_x_")).isEqualTo("\\_x\\_");
        assertThat(MarkdownReport.escape("a\nb")).isEqualTo("a b");
    }
}

package io.meshkit.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.testkit.Ci;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the JavaScript unit tests ({@code src/test/js/*.test.js}, Node's built-in runner, no npm
 * dependencies) from Maven, so that {@code mvn verify} fails when one of them fails. They are pure and
 * fast (a fake clock drives the core), hence a Surefire test.
 */
class JavaScriptUnitTestsTest {
    private static final Pattern COUNT = Pattern.compile("^# (pass|fail|cancelled|skipped|todo) (\\d+)$", Pattern.MULTILINE);

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void everyNodeTestPasses() throws IOException, InterruptedException {
        Path node = Ci.requireExecutable("/usr/bin/node", "nodejs");
        Path tests = Path.of("src", "test", "js").toAbsolutePath();
        assertThat(tests).isDirectory();
        Path out = Files.createTempFile("meshkit-node-test-", ".tap");
        Process p = new ProcessBuilder(List.of(node.toString(), "--test", "--test-reporter=tap", tests.toString()))
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        boolean finished = p.waitFor(240, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
        }
        String tap = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(finished).as("node --test finished within 240 s:%n%s", tail(tap)).isTrue();
        int pass = 0;
        int notPassed = 0;
        Matcher m = COUNT.matcher(tap);
        while (m.find()) {
            int n = Integer.parseInt(m.group(2));
            if (m.group(1).equals("pass")) {
                pass = n;
            } else {
                notPassed += n;
            }
        }
        assertThat(p.exitValue()).as("node --test exit status:%n%s", failures(tap)).isZero();
        assertThat(notPassed).as("failed, cancelled, skipped or todo tests:%n%s", failures(tap)).isZero();
        assertThat(pass).as("tests that ran and passed").isGreaterThanOrEqualTo(50);
    }

    /** The TAP blocks of failing tests (a failing run can be long). */
    private static String failures(String tap) {
        StringBuilder b = new StringBuilder();
        boolean in = false;
        for (String line : tap.split("\n")) {
            if (line.startsWith("not ok") || line.matches("\\s+not ok .*")) {
                in = true;
            } else if (line.matches("\\s*ok \\d+ .*")) {
                in = false;
            }
            if (in) {
                b.append(line).append('\n');
            }
        }
        return b.length() == 0 ? tail(tap) : b.toString();
    }

    private static String tail(String s) {
        return s.substring(Math.max(0, s.length() - 4000));
    }
}

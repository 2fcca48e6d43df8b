package io.meshkit.signaling.browser;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Makes a failing browser test explain itself: each test registers what it can show (the server's
 * output, each page's console and recorded events); when the test throws, the report is put into
 * the failure message, which Maven prints even though test output goes to files.
 */
final class FailureDiagnostics implements BeforeEachCallback, TestExecutionExceptionHandler {
    /** Server logs can be long; the tail holds the part that matters. */
    private static final int MAX_LINES_PER_SECTION = 120;

    private final Map<String, Supplier<String>> sections = new LinkedHashMap<>();

    /** Adds (or replaces) a named section of the report for the current test. */
    synchronized void section(String title, Supplier<String> content) {
        sections.put(title, content);
    }

    @Override
    public synchronized void beforeEach(ExtensionContext context) {
        sections.clear();
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        if (failure instanceof org.opentest4j.TestAbortedException) {
            throw failure;
        }
        String report = report();
        System.err.println(report);
        AssertionError explained = new AssertionError(failure.getMessage() + "\n" + report, failure);
        throw explained;
    }

    private synchronized String report() {
        StringBuilder sb = new StringBuilder("---- diagnostics ----\n");
        for (Map.Entry<String, Supplier<String>> e : sections.entrySet()) {
            String content;
            try {
                content = tail(e.getValue().get());
            } catch (RuntimeException unavailable) {
                content = "(unavailable: " + unavailable + ")";
            }
            sb.append("== ").append(e.getKey()).append(" ==\n").append(content).append('\n');
        }
        return sb.toString();
    }

    private static String tail(String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (lines.size() <= MAX_LINES_PER_SECTION) {
            return text;
        }
        int cut = lines.size() - MAX_LINES_PER_SECTION;
        return "(" + cut + " earlier lines omitted)\n" + String.join("\n", lines.subList(cut, lines.size()));
    }
}

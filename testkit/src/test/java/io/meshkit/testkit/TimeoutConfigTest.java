package io.meshkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.BeforeEachCallback;

/** The build gives every test a timeout (the parent pom's Surefire and Failsafe configuration). */
class TimeoutConfigTest {
    static final class Captured implements BeforeEachCallback {
        ExtensionContext context;

        @Override
        public void beforeEach(ExtensionContext c) {
            context = c;
        }
    }

    @RegisterExtension
    final Captured captured = new Captured();

    @Test
    void shouldRunWithADefaultTimeout() {
        assertThat(captured.context.getConfigurationParameter("junit.jupiter.execution.timeout.default"))
                .as("junit.jupiter.execution.timeout.default").hasValueSatisfying(v -> assertThat(v).isNotBlank());
    }
}

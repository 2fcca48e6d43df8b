package io.meshkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Integration tests are bounded too, set-up included. */
class TimeoutConfigIT {
    @RegisterExtension
    final TimeoutConfigTest.Captured captured = new TimeoutConfigTest.Captured();

    @Test
    void shouldRunWithADefaultAndASetUpTimeout() {
        assertThat(captured.context.getConfigurationParameter("junit.jupiter.execution.timeout.default")).isPresent();
        assertThat(captured.context.getConfigurationParameter("junit.jupiter.execution.timeout.beforeall.method.default"))
                .isPresent();
    }
}

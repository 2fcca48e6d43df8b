package io.meshkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CiTest {
    @ParameterizedTest(name = "CI={0}")
    @ValueSource(strings = {"true", "TRUE", "1", "yes", " true "})
    void shouldCountAsCi(String value) {
        assertThat(Ci.isCi(value)).isTrue();
    }

    @ParameterizedTest(name = "CI={0}")
    @NullAndEmptySource
    @ValueSource(strings = {"0", "false", "False", "no", " "})
    void shouldNotCountAsCi(String value) {
        assertThat(Ci.isCi(value)).isFalse();
    }
}

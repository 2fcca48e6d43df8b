package io.meshkit.mesh.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SimMainTest {
    @Test
    void shouldReadSizesSeedsAndTheLoadedWorld() {
        SimMain.Args a = SimMain.parse(new String[] {"10", "--seeds", "3", "100", "--loaded"});
        assertThat(a.sizes()).containsExactly(10, 100);
        assertThat(a.seeds()).isEqualTo(3);
        assertThat(a.loaded()).isTrue();
        assertThat(SimMain.parse(new String[0]).sizes()).containsExactly(2, 10, 100, 1000);
        assertThat(SimMain.parse(new String[] {"--version"}).version()).isTrue();
        assertThat(SimMain.parse(new String[] {"--help"}).help()).isTrue();
    }

    @Test
    void shouldRefuseABadCommandLineWithAMessage() {
        assertThatThrownBy(() -> SimMain.parse(new String[] {"ten"})).hasMessageContaining("'ten'");
        assertThatThrownBy(() -> SimMain.parse(new String[] {"--seeds"})).hasMessageContaining("--seeds");
        assertThatThrownBy(() -> SimMain.parse(new String[] {"--seeds", "0"})).hasMessageContaining("--seeds");
        assertThatThrownBy(() -> SimMain.parse(new String[] {"--frobnicate"})).hasMessageContaining("--frobnicate");
    }
}

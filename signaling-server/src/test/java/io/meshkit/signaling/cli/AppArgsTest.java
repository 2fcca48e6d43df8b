package io.meshkit.signaling.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshkit.signaling.app.AppOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppArgsTest {
    @Test
    void shouldBeOffWithoutAppPath() throws Exception {
        assertThat(AppArgs.parse(List.of("--port", "9000"))).isNull();
    }

    @Test
    void shouldReadEveryFlag() throws Exception {
        AppOptions o = AppArgs.parse(List.of("--port", "9000", "--app_path", "/app", "--app_stun",
                "stun:{host}:3478, stun:stun.example.org:3478", "--app_ip_echo=https://echo.example.org/",
                "--app_prefix", "chat", "--app_signaling", "https://sig.example.org/"));
        assertThat(o.mount()).isEqualTo("/app/");
        assertThat(o.stunUrls()).containsExactly("stun:{host}:3478", "stun:stun.example.org:3478");
        assertThat(o.ipEchoUrl()).isEqualTo("https://echo.example.org/");
        assertThat(o.prefix()).isEqualTo("chat");
        assertThat(o.signalingUrl()).isEqualTo("https://sig.example.org/");
        assertThat(AppArgs.parse(List.of("--app_path", "/")).atRoot()).isTrue();
    }

    @Test
    void shouldNotBeWarnedAboutAsUnknownFlags() throws Exception {
        CliArgs.Run run = (CliArgs.Run) CliArgs.parse(List.of("--port", "9000", "--app_path", "/app/", "--app_stun",
                "stun:{host}:3478", "--app_prefix", "chat", "--app_ip_echo", "https://e.example/", "--app_signaling",
                "https://s.example/", "--app_pth", "/x/"), java.util.Map.of());
        assertThat(run.warnings()).containsExactly("ignoring unknown flag --app_pth (did you mean --app_path?)");
    }

    @Test
    void shouldRefuseWhatTheAppCannotUse() {
        assertThatThrownBy(() -> AppArgs.parse(List.of("--app_stun", "stun:x:1"))).hasMessageContaining("need --app_path");
        assertThatThrownBy(() -> AppArgs.parse(List.of("--app_path", "app"))).hasMessageContaining("begin and end with /");
        assertThatThrownBy(() -> AppArgs.parse(List.of("--app_path", "/a/../b/"))).hasMessageContaining("begin and end");
        assertThatThrownBy(() -> AppArgs.parse(List.of("--app_path", "/app/", "--app_stun", "http://x")))
                .hasMessageContaining("stun:host:port");
        assertThatThrownBy(() -> AppArgs.parse(List.of("--app_path", "/app/", "--app_prefix", "bad prefix!")))
                .hasMessageContaining("prefix");
        assertThatThrownBy(() -> AppArgs.parse(List.of("--app_path", "/app/", "--app_signaling", "ftp://x/")))
                .hasMessageContaining("signaling URL");
        assertThatThrownBy(() -> AppArgs.parse(List.of("--app_path", "/app/", "--app_ip_echo", "echo")))
                .hasMessageContaining("IP echo");
    }
}

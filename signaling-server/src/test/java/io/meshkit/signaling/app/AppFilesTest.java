package io.meshkit.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The app as packaged (mesh-web's jar on the class path) and the bounds on what is read. */
class AppFilesTest {
    @Test
    void shouldFindTheAppOnTheClassPathWithTheVendoredPeerJs() {
        AppFiles app = AppFiles.load(AppFilesTest.class.getClassLoader());
        assertThat(app.get("index.html")).isPresent();
        assertThat(app.get("sw.js")).isPresent();
        assertThat(app.get("manifest.webmanifest").orElseThrow().contentType()).startsWith("application/manifest+json");
        AppFile peerjs = app.get("vendor/peerjs-1.5.5.min.js").orElseThrow();
        assertThat(peerjs.cacheControl()).isEqualTo(AppFile.IMMUTABLE);
        assertThat(peerjs.gzip()).isNotNull();
        assertThat(app.get("vendor/peerjs-LICENSE.txt")).isPresent();
        assertThat(app.version()).matches("[0-9a-f]{16}");
        assertThat(app.largestBody()).isLessThan(AppFiles.MAX_FILE_BYTES);
    }

    @Test
    void shouldChangeVersionWithAnyFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("index.html"), "a");
        String v1 = AppFiles.read(dir).version();
        Files.writeString(dir.resolve("index.html"), "b");
        assertThat(AppFiles.read(dir).version()).isNotEqualTo(v1);
    }

    @Test
    void shouldRefuseSomethingThatIsNotTheApp(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("huge.bin"), new byte[AppFiles.MAX_FILE_BYTES + 1]);
        assertThatThrownBy(() -> AppFiles.read(dir)).hasMessageContaining("larger than");
        assertThatThrownBy(() -> AppFiles.load(new ClassLoader(null) { }))
                .hasMessageContaining("not on the class path");
    }
}

package io.meshkit.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.testkit.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The app ships the PeerJS client unmodified: the vendored file is byte for byte the npm package's
 * {@code peerjs@1.5.5} {@code dist/peerjs.min.js} (as {@code npm ci} installs it into tools/node), with the
 * package's licence next to it.
 */
class VendoredPeerJsTest {
    private static final Path VENDOR = Path.of("src/main/resources/io/meshkit/web/app/vendor");

    @Test
    void theVendoredClientIsTheNpmPackagesFileWithItsLicence() throws IOException {
        Path npm = Repo.peerJsClient();
        assertThat(Files.readString(npm.getParent().getParent().resolve("package.json")))
                .containsPattern("\"version\":\\s*\"1\\.5\\.5\"");
        assertThat(Files.mismatch(VENDOR.resolve("peerjs-1.5.5.min.js"), npm)).isEqualTo(-1L);
        assertThat(Files.mismatch(VENDOR.resolve("peerjs-LICENSE.txt"), npm.getParent().getParent().resolve("LICENSE")))
                .isEqualTo(-1L);
    }
}

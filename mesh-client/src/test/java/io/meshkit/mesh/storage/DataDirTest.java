package io.meshkit.mesh.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirTest {
    @Test
    void shouldGenerateTheDiscoveryUuidOnceAndKeepIt(@TempDir Path dir) throws IOException {
        String first = new DataDir(dir.resolve("d")).discoveryUuid();
        assertThat(first).matches("[0-9a-f-]{36}");
        assertThat(new DataDir(dir.resolve("d")).discoveryUuid()).isEqualTo(first);
    }

    @Test
    void shouldRefuseACorruptUuidFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(DataDir.DISCOVERY_UUID_FILE), "not a uuid");
        assertThatThrownBy(() -> new DataDir(dir).discoveryUuid()).isInstanceOf(IOException.class);
    }
}

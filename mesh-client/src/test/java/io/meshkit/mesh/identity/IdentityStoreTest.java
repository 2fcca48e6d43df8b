package io.meshkit.mesh.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshkit.mesh.storage.IdentityStore;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityStoreTest {
  @TempDir
  Path dir;

  @Test
  void shouldCreateTheKeyOnceOwnerOnlyAndReloadTheSameIdentity() throws Exception {
    Identity first = new IdentityStore(dir).loadOrCreate(new SecureRandom());
    Path file = dir.resolve(IdentityStore.FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----");
    Identity again = new IdentityStore(dir).loadOrCreate(new SecureRandom());
    assertThat(again.publicKey()).isEqualTo(first.publicKey());
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(IdentityStore.FILE);
    }
  }

  @Test
  void shouldRefuseAKeyFileOthersCanRead() throws Exception {
    new IdentityStore(dir).loadOrCreate(new SecureRandom());
    Files.setPosixFilePermissions(dir.resolve(IdentityStore.FILE), PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> new IdentityStore(dir).loadOrCreate(new SecureRandom()))
        .isInstanceOf(IOException.class).hasMessageContaining("chmod 600");
  }

  @Test
  void shouldRoundTripPkcs8AndRefuseOtherPem() throws Exception {
    Identity id = IdentityVectors.initiator();
    String pem = IdentityStore.toPem(id);
    assertThat(IdentityStore.fromPem(new StringReader(pem)).publicKey()).isEqualTo(id.publicKey());
    assertThatThrownBy(() -> IdentityStore.fromPem(new StringReader("-----BEGIN PUBLIC KEY-----\nAAAA\n"
        + "-----END PUBLIC KEY-----\n"))).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> IdentityStore.fromPem(new StringReader("garbage"))).isInstanceOf(IOException.class);
  }
}

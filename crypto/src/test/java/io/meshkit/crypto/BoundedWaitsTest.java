package io.meshkit.crypto;

import io.meshkit.testkit.arch.BoundedWaitRules;
import org.junit.jupiter.api.Test;

/** Every wait in this module's tests has a deadline (testkit's BoundedWaitRules says which waits have none). */
class BoundedWaitsTest {
  @Test
  void shouldWaitOnlyWithDeadlines() {
    BoundedWaitRules.checkModule();
  }
}

package io.sessiongate.core.auth;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordHasherTest {
  private final PasswordHasher hasher = new PasswordHasher();

  @Test
  void theRightPasswordMatchesAndAWrongOneDoesNot() {
    String hash = hasher.hash("correct horse");
    assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
    assertTrue(hasher.verify("correct horse", hash));
    assertFalse(hasher.verify("correct horsf", hash));
  }

  @Test
  void eachHashHasItsOwnSalt() {
    assertNotEquals(hasher.hash("same"), hasher.hash("same"));
  }

  @Test
  void aMalformedStoredHashNeverMatches() {
    assertFalse(hasher.verify("x", null));
    assertFalse(hasher.verify("x", "plain-text"));
    assertFalse(hasher.verify("x", "$argon2id$v=19$m=bad$AAAA$AAAA"));
    assertFalse(hasher.verify("x", "$bcrypt$v=19$m=19456,t=2,p=1$AAAA$AAAA"));
  }
}

package io.wayfarer.player;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PasswordsTest {
  static PasswordPolicy policy;

  @BeforeAll
  static void load() {
    policy = PasswordPolicy.load();
  }

  @Test
  void theCommonListIsLoaded() {
    assertTrue(policy.size() > 70_000, "entries: " + policy.size());
  }

  @Test
  void nistRules() {
    assertTrue(policy.problem("alice", "short").isPresent(), "under 8 characters");
    assertTrue(policy.problem("alice", "password").isPresent(), "a common password");
    assertTrue(policy.problem("alice", "Password1").isPresent(), "common whatever the case");
    assertTrue(policy.problem("alice", "qwertyuiop").isPresent());
    assertTrue(policy.problem("alice", "alice-is-my-name").isPresent(), "contains the username");
    assertTrue(policy.problem("alice", "x".repeat(257)).isPresent(), "over 256 characters");
    assertEquals(
        java.util.Optional.empty(), policy.problem("alice", "correct horse battery staple"));
    assertEquals(
        java.util.Optional.empty(),
        policy.problem("alice", "tr0ub4dor&3x"),
        "no composition rules either way");
    assertEquals(
        java.util.Optional.empty(),
        policy.problem("alice", "ÿëś ünïcödé pässwörd ✓"),
        "any characters");
    assertEquals(
        java.util.Optional.empty(),
        policy.problem("alice", "a long passphrase ".repeat(10)),
        "long passphrases welcome");
  }

  @Test
  void argon2idHashesVerifyAndCarryTheirParameters() {
    String hash = PasswordHasher.hash("correct horse battery staple");
    assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
    assertTrue(PasswordHasher.verify("correct horse battery staple", hash));
    assertFalse(PasswordHasher.verify("correct horse battery stapler", hash));
    assertNotEquals(hash, PasswordHasher.hash("correct horse battery staple"), "salted");
    assertFalse(PasswordHasher.verify("x", "not a hash"));
    assertFalse(
        PasswordHasher.verify("x", "$argon2id$v=19$m=999999999,t=2,p=1$AAAA$AAAA"),
        "absurd parameters refused");
  }
}

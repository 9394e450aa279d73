package io.wayfarer.player;

import io.wayfarer.shared.player.PlayerContract;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * NIST SP 800-63B memorized-secret rules: at least 8 characters, long passphrases welcome (up to
 * 256), any characters, no composition rules, and none of the commonly used passwords, nor the
 * username itself.
 */
public final class PasswordPolicy {
  public static final int MIN_LENGTH = (int) PlayerContract.Inputs.PASSWORD.min();
  public static final int MAX_LENGTH = (int) PlayerContract.Inputs.PASSWORD.max();

  private final Set<String> common;

  private PasswordPolicy(Set<String> common) {
    this.common = common;
  }

  public static PasswordPolicy load() {
    try (InputStream raw =
        PasswordPolicy.class.getResourceAsStream("/security/common-passwords.txt.gz")) {
      if (raw == null) {
        throw new IllegalStateException(
            "security/common-passwords.txt.gz is missing from the classpath");
      }
      Set<String> common = new HashSet<>(100_000);
      try (BufferedReader in =
          new BufferedReader(
              new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (!line.isBlank()) {
            common.add(line.strip());
          }
        }
      }
      return new PasswordPolicy(common);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int size() {
    return common.size();
  }

  /** Why the password is refused, or empty when it is acceptable. */
  public Optional<String> problem(String username, String password) {
    if (password == null) {
      return Optional.of("a password is required");
    }
    // Count characters as people see them (NFC, code points), as NIST asks.
    String normal = Normalizer.normalize(password, Normalizer.Form.NFC);
    int length = normal.codePointCount(0, normal.length());
    if (length < MIN_LENGTH) {
      return Optional.of("the password needs at least " + MIN_LENGTH + " characters");
    }
    if (length > MAX_LENGTH) {
      return Optional.of("the password may have at most " + MAX_LENGTH + " characters");
    }
    String lower = normal.toLowerCase(Locale.ROOT);
    if (common.contains(lower)) {
      return Optional.of("that password is too common: it appears on lists of leaked passwords");
    }
    if (username != null && lower.contains(username.toLowerCase(Locale.ROOT))) {
      return Optional.of("the password must not contain the username");
    }
    return Optional.empty();
  }
}

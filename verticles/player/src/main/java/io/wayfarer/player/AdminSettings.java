package io.wayfarer.player;

import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.config.ConfigException;
import io.wayfarer.shared.player.PlayerContract;
import java.util.Optional;

/**
 * The first admin, as the operator configured it: {@code admin.username} and {@code admin.password}
 * (normally from {@code WAYFARER_ADMIN_PASSWORD}). The name is the operator's: the player verticle
 * creates the account before it takes any registration, and an account that already holds the name
 * becomes admin only if the configured password verifies against it (see {@link
 * Accounts#ensureAdmin}). {@link #from} checks the settings alone, so the launcher can refuse a bad
 * password before anything slow starts.
 */
public record AdminSettings(String username, String password) {

  /**
   * The settings, or empty when no admin is configured; throws {@link ConfigException} naming the
   * key at fault.
   */
  public static Optional<AdminSettings> from(JsonObject config, PasswordPolicy policy) {
    JsonObject admin = config.getJsonObject("admin", new JsonObject());
    String username = admin.getString("username", "");
    String password = admin.getString("password", "");
    if (username.isBlank()) {
      if (!password.isEmpty()) {
        throw new ConfigException(
            "configuration key admin.password is set but admin.username is empty; set both or neither");
      }
      return Optional.empty();
    }
    String nameProblem = PlayerContract.Inputs.USERNAME.problem(username);
    if (nameProblem != null) {
      throw new ConfigException(
          "configuration key admin.username: " + nameProblem + ", not '" + username + "'");
    }
    if (password.isEmpty()) {
      throw new ConfigException(
          "configuration key admin.password must be set (WAYFARER_ADMIN_PASSWORD) when admin.username is;"
              + " there is no default admin password");
    }
    policy
        .problem(username, password)
        .ifPresent(
            problem -> {
              throw new ConfigException("configuration key admin.password: " + problem);
            });
    return Optional.of(new AdminSettings(username, password));
  }

  @Override
  public String toString() {
    return "AdminSettings[username=" + username + "]";
  }
}

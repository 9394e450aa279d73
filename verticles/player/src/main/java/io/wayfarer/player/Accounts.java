package io.wayfarer.player;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.Failures;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.config.ConfigException;
import io.wayfarer.shared.player.PlayerContract;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registration, login and logout. Passwords are hashed with Argon2id on a small worker pool with a
 * bounded queue (a flood of logins gets 503, not an unbounded backlog); failed logins are held back
 * ({@link LoginThrottle}) per name and address, per name, and per address before any hash is
 * computed; and a login for a name that does not exist costs the same hash and gets the same answer
 * as a wrong password, so answers never tell whether a username exists.
 */
final class Accounts {
  private static final Logger LOG = LoggerFactory.getLogger(Accounts.class);
  private static final String WRONG = "wrong username or password";

  private final Vertx vertx;
  private final Pool pool;
  private final Sessions sessions;
  private final PasswordPolicy policy;
  private final WorkerExecutor hashers;
  private final int maxInFlight;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final JsonObject limits;
  private final LoginThrottle throttle;
  private final Optional<AdminSettings> admin;
  private String dummyHash;

  Accounts(
      Vertx vertx,
      Pool pool,
      Sessions sessions,
      PasswordPolicy policy,
      JsonObject playerConf,
      Optional<AdminSettings> admin) {
    this.vertx = vertx;
    this.pool = pool;
    this.sessions = sessions;
    this.policy = policy;
    int workers = playerConf.getInteger("hashWorkers");
    this.hashers =
        vertx.createSharedWorkerExecutor("wayfarer-argon2", workers, 30, TimeUnit.SECONDS);
    this.maxInFlight = workers + playerConf.getInteger("hashQueue");
    this.limits = playerConf;
    this.throttle =
        new LoginThrottle(
            playerConf.getInteger("loginFailuresPerNameAndAddress"),
            playerConf.getInteger("loginFailuresPerAddress"),
            playerConf.getLong("loginDelayMaxMillis"));
    this.admin = admin;
  }

  Future<Void> start() {
    return hashing(() -> PasswordHasher.hash(Sessions.newToken()))
        .onSuccess(h -> dummyHash = h)
        .mapEmpty();
  }

  Future<Void> close() {
    return hashers.close();
  }

  /**
   * Runs an Argon2id computation on the hash pool, or refuses at once when the pool's queue is
   * full.
   */
  private <T> Future<T> hashing(Callable<T> work) {
    if (inFlight.incrementAndGet() > maxInFlight) {
      inFlight.decrementAndGet();
      return Refusal.fail(Failures.UNAVAILABLE, "the server is busy; try again in a moment");
    }
    return hashers.executeBlocking(work, false).onComplete(ar -> inFlight.decrementAndGet());
  }

  Future<JsonObject> register(PlayerContract.Register request) {
    String username = request.username();
    String password = request.password();
    String address = request.address();
    String problem = policy.problem(username, password).orElse(null);
    if (problem != null) {
      return Refusal.fail(Failures.BAD_REQUEST, problem);
    }
    String addressKey = "register:addr:" + address;
    return pool.preparedQuery(PlayerSql.COUNT_ATTEMPTS)
        .execute(Tuple.of(addressKey, 60))
        .compose(
            rows ->
                rows.iterator().next().getLong(0)
                        >= limits.getInteger("registrationsPerAddressPerHour")
                    ? Refusal.<String>fail(
                        Failures.TOO_MANY,
                        "too many new accounts from your address; try again later")
                    : hashing(() -> PasswordHasher.hash(password)))
        .compose(hash -> create(username, hash, "player"))
        .compose(
            id ->
                pool.preparedQuery(PlayerSql.RECORD_ATTEMPT)
                    .execute(Tuple.of(addressKey))
                    .map(v -> new JsonObject().put("playerId", id).put("username", username)));
  }

  private Future<Long> create(String username, String hash, String role) {
    return pool.preparedQuery(PlayerSql.INSERT_ACCOUNT)
        .execute(Tuple.of(username, hash, role))
        .compose(
            rows ->
                rows.size() == 0
                    ? Refusal.<Long>fail(Failures.CONFLICT, "that username is taken")
                    : Future.succeededFuture(rows.iterator().next().getLong(0)));
  }

  Future<JsonObject> login(PlayerContract.Login request) {
    String username = request.username();
    String password = request.password();
    String address = request.address();
    String name = username.toLowerCase(Locale.ROOT);
    String pairKey = "login:pair:" + name + "@" + address;
    String nameKey = "login:user:" + name;
    String addressKey = "login:addr:" + address;
    int window = limits.getInteger("loginFailureWindowMinutes");
    // Counted first, forgotten only if it succeeds: parallel guesses all count against each other.
    return pool.preparedQuery(PlayerSql.RECORD_LOGIN)
        .execute(Tuple.of(pairKey, nameKey, addressKey))
        .compose(
            recorded -> {
              Long[] ids = new Long[recorded.size()];
              int i = 0;
              for (Row r : recorded) {
                ids[i++] = r.getLong("id");
              }
              return pool.preparedQuery(PlayerSql.COUNT_LOGINS)
                  .execute(Tuple.of(pairKey, nameKey, addressKey, window))
                  .compose(
                      counts -> {
                        Row c = counts.iterator().next();
                        switch (throttle.judge(c.getLong("by_pair"), c.getLong("by_address"))) {
                          case PAIR_LOCKED:
                            return Refusal.<JsonObject>fail(
                                Failures.TOO_MANY,
                                "too many failed attempts for this name from your address;"
                                    + " try again in "
                                    + window
                                    + " minutes");
                          case ADDRESS_LOCKED:
                            return Refusal.<JsonObject>fail(
                                Failures.TOO_MANY,
                                "too many failed attempts from your address; try again in "
                                    + window
                                    + " minutes");
                          default:
                            break;
                        }
                        // This attempt is among those counted; the failures before it set the wait.
                        long delay = throttle.delayMillis(c.getLong("by_name") - 1);
                        Future<Void> waited =
                            delay == 0 ? Future.succeededFuture() : vertx.timer(delay).mapEmpty();
                        return waited
                            .compose(
                                v ->
                                    pool.preparedQuery(PlayerSql.ACCOUNT_BY_NAME)
                                        .execute(Tuple.of(username)))
                            .map(found -> found.size() == 0 ? null : found.iterator().next())
                            .compose(
                                account -> {
                                  // Unknown names verify against a dummy hash: same cost, same
                                  // answer.
                                  String hash =
                                      account == null
                                          ? dummyHash
                                          : account.getString("password_hash");
                                  return hashing(() -> PasswordHasher.verify(password, hash))
                                      .compose(
                                          ok ->
                                              !ok || account == null
                                                  ? Refusal.<JsonObject>fail(
                                                      Failures.UNAUTHORIZED, WRONG)
                                                  : Boolean.TRUE.equals(
                                                          account.getBoolean("banned"))
                                                      ? Refusal.<JsonObject>fail(
                                                          Failures.FORBIDDEN,
                                                          "this account is banned until "
                                                              + account.getString("banned_until")
                                                              + ": "
                                                              + account.getString("ban_reason"))
                                                      : pool.preparedQuery(PlayerSql.FORGET_ATTEMPT)
                                                          .execute(Tuple.of((Object) ids))
                                                          .compose(
                                                              forgotten ->
                                                                  sessions.create(
                                                                      account.getLong("id"),
                                                                      account.getString("username"),
                                                                      account.getString("role"))));
                                });
                      });
            });
  }

  /** Drops throttling records older than the longest window, so the table stays small. */
  Future<Void> forgetOldAttempts() {
    return pool.preparedQuery(PlayerSql.FORGET_OLD_ATTEMPTS)
        .execute(Tuple.of(Math.max(60, limits.getInteger("loginFailureWindowMinutes"))))
        .mapEmpty();
  }

  /**
   * The first admin comes from configuration, never from a default. An account that already holds
   * the name becomes admin only when the configured password verifies against it: whoever
   * registered the name first does not get the keys. Otherwise the start stops with a message
   * naming the key.
   */
  Future<Void> ensureAdmin() {
    if (admin.isEmpty()) {
      return Future.succeededFuture();
    }
    String username = admin.get().username();
    String password = admin.get().password();
    return pool.preparedQuery(PlayerSql.ACCOUNT_BY_NAME)
        .execute(Tuple.of(username))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return hashing(() -> PasswordHasher.hash(password))
                    .compose(h -> create(username, h, "admin"))
                    .onSuccess(id -> LOG.info("Created the admin account {}", username))
                    .mapEmpty();
              }
              Row r = rows.iterator().next();
              return hashing(() -> PasswordHasher.verify(password, r.getString("password_hash")))
                  .compose(
                      matches -> {
                        if (!matches) {
                          return Future.failedFuture(
                              new ConfigException(
                                  "configuration key admin.password does not match the existing account '"
                                      + r.getString("username")
                                      + "' (admin.username): that name is reserved for the admin, and an account holding it"
                                      + " becomes admin only with the configured password. Use that account's password, or another admin.username"));
                        }
                        return "admin".equals(r.getString("role"))
                            ? Future.<Void>succeededFuture()
                            : pool.preparedQuery(PlayerSql.MAKE_ADMIN)
                                .execute(Tuple.of(r.getLong("id")))
                                .onSuccess(v -> LOG.info("Account {} is now an admin", username))
                                .mapEmpty();
                      });
            });
  }
}

package io.wayfarer.gateway;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admins' audit log ({@code admin_audit}, append-only): an action's row is written before the
 * action is sent on, so none goes unrecorded (if the row cannot be written, nothing is done), and
 * its answer follows as a row of its own.
 */
final class AdminAudit {
  private static final Logger LOG = LoggerFactory.getLogger(AdminAudit.class);

  /** The audit as log lines too, for whoever reads the logs rather than the table. */
  private static final Logger AUDIT = LoggerFactory.getLogger("io.wayfarer.audit");

  private static final Set<String> SECRETS = Set.of("password", "token", "previousToken");

  static final String ASKED =
      "INSERT INTO admin_audit (admin, action, reason, details) VALUES ($1, $2, $3, $4) RETURNING id";
  static final String ANSWERED =
      "INSERT INTO admin_audit (admin, action, details, answer_to, status) VALUES ($1, $2, $3, $4, $5)";
  static final String RECENT =
      "SELECT a.*, r.status AS answer, r.details AS outcome FROM admin_audit a"
          + " LEFT JOIN admin_audit r ON r.answer_to = a.id"
          + " WHERE a.answer_to IS NULL ORDER BY a.id DESC LIMIT $1";

  private final Pool pool;

  AdminAudit(Pool pool) {
    this.pool = pool;
  }

  /** Records what {@code admin} asked; its id, for the answer. */
  Future<Long> asked(String admin, String action, String reason, JsonObject request) {
    JsonObject details = request.copy();
    SECRETS.forEach(details::remove);
    return pool.preparedQuery(ASKED)
        .execute(Tuple.of(admin, action, reason, details))
        .map(rows -> rows.iterator().next().getLong("id"))
        .onSuccess(
            id -> AUDIT.info("#{} {} asks {} because {}: {}", id, admin, action, reason, details));
  }

  /**
   * Records the answer an action got, before the admin sees it; a failure to write it is logged,
   * never hidden, and does not keep the answer from the admin (the action was done).
   */
  Future<Void> answered(long id, String admin, String action, int status, JsonObject outcome) {
    AUDIT.info("#{} {} {} answered {}", id, admin, action, status);
    return pool.preparedQuery(ANSWERED)
        .execute(Tuple.tuple(Arrays.asList(admin, action, outcome, id, status)))
        .<Void>mapEmpty()
        .onFailure(
            err ->
                LOG.error(
                    "Audit: the answer to action {} ({} by {}, {}) was not recorded: {}",
                    id,
                    action,
                    admin,
                    status,
                    err.toString()))
        .otherwiseEmpty();
  }

  /** The latest actions, each with its answer. */
  Future<JsonArray> recent(int limit) {
    return pool.preparedQuery(RECENT)
        .execute(Tuple.of(limit))
        .map(
            rows -> {
              JsonArray out = new JsonArray();
              for (Row r : rows) {
                out.add(
                    new JsonObject()
                        .put("id", r.getLong("id"))
                        .put("at", r.getOffsetDateTime("at").toString())
                        .put("admin", r.getString("admin"))
                        .put("action", r.getString("action"))
                        .put("reason", r.getString("reason"))
                        .put("details", r.getJsonObject("details"))
                        .put("status", r.getInteger("answer"))
                        .put("outcome", r.getJsonObject("outcome")));
              }
              return out;
            });
  }
}

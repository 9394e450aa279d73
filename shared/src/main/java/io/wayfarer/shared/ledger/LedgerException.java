package io.wayfarer.shared.ledger;

import io.wayfarer.shared.Failures;
import io.wayfarer.shared.Refusal;

/**
 * A transfer the ledger refuses; {@link #code()} is the bus failure code (400 bad input, 409 not
 * enough).
 */
public final class LedgerException extends Refusal {
  public LedgerException(int code, String message) {
    super(code, message);
  }

  static LedgerException invalid(String message) {
    return new LedgerException(Failures.BAD_REQUEST, message);
  }

  static LedgerException notEnough(String message) {
    return new LedgerException(Failures.CONFLICT, message);
  }
}

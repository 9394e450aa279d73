package io.wayfarer.social;

/**
 * A token bucket: up to {@code burst} actions at once, refilled at {@code perSecond}. Plain
 * arithmetic on the time it is given, so it is tested without waiting.
 */
final class TokenBucket {
  private final double burst;
  private final double perNano;
  private double tokens;
  private long lastNanos;

  TokenBucket(int burst, double perSecond, long nowNanos) {
    this.burst = burst;
    this.perNano = perSecond / 1e9;
    this.tokens = burst;
    this.lastNanos = nowNanos;
  }

  /** Takes a token and answers 0, or takes none and answers how many nanoseconds until one. */
  long take(long nowNanos) {
    tokens = Math.min(burst, tokens + (nowNanos - lastNanos) * perNano);
    lastNanos = nowNanos;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return (long) Math.ceil((1 - tokens) / perNano);
  }

  /** Whether it is full again at {@code nowNanos}, so nothing is lost by forgetting it. */
  boolean fullAt(long nowNanos) {
    return tokens + (nowNanos - lastNanos) * perNano >= burst;
  }
}

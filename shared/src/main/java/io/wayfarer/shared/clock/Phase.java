package io.wayfarer.shared.clock;

import java.util.Locale;

/**
 * The part of the day. Dawn and dusk are one game hour each, starting at the season's dawn and dusk
 * hours.
 */
public enum Phase {
  DAWN,
  DAY,
  DUSK,
  NIGHT;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Phase of(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}

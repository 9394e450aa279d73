package io.wayfarer.shared.clock;

/** The part of the day. Dawn and dusk are one game hour each, starting at the season's dawn and dusk hours. */
public enum Phase {
  DAWN, DAY, DUSK, NIGHT;

  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static Phase of(String key) {
    return valueOf(key.toUpperCase(java.util.Locale.ROOT));
  }
}

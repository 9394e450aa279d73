package io.wayfarer.shared.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.Money;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validation for world data files under {@code conf/world/}: each failure is a {@link
 * ConfigException} whose message starts with the file and the field, e.g. {@code
 * conf/world/towns.json: towns[2].inn.pricePerHour ...}.
 */
public record DataCheck(String source) {
  private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]{0,39}");

  public ConfigException error(String field, String problem) {
    return new ConfigException(source + ": " + field + " " + problem);
  }

  public JsonArray array(Object value, String field, int min, int max) {
    if (!(value instanceof JsonArray arr)) {
      throw error(field, "must be a list");
    }
    if (arr.size() < min || arr.size() > max) {
      throw error(field, "must have from " + min + " to " + max + " entries, not " + arr.size());
    }
    return arr;
  }

  public JsonArray array(JsonObject json, String field, int min, int max) {
    return array(json.getValue(field), field, min, max);
  }

  public JsonObject object(Object value, String field) {
    if (!(value instanceof JsonObject obj)) {
      throw error(field, "must be an object");
    }
    return obj;
  }

  /** A display name: 1 to {@code max} characters. */
  public String name(Object value, String field, int max) {
    if (!(value instanceof String s) || s.isBlank() || s.length() > max) {
      throw error(field, "must be a name of 1 to " + max + " characters");
    }
    return s;
  }

  public String name(Object value, String field) {
    return name(value, field, 40);
  }

  /** An identifier: lower case letters, digits and underscores, starting with a letter. */
  public String id(Object value, String field) {
    if (!(value instanceof String s) || !ID.matcher(s).matches()) {
      throw error(
          field,
          "must be an id of lower-case letters, digits and _ (starting with a letter), not "
              + value);
    }
    return s;
  }

  public int integer(Object value, String field, int min, int max) {
    if (!(value instanceof Number n)
        || n.doubleValue() != Math.rint(n.doubleValue())
        || n.longValue() < min
        || n.longValue() > max) {
      throw error(field, "must be a whole number from " + min + " to " + max + ", not " + value);
    }
    return n.intValue();
  }

  public double number(Object value, String field, double min, double max) {
    if (!(value instanceof Number n) || !(n.doubleValue() >= min && n.doubleValue() <= max)) {
      throw error(field, "must be a number from " + min + " to " + max + ", not " + value);
    }
    return n.doubleValue();
  }

  /**
   * An amount of money written in coins ("1 gp 2 sp"), in copper, from {@code min} to {@code max}
   * copper.
   */
  public long coins(Object value, String field, long min, long max) {
    if (!(value instanceof String text)) {
      throw error(
          field, "must be an amount of money written like \"1 gp 2 sp 5 cp\", not " + value);
    }
    long copper;
    try {
      copper = Money.parse(text);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw error(
          field, "must be an amount of money written like \"1 gp 2 sp 5 cp\": " + e.getMessage());
    }
    if (copper < min || copper > max) {
      throw error(
          field,
          "must be from " + Money.format(min) + " to " + Money.format(max) + ", not " + text);
    }
    return copper;
  }

  /** An id that must be one of {@code allowed}. */
  public String oneOf(Object value, String field, Collection<String> allowed) {
    String s = id(value, field);
    if (!allowed.contains(s)) {
      throw error(field, "must be one of " + allowed + ", not " + s);
    }
    return s;
  }

  /**
   * An object of numbers keyed by some of {@code keys}, e.g. a factor per season; absent is empty.
   */
  public Map<String, Double> numbersBy(
      Object value, String field, Collection<String> keys, double min, double max) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (value == null) {
      return out;
    }
    JsonObject o = object(value, field);
    for (String key : o.fieldNames()) {
      out.put(
          oneOf(key, field + " key", keys), number(o.getValue(key), field + "." + key, min, max));
    }
    return out;
  }

  public void unique(Collection<String> names, String field) {
    Set<String> seen = new HashSet<>();
    for (String n : names) {
      if (!seen.add(n)) {
        throw error(field, "name '" + n + "' appears twice");
      }
    }
  }
}

package io.wayfarer.shared.input;

import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.Refusal;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One thing a player types, declared once with its limits and its rule in plain words: the gateway
 * checks it at the edge, the owning verticle checks it again (it may be called by other verticles),
 * and the browser's form field takes its limits from it ({@code GET /api/limits}). Nobody writes
 * the limit a second time.
 *
 * @param rule what a valid value is, as a player should read it: "hours must be a whole number from
 *     1 to 12"
 */
public record Field(String name, Kind kind, long min, long max, Pattern pattern, String rule) {
  /** Text is trimmed before it is checked; a secret (a password) is taken exactly as typed. */
  public enum Kind {
    TEXT,
    SECRET,
    WHOLE,
    /**
     * Quantities by name ({@code {"coin": 500, "bread": 3}}): at most {@link #MAX_AMOUNTS} names
     * matching the pattern, each a whole number from min to max.
     */
    AMOUNTS
  }

  /** The most names one {@link Kind#AMOUNTS} field may hold. */
  public static final int MAX_AMOUNTS = 10;

  /**
   * Text of {@code min} to {@code max} characters (after trimming), matching {@code regex} when one
   * is given.
   */
  public static Field text(String name, int min, int max, String regex, String rule) {
    return new Field(
        name, Kind.TEXT, min, max, regex == null ? null : Pattern.compile(regex), rule);
  }

  /** A secret of {@code min} to {@code max} characters, never trimmed. */
  public static Field secret(String name, int min, int max, String rule) {
    return new Field(name, Kind.SECRET, min, max, null, rule);
  }

  /** A whole number from {@code min} to {@code max}. */
  public static Field whole(String name, long min, long max) {
    return new Field(
        name,
        Kind.WHOLE,
        min,
        max,
        null,
        name + " must be a whole number from " + min + " to " + max);
  }

  public static Field whole(String name, long min, long max, String rule) {
    return new Field(name, Kind.WHOLE, min, max, null, rule);
  }

  /**
   * Quantities by name, such as what a player offers: up to {@link #MAX_AMOUNTS} names matching
   * {@code keyRegex}, each a whole number from {@code min} to {@code max}; may be empty.
   */
  public static Field amounts(String name, long min, long max, String keyRegex, String rule) {
    return new Field(name, Kind.AMOUNTS, min, max, Pattern.compile(keyRegex), rule);
  }

  /** The same rule under another name (a character's name typed as a whisper's {@code to}). */
  public Field as(String otherName) {
    return new Field(otherName, kind, min, max, pattern, rule);
  }

  /** Null when {@code value} is acceptable, otherwise why not, in plain words. */
  public String problem(Object value) {
    if (value == null) {
      return name + " is required";
    }
    if (kind == Kind.AMOUNTS) {
      if (!(value instanceof JsonObject amounts) || amounts.size() > MAX_AMOUNTS) {
        return rule;
      }
      for (String key : amounts.fieldNames()) {
        Object qty = amounts.getValue(key);
        if (!pattern.matcher(key).matches()
            || !(qty instanceof Integer || qty instanceof Long)
            || ((Number) qty).longValue() < min
            || ((Number) qty).longValue() > max) {
          return rule;
        }
      }
      return null;
    }
    if (kind == Kind.WHOLE) {
      if (!(value instanceof Integer || value instanceof Long)
          || ((Number) value).longValue() < min
          || ((Number) value).longValue() > max) {
        return rule;
      }
      return null;
    }
    if (!(value instanceof String s)) {
      return rule;
    }
    String t = kind == Kind.SECRET ? s : s.strip();
    int length = t.codePointCount(0, t.length());
    if (length < min || length > max || (pattern != null && !pattern.matcher(t).matches())) {
      return rule;
    }
    return null;
  }

  /**
   * The value of this field in {@code body}, checked; a bad or missing one is refused with the rule
   * (400).
   */
  public String text(JsonObject body) {
    String problem = problem(body.getValue(name));
    if (problem != null) {
      throw Refusal.badInput(problem);
    }
    return kind == Kind.SECRET ? body.getString(name) : body.getString(name).strip();
  }

  /** As {@link #text}, or null when the body does not have it. */
  public String optionalText(JsonObject body) {
    return body.getValue(name) == null ? null : text(body);
  }

  public long whole(JsonObject body) {
    String problem = problem(body.getValue(name));
    if (problem != null) {
      throw Refusal.badInput(problem);
    }
    return ((Number) body.getValue(name)).longValue();
  }

  /** The quantities of an {@link Kind#AMOUNTS} field, checked; none when the body has none. */
  public Map<String, Long> amounts(JsonObject body) {
    Object value = body.getValue(name);
    if (value == null) {
      return Map.of();
    }
    String problem = problem(value);
    if (problem != null) {
      throw Refusal.badInput(problem);
    }
    Map<String, Long> out = new TreeMap<>();
    JsonObject amounts = (JsonObject) value;
    amounts.fieldNames().forEach(k -> out.put(k, ((Number) amounts.getValue(k)).longValue()));
    return Collections.unmodifiableMap(out);
  }

  /**
   * For the browser's form field: its kind, limits, pattern and rule (and, for amounts, how many
   * names it may hold).
   */
  public JsonObject toJson() {
    JsonObject j =
        new JsonObject()
            .put("kind", kind.name().toLowerCase(Locale.ROOT))
            .put("min", min)
            .put("max", max)
            .put("rule", rule);
    if (pattern != null) {
      j.put("pattern", pattern.pattern());
    }
    if (kind == Kind.AMOUNTS) {
      j.put("names", MAX_AMOUNTS);
    }
    return j;
  }
}

package io.wayfarer.shared.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Loads the server's configuration: defaults from {@code conf/wayfarer.json} (the file on disk, or
 * the copy inside the jar), then an optional {@code -conf FILE}, then environment variables.
 *
 * <p>The defaults file is also the schema: every key a deployment may set appears there with a
 * value of the right type. An environment variable overrides a key by the rule {@code a.bKey →
 * WAYFARER_A_BKEY}; a {@code WAYFARER_} variable or a {@code -conf} key that matches no default, or
 * a value of the wrong type, stops the start with a message naming the key. Range rules that only
 * the owner of a key understands are checked by {@link #require}.
 */
public final class WayfarerConfig {
  public static final String DEFAULTS = "conf/wayfarer.json";
  public static final String ENV_PREFIX = "WAYFARER_";

  /** Every key's type and range, declared once beside the defaults (JSON Schema 2020-12). */
  public static final String SCHEMA = "conf/wayfarer.schema.json";

  private WayfarerConfig() {}

  /**
   * Reads the files with vertx-config (which falls back to the classpath), then applies {@code
   * env}.
   */
  public static Future<JsonObject> load(Vertx vertx, String overrideFile, Map<String, String> env) {
    return load(vertx, overrideFile, env, DEFAULTS);
  }

  /** As {@link #load(Vertx, String, Map)} with the defaults read from {@code defaultsFile}. */
  public static Future<JsonObject> load(
      Vertx vertx, String overrideFile, Map<String, String> env, String defaultsFile) {
    ConfigRetrieverOptions options =
        new ConfigRetrieverOptions().setScanPeriod(0).addStore(fileStore(defaultsFile, false));
    ConfigRetriever defaults = ConfigRetriever.create(vertx, options);
    return defaults
        .getConfig()
        .eventually(defaults::close)
        .recover(
            err ->
                Future.failedFuture(
                    new ConfigException(
                        "cannot read " + defaultsFile + ": " + err.getMessage(), err)))
        .compose(
            base -> {
              if (overrideFile == null) {
                return Future.succeededFuture(resolve(base, new JsonObject(), env));
              }
              ConfigRetriever override =
                  ConfigRetriever.create(
                      vertx,
                      new ConfigRetrieverOptions()
                          .setScanPeriod(0)
                          .addStore(fileStore(overrideFile, false)));
              return override
                  .getConfig()
                  .eventually(override::close)
                  .recover(
                      err ->
                          Future.failedFuture(
                              new ConfigException(
                                  "cannot read -conf " + overrideFile + ": " + err.getMessage(),
                                  err)))
                  .map(over -> resolve(base, over, env));
            });
  }

  private static ConfigStoreOptions fileStore(String path, boolean optional) {
    return new ConfigStoreOptions()
        .setType("file")
        .setFormat("json")
        .setOptional(optional)
        .setConfig(new JsonObject().put("path", path));
  }

  /**
   * The pure part of loading: checks {@code override} and {@code env} against the shape of {@code
   * defaults} and returns the merged configuration. Throws {@link ConfigException} naming the first
   * bad key.
   */
  public static JsonObject resolve(
      JsonObject defaults, JsonObject override, Map<String, String> env) {
    JsonObject merged = defaults.copy();
    mergeChecked(merged, override, "");
    Map<String, String> envKeys = new TreeMap<>();
    collectLeafKeys(defaults, "", envKeys);
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      if (!e.getKey().startsWith(ENV_PREFIX)) {
        continue;
      }
      String key = envKeys.get(e.getKey());
      if (key == null) {
        unknown.add(e.getKey());
        continue;
      }
      setPath(merged, key, parseEnv(key, e.getKey(), e.getValue(), getPath(defaults, key)));
    }
    if (!unknown.isEmpty()) {
      throw new ConfigException(
          "unknown configuration variable "
              + String.join(", ", unknown)
              + " (known: "
              + String.join(", ", envKeys.keySet())
              + ")");
    }
    return merged;
  }

  /**
   * The environment variable that overrides {@code key}: {@code clock.secondsPerGameHour →
   * WAYFARER_CLOCK_SECONDSPERGAMEHOUR}.
   */
  public static String envName(String key) {
    return ENV_PREFIX + key.replace('.', '_').toUpperCase(Locale.ROOT);
  }

  /** The schema from the working directory, or the copy inside the jar. */
  public static JsonObject schema() {
    try {
      Path file = Path.of(SCHEMA);
      if (Files.exists(file)) {
        return new JsonObject(Files.readString(file));
      }
      try (InputStream in = WayfarerConfig.class.getClassLoader().getResourceAsStream(SCHEMA)) {
        if (in == null) {
          throw new ConfigException("cannot find " + SCHEMA);
        }
        return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new ConfigException("cannot read " + SCHEMA + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks {@code config} against {@code schema} with vertx-json-schema and stops the start at the
   * first key out of its range, naming it and its rule in words ("configuration key
   * player.hashWorkers: must be from 1 to 64, not 0").
   */
  public static void check(JsonObject config, JsonObject schema) {
    OutputUnit result =
        Validator.create(
                JsonSchema.of(schema),
                new JsonSchemaOptions()
                    .setDraft(Draft.DRAFT202012)
                    .setBaseUri("https://wayfarer.invalid/")
                    .setOutputFormat(OutputFormat.Basic))
            .validate(config);
    if (Boolean.TRUE.equals(result.getValid())) {
      return;
    }
    List<OutputUnit> errors =
        result.getErrors() == null || result.getErrors().isEmpty()
            ? List.of(result)
            : result.getErrors();
    // The deepest location is the key itself rather than the object holding it.
    OutputUnit worst =
        errors.stream()
            .max(Comparator.comparingInt(e -> String.valueOf(e.getInstanceLocation()).length()))
            .orElse(result);
    String pointer = String.valueOf(worst.getInstanceLocation());
    String key = pointer.replaceFirst("^#?/", "").replace('/', '.');
    JsonObject rule = schema;
    for (String part : key.isEmpty() ? new String[0] : key.split("\\.")) {
      JsonObject props = rule.getJsonObject("properties");
      rule = props == null ? null : props.getJsonObject(part);
      if (rule == null) {
        throw new ConfigException("configuration key " + key + ": not a known key");
      }
    }
    throw new ConfigException(
        "configuration key " + key + ": " + describe(rule) + ", not " + valueAt(config, key));
  }

  private static Object valueAt(JsonObject config, String key) {
    Object at = config;
    for (String part : key.split("\\.")) {
      at = at instanceof JsonObject o ? o.getValue(part) : null;
    }
    return at instanceof String s ? "\"" + s + "\"" : at;
  }

  /** A schema rule in words. */
  static String describe(JsonObject rule) {
    List<String> parts = new ArrayList<>();
    String type = rule.getString("type", "");
    if (rule.containsKey("minimum") && rule.containsKey("maximum")) {
      parts.add(
          "must be "
              + ("integer".equals(type) ? "a whole number " : "a number ")
              + "from "
              + rule.getValue("minimum")
              + " to "
              + rule.getValue("maximum"));
    } else if (rule.containsKey("minLength")) {
      parts.add("must not be empty");
    } else if (rule.containsKey("maxLength")) {
      parts.add("must have at most " + rule.getValue("maxLength") + " characters");
    } else if (rule.containsKey("minItems")) {
      parts.add("must list at least " + rule.getValue("minItems"));
    } else {
      parts.add(
          "must be "
              + ("integer".equals(type)
                  ? "a whole number"
                  : "array".equals(type) ? "a list" : "a " + type));
    }
    if (rule.getString("description") != null) {
      parts.add("(" + rule.getString("description") + ")");
    }
    return String.join(" ", parts);
  }

  /** Stops the start with a message naming {@code key} unless {@code ok}. */
  public static void require(boolean ok, String key, String rule) {
    if (!ok) {
      throw new ConfigException("configuration key " + key + ": " + rule);
    }
  }

  private static void mergeChecked(JsonObject target, JsonObject source, String prefix) {
    for (String name : source.fieldNames()) {
      String key = prefix + name;
      if (!target.containsKey(name)) {
        throw new ConfigException("unknown configuration key " + key);
      }
      Object def = target.getValue(name);
      Object val = source.getValue(name);
      if (def instanceof JsonObject defObj) {
        if (!(val instanceof JsonObject valObj)) {
          throw new ConfigException("configuration key " + key + " must be an object");
        }
        mergeChecked(defObj, valObj, key + ".");
      } else {
        target.put(name, checkType(key, def, val));
      }
    }
  }

  private static Object checkType(String key, Object def, Object val) {
    if (def instanceof String && val instanceof String) {
      return val;
    }
    if (def instanceof Boolean && val instanceof Boolean) {
      return val;
    }
    if (isIntegral(def) && val instanceof Number n && isWhole(n)) {
      return n.longValue() == n.intValue() && !(def instanceof Long) ? n.intValue() : n.longValue();
    }
    if (def instanceof Number && !isIntegral(def) && val instanceof Number n) {
      return n.doubleValue();
    }
    if (def instanceof JsonArray && val instanceof JsonArray arr) {
      for (Object item : arr) {
        if (!(item instanceof String)) {
          throw new ConfigException("configuration key " + key + " must be a list of strings");
        }
      }
      return arr;
    }
    throw new ConfigException(
        "configuration key " + key + " must be " + typeName(def) + ", not " + val);
  }

  private static Object parseEnv(String key, String var, String raw, Object def) {
    String v = raw.trim();
    try {
      if (def instanceof String) {
        return raw;
      }
      if (def instanceof Boolean) {
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
          return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException();
      }
      if (isIntegral(def)) {
        long l = Long.parseLong(v);
        return def instanceof Long || l != (int) l ? (Object) l : (Object) (int) l;
      }
      if (def instanceof Number) {
        double d = Double.parseDouble(v);
        if (!Double.isFinite(d)) {
          throw new IllegalArgumentException();
        }
        return d;
      }
      if (def instanceof JsonArray) {
        JsonArray arr = new JsonArray();
        for (String part : v.split(",")) {
          if (!part.isBlank()) {
            arr.add(part.trim());
          }
        }
        return arr;
      }
    } catch (IllegalArgumentException e) {
      // falls through to the message naming the key
    }
    throw new ConfigException(
        var + " (configuration key " + key + ") must be " + typeName(def) + ", not '" + raw + "'");
  }

  private static boolean isIntegral(Object o) {
    return o instanceof Integer || o instanceof Long;
  }

  private static boolean isWhole(Number n) {
    return n instanceof Integer
        || n instanceof Long
        || (n.doubleValue() == Math.rint(n.doubleValue()) && Double.isFinite(n.doubleValue()));
  }

  private static String typeName(Object def) {
    if (def instanceof String) {
      return "a string";
    }
    if (def instanceof Boolean) {
      return "true or false";
    }
    if (isIntegral(def)) {
      return "a whole number";
    }
    if (def instanceof Number) {
      return "a number";
    }
    if (def instanceof JsonArray) {
      return "a list of strings (comma-separated in an environment variable)";
    }
    return "an object";
  }

  private static void collectLeafKeys(JsonObject obj, String prefix, Map<String, String> out) {
    for (String name : obj.fieldNames()) {
      Object v = obj.getValue(name);
      if (v instanceof JsonObject child) {
        collectLeafKeys(child, prefix + name + ".", out);
      } else {
        out.put(envName(prefix + name), prefix + name);
      }
    }
  }

  private static Object getPath(JsonObject obj, String key) {
    String[] parts = key.split("\\.");
    JsonObject cur = obj;
    for (int i = 0; i < parts.length - 1; i++) {
      cur = cur.getJsonObject(parts[i]);
    }
    return cur.getValue(parts[parts.length - 1]);
  }

  private static void setPath(JsonObject obj, String key, Object value) {
    String[] parts = key.split("\\.");
    JsonObject cur = obj;
    for (int i = 0; i < parts.length - 1; i++) {
      cur = cur.getJsonObject(parts[i]);
    }
    cur.put(parts[parts.length - 1], value);
  }
}

package io.wayfarer.shared.quests;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.Money;
import io.wayfarer.shared.config.ConfigException;
import io.wayfarer.shared.config.DataCheck;
import io.wayfarer.shared.world.WorldData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The quests, as data: one {@code <id>.json} per quest under {@code conf/world/quests/}, read and
 * checked against the world (its towns, roads, jobs, goods and seasons) with messages that name the
 * file and the field. A quest is a list of steps taken in order, each finished by one thing a
 * player does: hands goods over in a town ({@code deliver}), arrives by a road ({@code travel}),
 * works hours of a job ({@code work}), or whatever its script decides ({@code script}).
 */
public final class Quests {
  /** The most steps a quest has. */
  public static final int MAX_STEPS = 8;

  /** How the ledger's reason for coin a quest paid begins: {@link #paidReason}. */
  public static final String PAID = "quest ";

  /** The ledger's reason for coin a quest paid: {@code quest <id>: reward} (or {@code gift}). */
  public static String paidReason(String quest, String kind) {
    return PAID + quest + ": " + kind;
  }

  private final Map<String, Quest> byId;

  private Quests(Map<String, Quest> byId) {
    this.byId = byId;
  }

  public static Quests none() {
    return new Quests(Map.of());
  }

  public Optional<Quest> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public Collection<Quest> all() {
    return byId.values();
  }

  /** A step's kind: what finishes it. */
  public enum Kind {
    DELIVER,
    TRAVEL,
    WORK,
    SCRIPT;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One step: its text for the player and what finishes it; the fields its kind does not use are
   * null (or 0).
   */
  public record Step(
      String text,
      Kind kind,
      String town,
      String from,
      String to,
      String good,
      long quantity,
      String job,
      int hours) {
    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("text", text).put("kind", kind.id());
      switch (kind) {
        case DELIVER -> json.put("town", town).put("good", good).put("quantity", quantity);
        case TRAVEL -> json.put("from", from).put("to", to);
        case WORK -> json.put("town", town).put("job", job).put("hours", hours);
        case SCRIPT -> {}
      }
      return json;
    }

    /** A step as {@link #toJson} writes it (a quest's document, as players are shown it). */
    public static Step fromJson(JsonObject json) {
      Kind kind = Kind.valueOf(json.getString("kind").toUpperCase(Locale.ROOT));
      return new Step(
          json.getString("text"),
          kind,
          json.getString("town"),
          json.getString("from"),
          json.getString("to"),
          json.getString("good"),
          json.getLong("quantity", 0L),
          json.getString("job"),
          json.getInteger("hours", 0));
    }
  }

  /** Experience and coin (in copper). */
  public record Reward(long coin, long xp) {
    public JsonObject toJson() {
      return new JsonObject().put("coin", coin).put("xp", xp);
    }
  }

  /**
   * A quest: who gives it where, when it is offered ({@code seasons}, empty for always), how many
   * game hours a player has once it is taken (0 for no limit), its steps, its reward, and the pot
   * it pays from each game day (rewards and its script's gifts together never exceed it).
   */
  public record Quest(
      String id,
      String name,
      String giverTown,
      String giverName,
      String text,
      Set<String> seasons,
      int hours,
      List<Step> steps,
      Reward reward,
      Reward potPerDay,
      String script) {
    public boolean offeredIn(String season) {
      return seasons.isEmpty() || seasons.contains(season);
    }

    public JsonObject toJson() {
      return new JsonObject()
          .put("id", id)
          .put("name", name)
          .put("giver", new JsonObject().put("town", giverTown).put("name", giverName))
          .put("text", text)
          .put("seasons", new JsonArray(List.copyOf(seasons)))
          .put("hours", hours)
          .put("steps", new JsonArray(steps.stream().map(Step::toJson).toList()))
          .put("reward", reward.toJson());
    }
  }

  /**
   * Every {@code *.json} in {@code dir} (none if the directory is empty or absent), checked against
   * the world; {@code scripts} are the world scripts' names, which a quest's {@code script} must be
   * one of (null when scripts are off: the name is then not checked).
   */
  public static Quests read(
      Path dir, WorldData map, Set<String> goods, Set<String> seasons, Set<String> scripts) {
    if (dir.toString().isEmpty() || !Files.isDirectory(dir)) {
      return none();
    }
    List<Path> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files = listing.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new ConfigException(dir + ": cannot be read: " + e.getMessage());
    }
    Map<String, Quest> byId = new LinkedHashMap<>();
    for (Path file : files) {
      JsonObject json;
      try {
        json = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
      } catch (IOException | DecodeException e) {
        throw new ConfigException(file + ": is not a JSON object: " + e.getMessage());
      }
      Quest quest = fromJson(json, file.toString(), map, goods, seasons, scripts);
      String expected = file.getFileName().toString().replaceFirst("\\.json$", "");
      if (!quest.id().equals(expected)) {
        throw new DataCheck(file.toString())
            .error("id", "must be the file's name, " + expected + ", not " + quest.id());
      }
      byId.put(quest.id(), quest);
    }
    return new Quests(byId);
  }

  /** One quest's JSON, checked; errors start with {@code source}. */
  public static Quest fromJson(
      JsonObject json,
      String source,
      WorldData map,
      Set<String> goods,
      Set<String> seasons,
      Set<String> scripts) {
    DataCheck check = new DataCheck(source);
    String id = check.id(json.getValue("id"), "id");
    String name = check.name(json.getValue("name"), "name", 60);
    JsonObject giver = check.object(json.getValue("giver"), "giver");
    String giverTown = town(check, map, giver.getValue("town"), "giver.town");
    String giverName = check.name(giver.getValue("name"), "giver.name", 60);
    String text = check.name(json.getValue("text"), "text", 400);
    Set<String> offered = new LinkedHashSet<>();
    if (json.containsKey("seasons")) {
      JsonArray list = check.array(json, "seasons", 1, seasons.size());
      for (int i = 0; i < list.size(); i++) {
        offered.add(check.oneOf(list.getValue(i), "seasons[" + i + "]", seasons));
      }
    }
    int hours =
        json.containsKey("hours") ? check.integer(json.getValue("hours"), "hours", 1, 24 * 60) : 0;
    JsonArray stepList = check.array(json, "steps", 1, MAX_STEPS);
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < stepList.size(); i++) {
      steps.add(step(check, map, goods, stepList.getValue(i), "steps[" + i + "]"));
    }
    Reward reward = reward(check, json.getValue("reward"), "reward");
    Reward pot = reward(check, json.getValue("pot"), "pot");
    if (pot.coin() < reward.coin() || pot.xp() < reward.xp()) {
      throw check.error("pot", "must hold at least one reward a day");
    }
    String script = null;
    if (json.getValue("script") != null) {
      script =
          scripts == null
              ? check.id(json.getValue("script"), "script")
              : check.oneOf(json.getValue("script"), "script", scripts);
    }
    if (script == null && steps.stream().anyMatch(s -> s.kind() == Kind.SCRIPT)) {
      throw check.error("script", "must name the script that finishes its script steps");
    }
    return new Quest(
        id,
        name,
        giverTown,
        giverName,
        text,
        Set.copyOf(offered),
        hours,
        List.copyOf(steps),
        reward,
        pot,
        script);
  }

  private static Step step(
      DataCheck check, WorldData map, Set<String> goods, Object value, String field) {
    JsonObject json = check.object(value, field);
    String text = check.name(json.getValue("text"), field + ".text", 200);
    List<String> kinds = Stream.of(Kind.values()).map(Kind::id).filter(json::containsKey).toList();
    if (kinds.size() != 1) {
      throw check.error(field, "must have exactly one of deliver, travel, work or script");
    }
    Kind kind = Kind.valueOf(kinds.get(0).toUpperCase(Locale.ROOT));
    String at = field + "." + kind.id();
    return switch (kind) {
      case DELIVER -> {
        JsonObject d = check.object(json.getValue("deliver"), at);
        yield new Step(
            text,
            kind,
            town(check, map, d.getValue("town"), at + ".town"),
            null,
            null,
            check.oneOf(d.getValue("good"), at + ".good", goods),
            check.integer(d.getValue("quantity"), at + ".quantity", 1, 1000),
            null,
            0);
      }
      case TRAVEL -> {
        JsonObject t = check.object(json.getValue("travel"), at);
        String from = town(check, map, t.getValue("from"), at + ".from");
        String to = town(check, map, t.getValue("to"), at + ".to");
        if (map.road(from, to).isEmpty()) {
          throw check.error(at, "names no road: none leads from " + from + " to " + to);
        }
        yield new Step(text, kind, null, from, to, null, 0, null, 0);
      }
      case WORK -> {
        JsonObject w = check.object(json.getValue("work"), at);
        String town = town(check, map, w.getValue("town"), at + ".town");
        String job = check.id(w.getValue("job"), at + ".job");
        if (map.town(town).orElseThrow().job(job).isEmpty()) {
          throw check.error(at + ".job", "is no job in " + town + ": " + job);
        }
        yield new Step(
            text,
            kind,
            town,
            null,
            null,
            null,
            0,
            job,
            check.integer(w.getValue("hours"), at + ".hours", 1, 200));
      }
      case SCRIPT -> {
        if (!Boolean.TRUE.equals(json.getValue("script"))) {
          throw check.error(at, "must be true");
        }
        yield new Step(text, kind, null, null, null, null, 0, null, 0);
      }
    };
  }

  private static String town(DataCheck check, WorldData map, Object value, String field) {
    String town = check.id(value, field);
    if (map.town(town).isEmpty()) {
      throw check.error(field, "is no town: " + town);
    }
    return town;
  }

  private static Reward reward(DataCheck check, Object value, String field) {
    JsonObject json = check.object(value, field);
    long coin =
        json.getValue("coin") == null
            ? 0
            : check.coins(json.getValue("coin"), field + ".coin", 0, Money.parse("100000 gp"));
    long xp =
        json.getValue("xp") == null
            ? 0
            : check.integer(json.getValue("xp"), field + ".xp", 0, 1_000_000);
    return new Reward(coin, xp);
  }
}

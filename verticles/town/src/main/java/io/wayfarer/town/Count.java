package io.wayfarer.town;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An instant-runoff count, a pure rule (no Vert.x, no database): each round every ballot counts for
 * its highest-ranked candidate still in the race; a candidate with more than half of the ballots
 * still counting wins, else the one with fewest is out and the round runs again.
 *
 * <p>The charter's rules: a tie for fewest puts out the candidate who declared last ({@code
 * earliest_declared}), except that the sitting mayor stays in a tie ({@code incumbent}); an empty
 * ballot counts for no one ({@code ignored}) or for "none of the above" ({@code
 * none_of_the_above}), a contender that wins by outlasting every candidate and leaves the steward.
 * If no ballot names a candidate, no one wins. The council's seats go to the candidates who lasted
 * longest after the winner.
 */
final class Count {
  /** The contender "none of the above" in a count. */
  static final long NONE = 0;

  record Candidate(long id, long playerId, String name, long declaredAt) {}

  /** The ballots each contender held in one round, and who went out after it (null: none). */
  record Round(Map<Long, Long> tallies, long exhausted, Long out) {
    JsonObject toJson() {
      JsonObject t = new JsonObject();
      tallies.forEach((id, n) -> t.put(String.valueOf(id), n));
      return new JsonObject().put("tallies", t).put("exhausted", exhausted).put("out", out);
    }
  }

  /**
   * {@code winner} a candidate's id, or null (nobody named, or none of the above won); {@code
   * order} every other candidate, who lasted longest first.
   */
  record Result(Long winner, List<Long> order, List<Round> rounds, String why) {
    JsonObject toJson() {
      return new JsonObject()
          .put("winner", winner)
          .put("order", new JsonArray(order))
          .put("rounds", new JsonArray(rounds.stream().map(Round::toJson).toList()))
          .put("why", why);
    }
  }

  private Count() {}

  /**
   * @param candidates in the order they declared
   * @param ballots each a ranking of candidate ids, first choice first; ids of no candidate are
   *     skipped
   * @param incumbent the sitting mayor's player id, or 0
   */
  static Result run(
      List<Candidate> candidates,
      List<List<Long>> ballots,
      long incumbent,
      String ties,
      String emptyBallots) {
    Map<Long, Candidate> byId = new LinkedHashMap<>();
    candidates.forEach(c -> byId.put(c.id(), c));
    boolean none = "none_of_the_above".equals(emptyBallots);
    List<List<Long>> valid = new ArrayList<>();
    for (List<Long> b : ballots) {
      List<Long> ranked = new ArrayList<>(new LinkedHashSet<>(b));
      ranked.removeIf(id -> !byId.containsKey(id));
      if (ranked.isEmpty() && none) {
        ranked.add(NONE);
      }
      valid.add(ranked);
    }
    List<Round> rounds = new ArrayList<>();
    List<Long> out = new ArrayList<>();
    if (candidates.isEmpty()) {
      return new Result(null, out, rounds, "no one stood");
    }
    if (valid.stream().allMatch(List::isEmpty)) {
      return new Result(null, List.copyOf(byId.keySet()), rounds, "no ballot named a candidate");
    }
    Set<Long> in = new LinkedHashSet<>(byId.keySet());
    if (none) {
      in.add(NONE);
    }
    // The order in which a tie puts contenders out: last declared first, none of the above before
    // anyone, and under the incumbent rule the sitting mayor last of all.
    Comparator<Long> outFirst =
        Comparator.<Long, Boolean>comparing(id -> id != NONE)
            .thenComparing(
                id ->
                    "incumbent".equals(ties) && id != NONE && byId.get(id).playerId() == incumbent)
            .thenComparing(id -> id == NONE ? Long.MAX_VALUE : -byId.get(id).declaredAt())
            .thenComparing(id -> -id);
    while (true) {
      Map<Long, Long> tallies = new LinkedHashMap<>();
      in.forEach(id -> tallies.put(id, 0L));
      long exhausted = 0;
      for (List<Long> b : valid) {
        Long first = b.stream().filter(in::contains).findFirst().orElse(null);
        if (first == null) {
          exhausted++;
        } else {
          tallies.merge(first, 1L, Long::sum);
        }
      }
      long counting = valid.size() - exhausted;
      Long leader =
          tallies.entrySet().stream()
              .filter(e -> e.getValue() * 2 > counting)
              .map(Map.Entry::getKey)
              .findFirst()
              .orElse(null);
      if (leader == null && in.size() == 1) {
        leader = in.iterator().next();
      }
      if (leader != null) {
        rounds.add(new Round(tallies, exhausted, null));
        List<Long> order = new ArrayList<>();
        in.stream()
            .sorted(
                Comparator.comparing((Long id) -> -tallies.get(id))
                    .thenComparing(outFirst.reversed()))
            .forEach(order::add);
        order.remove(leader);
        for (int i = out.size() - 1; i >= 0; i--) {
          order.add(out.get(i));
        }
        order.remove(NONE);
        if (leader == NONE) {
          return new Result(null, order, rounds, "none of the above won");
        }
        return new Result(leader, order, rounds, "a majority of the ballots still counting");
      }
      long fewest = tallies.values().stream().mapToLong(Long::longValue).min().orElse(0);
      Long loser =
          tallies.entrySet().stream()
              .filter(e -> e.getValue() == fewest)
              .map(Map.Entry::getKey)
              .min(outFirst)
              .orElseThrow();
      rounds.add(new Round(tallies, exhausted, loser));
      in.remove(loser);
      out.add(loser);
    }
  }
}

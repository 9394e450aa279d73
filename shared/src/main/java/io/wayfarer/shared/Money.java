package io.wayfarer.shared;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Money is integer copper (ARCHITECTURE.md rule 11): 10 copper pieces (cp) make a silver piece
 * (sp), 10 silver a gold piece (gp), as in D&D. Every price, tax, wage and fee is computed in
 * copper and every amount in the API is copper; this is where amounts are written the way players
 * read them ("2 gp 3 sp 4 cp") and where world files' amounts are read.
 */
public final class Money {
  /** A coin and how many copper pieces it is worth, largest first. */
  public record Coin(String abbreviation, String name, long copper) {}

  public static final List<Coin> COINS =
      List.of(
          new Coin("gp", "gold", 100), new Coin("sp", "silver", 10), new Coin("cp", "copper", 1));
  public static final long CP_PER_SP = 10;
  public static final long CP_PER_GP = 100;

  private static final Pattern PART = Pattern.compile("\\s*(\\d{1,12})\\s*(gp|sp|cp)\\s*");

  private Money() {}

  /**
   * {@code 234} is "2 gp 3 sp 4 cp"; nothing is "0 cp"; coins of which there are none are left out.
   */
  public static String format(long copper) {
    if (copper == 0) {
      return "0 cp";
    }
    List<String> parts = new ArrayList<>();
    long left = Math.abs(copper);
    for (Coin coin : COINS) {
      long n = left / coin.copper();
      left %= coin.copper();
      if (n > 0) {
        parts.add(n + " " + coin.abbreviation());
      }
    }
    return (copper < 0 ? "-" : "") + String.join(" ", parts);
  }

  /**
   * Reads an amount as world files write it: coins largest first, each at most once ("1 gp 2 sp",
   * "15 cp", "0 cp"). Throws {@link IllegalArgumentException} saying what is wrong.
   */
  public static long parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("an amount of money is written like \"1 gp 2 sp 5 cp\"");
    }
    Matcher m = PART.matcher(text);
    int at = 0;
    int lastCoin = -1;
    long total = 0;
    while (at < text.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException(
            "'" + text + "' is not an amount of money like \"1 gp 2 sp 5 cp\"");
      }
      int coin = List.of("gp", "sp", "cp").indexOf(m.group(2));
      if (coin <= lastCoin) {
        throw new IllegalArgumentException(
            "'" + text + "' names its coins out of order or twice; write gp, then sp, then cp");
      }
      lastCoin = coin;
      total =
          Math.addExact(
              total, Math.multiplyExact(Long.parseLong(m.group(1)), COINS.get(coin).copper()));
      at = m.end();
    }
    return total;
  }

  /**
   * The coins, for the browser, which formats amounts from this (so the rule is written once,
   * here).
   */
  public static JsonObject toJson() {
    return new JsonObject()
        .put(
            "coins",
            new JsonArray(
                COINS.stream()
                    .map(
                        c ->
                            new JsonObject()
                                .put("abbreviation", c.abbreviation())
                                .put("name", c.name())
                                .put("copper", c.copper()))
                    .toList()));
  }

  /**
   * The tax on an amount: rounded up to the copper piece, so any taxed amount pays at least one.
   * Markets and players' shops both take it by this rule.
   */
  public static long tax(long amount, double rate) {
    if (amount <= 0 || rate <= 0) {
      return 0;
    }
    return Math.min(amount, (long) Math.ceil(amount * rate - 1e-9));
  }
}

package io.wayfarer.estate;

import io.wayfarer.shared.Money;
import io.wayfarer.shared.world.Estates;

/**
 * The rules of upkeep, without Vert.x: which game week a moment is in, and what one week's charge
 * does to a house that owes. A week's due is the plot's upkeep plus what is owed from before, with
 * interest while in grace. Paid in full, the house is in good standing; short, it climbs the ladder
 * one rung per unpaid week: a notice, then the grace weeks (interest on what is owed), then a lien
 * (no sale, no transfer, its shop closed), then seizure.
 */
final class Upkeep {
  private Upkeep() {}

  static final String GOOD = "good";
  static final String NOTICE = "notice";
  static final String GRACE = "grace";
  static final String LIEN = "lien";
  static final String SEIZED = "seized";

  static final long MINUTES_PER_DAY = 24 * 60;

  /** The game week a game minute is in, counted from the calendar's epoch. */
  static long week(long gameMinutes, int daysPerWeek) {
    return Math.floorDiv(gameMinutes, MINUTES_PER_DAY * daysPerWeek);
  }

  /** The first game minute of a week. */
  static long weekStart(long week, int daysPerWeek) {
    return week * MINUTES_PER_DAY * daysPerWeek;
  }

  /**
   * What a house owes at a week's start: the week's upkeep and the arrears, plus interest on the
   * arrears if the house is already late.
   */
  static long due(long upkeep, long arrears, int weeksUnpaid, Estates.Ladder ladder) {
    long interest = weeksUnpaid > 0 ? arrears * ladder.interestPercent() / 100 : 0;
    return upkeep + arrears + interest;
  }

  /** The rung after a week in which {@code weeksUnpaid} weeks in a row are now unpaid. */
  static String status(int weeksUnpaid, Estates.Ladder ladder) {
    if (weeksUnpaid <= 0) {
      return GOOD;
    }
    if (weeksUnpaid == 1) {
      return NOTICE;
    }
    if (weeksUnpaid <= 1 + ladder.graceWeeks()) {
      return GRACE;
    }
    if (weeksUnpaid <= 1 + ladder.graceWeeks() + ladder.lienWeeks()) {
      return LIEN;
    }
    return SEIZED;
  }

  /** The words of the notice a week's charge sends its owner. */
  static String notice(String house, String status, long paid, long owed) {
    String money = Money.format(owed);
    return switch (status) {
      case GOOD -> "Upkeep of " + house + " paid: " + Money.format(paid) + ".";
      case NOTICE ->
          "Upkeep of " + house + " is unpaid: " + money + " owed. Pay it to avoid interest.";
      case GRACE ->
          "Upkeep of " + house + " is overdue: " + money + " owed, with interest each week.";
      case LIEN ->
          "A lien is on "
              + house
              + ": "
              + money
              + " owed. It cannot be sold or given until paid, or it will be seized.";
      default ->
          house
              + " was seized for unpaid upkeep. Its contents are in the town's impound; reclaim them"
              + " for a fee within a game month.";
    };
  }
}

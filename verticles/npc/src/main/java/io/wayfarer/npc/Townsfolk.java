package io.wayfarer.npc;

import io.wayfarer.shared.world.NpcData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Every NPC of the world as primitive arrays (town, profession, place, name), and the hourly tick
 * over them. The tick moves each NPC to where its schedule puts it (a lookup table built once from
 * the data) and adds its production and consumption to a per-town, per-good accumulator; nothing is
 * allocated per NPC and nothing waits on I/O. Whole units are drained from the accumulators
 * afterwards as the towns' supply batches, the fractions carried to the next hour.
 */
public final class Townsfolk {
  /**
   * What the town's events do to this hour, as flags and multipliers the tick can read without
   * allocating.
   */
  public static final class TownConditions {
    public boolean guardsPatrol;
    public boolean storm;
    public final double[] production;
    public final double[] demand;

    public TownConditions(int goods) {
      production = new double[goods];
      demand = new double[goods];
      reset();
    }

    public void reset() {
      guardsPatrol = false;
      storm = false;
      Arrays.fill(production, 1.0);
      Arrays.fill(demand, 1.0);
    }
  }

  private final NpcData data;
  private final List<String> towns;
  private final List<String> goods;
  private final int n;
  final int[] town;
  final byte[] profession;
  final byte[] place;
  final int[] firstName;
  final int[] familyName;

  /** [profession][season][weather][hour] → place index. */
  private final byte[][][][] schedule;

  private final byte[] workplace;
  private final boolean[] guard;
  private final int[][] producedGood;
  private final double[][] producedRate;
  private final int[][] consumedGood;
  private final double[][] consumedRate;
  private final double[] everyoneConsumes;

  /** [town][good]: production minus consumption not yet sent to the market. */
  final double[][] accumulated;

  private final byte home;
  private final byte patrol;
  private final int[] peoplePerTown;

  public Townsfolk(NpcData data, List<String> towns, List<String> goods, int perTown, long seed) {
    this.data = data;
    this.towns = List.copyOf(towns);
    this.goods = List.copyOf(goods);
    this.n = perTown * towns.size();
    town = new int[n];
    profession = new byte[n];
    place = new byte[n];
    firstName = new int[n];
    familyName = new int[n];
    accumulated = new double[towns.size()][goods.size()];
    List<NpcData.Profession> profs = data.professions();
    home = (byte) data.places().indexOf("home");
    patrol = (byte) data.places().indexOf("patrol");
    workplace = new byte[profs.size()];
    guard = new boolean[profs.size()];
    producedGood = new int[profs.size()][];
    producedRate = new double[profs.size()][];
    consumedGood = new int[profs.size()][];
    consumedRate = new double[profs.size()][];
    schedule = new byte[profs.size()][NpcData.SEASONS.size()][NpcData.WEATHER.size()][24];
    for (int p = 0; p < profs.size(); p++) {
      NpcData.Profession prof = profs.get(p);
      workplace[p] = (byte) data.places().indexOf(prof.workplace());
      guard[p] = prof.guard();
      producedGood[p] = indexes(prof.produces());
      producedRate[p] = values(prof.produces());
      consumedGood[p] = indexes(prof.consumes());
      consumedRate[p] = values(prof.consumes());
      for (int s = 0; s < NpcData.SEASONS.size(); s++) {
        for (int w = 0; w < NpcData.WEATHER.size(); w++) {
          for (int h = 0; h < 24; h++) {
            byte at = home;
            for (NpcData.Rule rule : prof.schedule()) {
              if (rule.covers(NpcData.SEASONS.get(s), NpcData.WEATHER.get(w), h)) {
                at = workplace[p];
                break;
              }
            }
            schedule[p][s][w][h] = at;
          }
        }
      }
    }
    everyoneConsumes = new double[goods.size()];
    data.consumption()
        .forEach(
            (g, r) -> {
              if (goods.indexOf(g) >= 0) {
                everyoneConsumes[goods.indexOf(g)] = r;
              }
            });
    populate(seed, perTown);
    peoplePerTown = new int[towns.size()];
    for (int i = 0; i < n; i++) {
      peoplePerTown[town[i]]++;
    }
  }

  private int[] indexes(Map<String, Double> rates) {
    return rates.keySet().stream().mapToInt(goods::indexOf).filter(i -> i >= 0).toArray();
  }

  private double[] values(Map<String, Double> rates) {
    return rates.entrySet().stream()
        .filter(e -> goods.contains(e.getKey()))
        .mapToDouble(Map.Entry::getValue)
        .toArray();
  }

  /**
   * Names and professions from the seed, by each town's weights: the same seed always makes the
   * same people.
   */
  private void populate(long seed, int perTown) {
    NpcData.Population pop = data.population();
    List<NpcData.Profession> profs = data.professions();
    SplittableRandom random = new SplittableRandom(seed);
    int i = 0;
    for (int t = 0; t < towns.size(); t++) {
      int[] weights = new int[profs.size()];
      int total = 0;
      for (int p = 0; p < profs.size(); p++) {
        Map<String, Integer> townW = pop.townWeights().getOrDefault(towns.get(t), Map.of());
        weights[p] =
            townW.getOrDefault(profs.get(p).id(), pop.weights().getOrDefault(profs.get(p).id(), 0));
        total += weights[p];
      }
      for (int k = 0; k < perTown; k++, i++) {
        town[i] = t;
        int roll = random.nextInt(Math.max(1, total));
        int p = 0;
        while (p < weights.length - 1 && roll >= weights[p]) {
          roll -= weights[p];
          p++;
        }
        profession[i] = (byte) p;
        place[i] = home;
        firstName[i] = random.nextInt(pop.firstNames().size());
        familyName[i] = random.nextInt(pop.familyNames().size());
      }
    }
  }

  public int size() {
    return n;
  }

  /**
   * One game hour for everyone: where each NPC is, and what it makes and uses there. {@code
   * conditions[t]} carries the town's events; a storm in a town is that town's weather for the
   * hour.
   */
  public void tick(int hour, int season, int weather, TownConditions[] conditions) {
    move(hour, season, weather, conditions, true);
  }

  /**
   * Puts everyone where this hour's schedule says without making or using anything (a fresh start).
   */
  public void place(int hour, int season, int weather, TownConditions[] conditions) {
    move(hour, season, weather, conditions, false);
  }

  private void move(int hour, int season, int weather, TownConditions[] conditions, boolean work) {
    int stormIdx = 4;
    for (int i = 0; i < n; i++) {
      int t = town[i];
      int p = profession[i];
      TownConditions c = conditions[t];
      byte at = schedule[p][season][c.storm ? stormIdx : weather][hour];
      if (guard[p] && c.guardsPatrol) {
        at = patrol;
      }
      place[i] = at;
      double[] acc = accumulated[t];
      if (work && at == workplace[p]) {
        int[] pg = producedGood[p];
        double[] pr = producedRate[p];
        for (int k = 0; k < pg.length; k++) {
          acc[pg[k]] += pr[k] * c.production[pg[k]];
        }
        int[] cg = consumedGood[p];
        double[] cr = consumedRate[p];
        for (int k = 0; k < cg.length; k++) {
          acc[cg[k]] -= cr[k];
        }
      }
    }
    if (!work) {
      return;
    }
    // Everyone eats and drinks: per town, not per NPC, since it does not depend on where they
    // stand.
    int[] people = peoplePerTown;
    for (int t = 0; t < towns.size(); t++) {
      double[] acc = accumulated[t];
      for (int g = 0; g < everyoneConsumes.length; g++) {
        acc[g] -= everyoneConsumes[g] * people[t] * conditions[t].demand[g];
      }
    }
  }

  /** One town's stock change, in whole units, taken out of the accumulator. */
  public record Delta(String town, String good, long delta) {}

  public List<Delta> drainSupply() {
    List<Delta> out = new ArrayList<>();
    for (int t = 0; t < towns.size(); t++) {
      for (int g = 0; g < goods.size(); g++) {
        long whole = (long) accumulated[t][g];
        if (whole != 0) {
          accumulated[t][g] -= whole;
          out.add(new Delta(towns.get(t), goods.get(g), whole));
        }
      }
    }
    return out;
  }

  public String name(int i) {
    return data.population().firstNames().get(firstName[i])
        + " "
        + data.population().familyNames().get(familyName[i]);
  }

  public String professionName(int i) {
    return data.professions().get(profession[i]).name();
  }

  public String placeName(int i) {
    return data.places().get(place[i]);
  }

  public int townOf(int i) {
    return town[i];
  }

  public byte[] places() {
    return place;
  }

  public double[][] accumulated() {
    return accumulated;
  }

  /** Restores positions and accumulators from a snapshot of the same population. */
  public void restore(byte[] places, double[][] acc) {
    if (places.length != n || acc.length != accumulated.length) {
      throw new IllegalArgumentException("the snapshot is of another population");
    }
    System.arraycopy(places, 0, place, 0, n);
    for (int t = 0; t < acc.length; t++) {
      System.arraycopy(
          acc[t], 0, accumulated[t], 0, Math.min(acc[t].length, accumulated[t].length));
    }
  }
}

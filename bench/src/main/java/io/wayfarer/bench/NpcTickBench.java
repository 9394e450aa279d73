package io.wayfarer.bench;

import com.sun.management.ThreadMXBean;
import io.wayfarer.npc.Townsfolk;
import io.wayfarer.shared.world.NpcData;
import io.wayfarer.shared.world.World;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The NPC tick for 1,000, 10,000 and 100,000 NPCs against a plain loop over primitive arrays doing
 * the same arithmetic (schedule lookup, place, production into a per-town accumulator), in the same
 * run: time per tick, time per NPC and bytes allocated per tick. Targets: linear cost; 10,000 NPCs
 * ≤ 10 ms and 100,000 ≤ 100 ms a tick; near-zero allocation per NPC. Run with {@code scripts/bench
 * npc}.
 */
public final class NpcTickBench {
  // The world's own towns, goods and people, read as every verticle reads them.
  static final World WORLD = World.read(Path.of("conf/world"));
  static final List<String> TOWNS = List.copyOf(WORLD.map().towns().keySet());
  static final List<String> GOODS = List.copyOf(WORLD.goods().keySet());

  public static void main(String[] args) throws Exception {
    NpcData data = WORLD.people();
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    System.out.printf(
        "%10s %14s %14s %14s %10s %16s %12s%n",
        "NPCs",
        "tick p50 ms",
        "per NPC ns",
        "plain p50 ms",
        "ratio",
        "alloc/tick bytes",
        "alloc/NPC");
    for (int npcs : new int[] {1_000, 10_000, 100_000}) {
      Townsfolk folk = new Townsfolk(data, TOWNS, GOODS, npcs / TOWNS.size(), 1247);
      Townsfolk.TownConditions[] conditions = new Townsfolk.TownConditions[TOWNS.size()];
      for (int i = 0; i < conditions.length; i++) {
        conditions[i] = new Townsfolk.TownConditions(GOODS.size());
      }
      conditions[0].guardsPatrol = true;
      Plain plain = new Plain(npcs, data.professions().size(), TOWNS.size(), GOODS.size());
      int ticks = npcs >= 100_000 ? 300 : 2000;
      // Warm both up, then alternate so both see the same machine.
      for (int i = 0; i < ticks; i++) {
        folk.tick(i % 24, 1, 0, conditions);
        plain.tick(i % 24);
      }
      folk.drainSupply();
      long[] simTimes = new long[ticks];
      long[] plainTimes = new long[ticks];
      long allocated = 0;
      for (int i = 0; i < ticks; i++) {
        long a0 = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        long t0 = System.nanoTime();
        folk.tick(i % 24, 1, 0, conditions);
        simTimes[i] = System.nanoTime() - t0;
        allocated += threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - a0;
        long t1 = System.nanoTime();
        plain.tick(i % 24);
        plainTimes[i] = System.nanoTime() - t1;
      }
      double sim = median(simTimes) / 1e6;
      double raw = median(plainTimes) / 1e6;
      double allocPerTick = (double) allocated / ticks;
      System.out.printf(
          "%10d %14.3f %14.1f %14.3f %10.2f %16.0f %12.4f%n",
          npcs, sim, sim * 1e6 / npcs, raw, sim / raw, allocPerTick, allocPerTick / npcs);
      if (plain.checksum() == 42.4242) {
        System.out.println("(checksum guard)");
      }
    }
  }

  static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /**
   * The same arithmetic without the model: table lookup, place write, production add, per-town
   * consumption.
   */
  static final class Plain {
    final int[] town;
    final byte[] prof;
    final byte[] place;
    final byte[][] table;
    final byte[] work;
    final int[] good;
    final double[] rate;
    final double[][] acc;
    final int[] people;

    Plain(int n, int professions, int towns, int goods) {
      SplittableRandom r = new SplittableRandom(1);
      town = new int[n];
      prof = new byte[n];
      place = new byte[n];
      table = new byte[professions][24];
      work = new byte[professions];
      good = new int[professions];
      rate = new double[professions];
      acc = new double[towns][goods];
      people = new int[towns];
      for (int p = 0; p < professions; p++) {
        work[p] = (byte) (1 + p % 10);
        good[p] = p % goods;
        rate[p] = 0.1 + p * 0.01;
        for (int h = 0; h < 24; h++) {
          table[p][h] = h >= 6 && h < 18 ? work[p] : 0;
        }
      }
      for (int i = 0; i < n; i++) {
        town[i] = i % towns;
        prof[i] = (byte) r.nextInt(professions);
        people[town[i]]++;
      }
    }

    void tick(int hour) {
      for (int i = 0; i < town.length; i++) {
        int p = prof[i];
        byte at = table[p][hour];
        place[i] = at;
        if (at == work[p]) {
          acc[town[i]][good[p]] += rate[p];
        }
      }
      for (int t = 0; t < acc.length; t++) {
        for (int g = 0; g < acc[t].length; g++) {
          acc[t][g] -= 0.01 * people[t];
        }
      }
    }

    double checksum() {
      double s = 0;
      for (double[] row : acc) {
        for (double v : row) {
          s += v;
        }
      }
      return s;
    }
  }
}

package io.wayfarer.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MoneyTest {

  @Test
  void amountsAreWrittenAsPlayersReadThem() {
    assertEquals("0 cp", Money.format(0));
    assertEquals("7 cp", Money.format(7));
    assertEquals("2 gp 3 sp 4 cp", Money.format(234));
    assertEquals("2 gp 4 cp", Money.format(204));
    assertEquals("150 gp", Money.format(15_000));
    assertEquals("1 sp", Money.format(10));
    assertEquals("-3 gp 5 sp", Money.format(-350));
  }

  @Test
  void worldFilesWriteAmountsInCoins() {
    assertEquals(120, Money.parse("1 gp 2 sp"));
    assertEquals(15, Money.parse("15 cp"));
    assertEquals(15_000, Money.parse("150 gp"));
    assertEquals(305, Money.parse("3gp 5cp"));
    assertEquals(0, Money.parse("0 cp"));
    for (String bad :
        new String[] {
          "", "gold", "1.5 gp", "2 sp 1 gp", "1 gp 1 gp", "-3 cp", "3", "1 gp and 2 sp"
        }) {
      assertThrows(IllegalArgumentException.class, () -> Money.parse(bad), bad);
    }
  }

  @Test
  void formatAndParseAgree() {
    for (long cp : new long[] {0, 1, 9, 10, 99, 100, 101, 1234, 987_654_321}) {
      assertEquals(cp, Money.parse(Money.format(cp)));
    }
  }
}

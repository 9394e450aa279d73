package io.wayfarer.server.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A simulation's report page, opened from disk in Chromium as a reader opens it: no script error, a
 * chart for every town's goods and for the money, and the goals listed with their verdicts.
 */
class ReportPageTest {
  @TempDir Path dir;

  @Test
  void theReportOpensFromDiskAndDrawsItsCharts() {
    JsonObject report = GoalsTest.report(8);
    JsonArray days = new JsonArray();
    for (int d = 0; d <= 8; d++) {
      days.add(1000L * d);
    }
    report
        .put("seed", 1)
        .put("players", 50)
        .put("startMinute", 60_000L)
        .put("digest", "ab".repeat(32))
        .put("timing", new JsonObject().put("realSeconds", 12.5).put("gameDaysPerRealMinute", 38.4))
        .put("caravans", new JsonObject().put("sent", 10).put("arrived", 8).put("lost", 2))
        .put("estates", new JsonObject().put("owned", 0).put("seized", 0))
        .put(
            "scriptedPlayers",
            new JsonObject()
                .put("kinds", new JsonObject().put("settler", 20).put("careful_trader", 30))
                .put("did", new JsonObject().put("work", 400).put("travel", 90)))
        .put(
            "trades",
            new JsonObject()
                .put(
                    "redhaven",
                    new JsonObject()
                        .put("coin", 480_000L)
                        .put(
                            "salt",
                            new JsonObject()
                                .put("bought", 10)
                                .put("paidIn", 4000)
                                .put("sold", 4)
                                .put("paidOut", 2000))));
    report
        .getJsonObject("coin")
        .put("kinds", new JsonArray(List.of("player", "market", "town", "other")))
        .put("minted", days)
        .put("sunk", days)
        .put("mintedBy", new JsonObject().put("wages", 8000))
        .put("sunkBy", new JsonObject().put("robbed on the", 3000));
    report.getJsonObject("coin").getJsonObject("held").put("town", days).put("other", days);
    report
        .getJsonArray("events")
        .add(
            new JsonObject()
                .put("type", "bandits")
                .put("town", "redhaven")
                .put("startsAt", 60_060L)
                .put("endsAt", 61_020L));
    report
        .getJsonArray("elections")
        .getJsonObject(0)
        .put("kind", "regular")
        .put("ballots", 3)
        .put("closesAt", 70_000L);
    report
        .getJsonObject("markets")
        .forEach(
            t ->
                ((JsonObject) t.getValue())
                    .forEach(
                        g -> {
                          JsonObject s = (JsonObject) g.getValue();
                          s.put("low", s.getJsonArray("mid")).put("high", s.getJsonArray("mid"));
                        }));
    report.put("goals", Goals.check(report, GoalsTest.WORLD));
    ReportPage.write(dir, report);

    try (Playwright playwright =
        Playwright.create(
            new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
      Browser browser =
          playwright
              .chromium()
              .launch(
                  new BrowserType.LaunchOptions()
                      .setExecutablePath(
                          Path.of(System.getProperty("wayfarer.chromium", "/usr/bin/chromium")))
                      .setHeadless(true)
                      .setArgs(List.of("--no-sandbox", "--disable-gpu", "--no-first-run")));
      Page page = browser.newPage();
      List<String> errors = new CopyOnWriteArrayList<>();
      page.onPageError(errors::add);
      page.onConsoleMessage(
          m -> {
            if ("error".equals(m.type())) {
              errors.add(m.text());
            }
          });
      page.navigate(dir.resolve("index.html").toUri().toString());
      int goods = report.getJsonObject("markets").getJsonObject("redhaven").size();
      int towns = report.getJsonObject("markets").size();
      page.waitForFunction(
          "n => document.querySelectorAll('#markets canvas').length >= n", towns * goods);
      assertEquals(List.of(), errors, "no script error");
      assertEquals(2, page.locator("#held canvas, #flows canvas").count(), "the money's charts");
      assertEquals(
          report.getJsonArray("goals").size(),
          page.locator("#goals tbody tr").count(),
          "every goal");
      assertTrue(page.locator("#summary").textContent().contains("ab".repeat(32)), "the digest");
      assertTrue(page.locator("#trades").textContent().contains("salt"), "the trade table");
      browser.close();
    }
  }
}

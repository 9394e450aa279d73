package io.wayfarer.server.simulation;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Writes a report as {@code report.json} and {@code index.html}: one self-contained page (uPlot,
 * its styles, the figures and the script that draws them all inline), readable from disk without a
 * server.
 */
final class ReportPage {
  private static final String UPLOT = "META-INF/resources/webjars/uplot/";

  private ReportPage() {}

  static void write(Path dir, JsonObject report) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("report.json"), report.encodePrettily());
      String version = uplotVersion();
      String page =
          template()
              .replace("/*UPLOT_CSS*/", resource(UPLOT + version + "/dist/uPlot.min.css"))
              .replace("/*UPLOT_JS*/", resource(UPLOT + version + "/dist/uPlot.iife.min.js"))
              // The figures inside a script element: nothing in them may close it.
              .replace("/*REPORT*/", report.encode().replace("</", "<\\/"));
      Files.writeString(dir.resolve("index.html"), page);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + dir, e);
    }
  }

  private static String uplotVersion() throws IOException {
    Properties p = new Properties();
    try (InputStream in = resourceStream("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
      p.load(in);
    }
    return p.getProperty("version");
  }

  private static String template() throws IOException {
    return resource("simulation/report.html");
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = resourceStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static InputStream resourceStream(String name) throws IOException {
    InputStream in = ReportPage.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IOException(name + " is not on the classpath");
    }
    return in;
  }
}

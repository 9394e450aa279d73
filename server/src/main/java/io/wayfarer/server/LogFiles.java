package io.wayfarer.server;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

/**
 * The server's log as files as well as on the console: {@code <data.dir>/logs/wayfarer.log}, rolled
 * daily and at 20 MB, a fortnight and at most 500 MB kept. Added once the configuration says where
 * the data directory is, so {@code conf/logback.xml} stays the place for levels and the console.
 * With {@code log.format} {@code json} both the console and the file write one JSON object per line
 * (logback's own {@link JsonEncoder}), for a log collector.
 */
final class LogFiles {
  static final String APPENDER = "wayfarer-file";

  private LogFiles() {}

  static Path start(Path dataDir, boolean json) {
    Path dir = dataDir.toAbsolutePath().normalize().resolve("logs");
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return dir;
    }
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    if (root.getAppender(APPENDER) != null) {
      return dir;
    }
    if (json) {
      for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
        if (it.next() instanceof OutputStreamAppender<ILoggingEvent> console) {
          console.setEncoder(encoder(context, true));
        }
      }
    }
    Encoder<ILoggingEvent> encoder = encoder(context, json);

    RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
    file.setContext(context);
    file.setName(APPENDER);
    file.setFile(dir.resolve("wayfarer.log").toString());
    SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
    policy.setContext(context);
    policy.setParent(file);
    policy.setFileNamePattern(dir.resolve("wayfarer.%d{yyyy-MM-dd}.%i.log.gz").toString());
    policy.setMaxFileSize(FileSize.valueOf("20MB"));
    policy.setMaxHistory(14);
    policy.setTotalSizeCap(FileSize.valueOf("500MB"));
    policy.start();
    file.setRollingPolicy(policy);
    file.setEncoder(encoder);
    file.start();
    root.addAppender(file);
    return dir;
  }

  private static Encoder<ILoggingEvent> encoder(LoggerContext context, boolean json) {
    if (json) {
      JsonEncoder encoder = new JsonEncoder();
      encoder.setContext(context);
      // The message as people read it, beside its pattern and arguments.
      encoder.setWithFormattedMessage(true);
      encoder.start();
      return encoder;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n");
    encoder.start();
    return encoder;
  }
}

package io.wayfarer.server;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * The server's log as files as well as on the console: {@code <data.dir>/logs/wayfarer.log}, rolled
 * daily and at 20 MB, a fortnight and at most 500 MB kept. Added once the configuration says where
 * the data directory is, so {@code conf/logback.xml} stays the place for levels and the console.
 */
final class LogFiles {
  static final String APPENDER = "wayfarer-file";

  private LogFiles() {}

  static Path start(Path dataDir) {
    Path dir = dataDir.toAbsolutePath().normalize().resolve("logs");
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return dir;
    }
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    if (root.getAppender(APPENDER) != null) {
      return dir;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n");
    encoder.start();

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
}

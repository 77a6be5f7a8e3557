package dev.ketch.cluster;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * Hands each log event to the {@link ClusterLog} of the cluster whose thread logged it. Threads
 * carry their cluster's identifier in an inheritable thread-local: set on the thread that starts a
 * cluster, inherited by every thread (platform or virtual) created from there. One appender on
 * logback's root logger serves every cluster of the JVM; with another SLF4J binding, no lines are
 * captured.
 */
final class LogRouter extends AppenderBase<ILoggingEvent> {

  private static final String APPENDER_NAME = "ketch-cluster-logs";
  private static final InheritableThreadLocal<String> CLUSTER = new InheritableThreadLocal<>();
  private static final Map<String, ClusterLog> LOGS = new ConcurrentHashMap<>();
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private LogRouter() {}

  /** Makes the current thread, and the threads it creates from now on, log to {@code log}. */
  static void enter(ClusterLog log) {
    install();
    LOGS.put(log.id(), log);
    CLUSTER.set(log.id());
  }

  /** Stops keeping lines for {@code log}; threads still tagged with it log nowhere. */
  static void forget(ClusterLog log) {
    LOGS.remove(log.id());
  }

  private static synchronized void install() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (root.getAppender(APPENDER_NAME) != null) {
      return;
    }
    LogRouter router = new LogRouter();
    router.setName(APPENDER_NAME);
    router.setContext(context);
    router.start();
    root.addAppender(router);
  }

  @Override
  protected void append(ILoggingEvent event) {
    String id = CLUSTER.get();
    ClusterLog log = id == null ? null : LOGS.get(id);
    if (log != null) {
      log.add(format(event));
    }
  }

  static String format(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(160);
    line.append(TIME.format(Instant.ofEpochMilli(event.getTimeStamp()))).append(' ').append(event.getLevel())
        .append(" [").append(event.getThreadName()).append("] ").append(shortName(event.getLoggerName())).append(' ')
        .append(event.getFormattedMessage());
    if (event.getKeyValuePairs() != null) {
      for (KeyValuePair kv : event.getKeyValuePairs()) {
        line.append(' ').append(kv.key).append('=').append(kv.value);
      }
    }
    IThrowableProxy error = event.getThrowableProxy();
    if (error != null) {
      line.append(" error=").append(error.getClassName()).append(": ").append(error.getMessage());
    }
    return line.toString();
  }

  private static String shortName(String logger) {
    int dot = logger.lastIndexOf('.');
    return dot < 0 ? logger : logger.substring(dot + 1);
  }
}

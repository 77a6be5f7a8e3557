package dev.ketch.kubelet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ketch.kubelet.runtime.simulated.SimulatedRuntime;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerLogsTest {

  @TempDir Path logDir;

  ContainerLogs logs;
  Path dir;

  @BeforeEach
  void twoRuns() throws Exception {
    logs = new ContainerLogs(new ContainerLocator(new SimulatedRuntime(Clock.systemUTC(), "10.64.0.0/24"), logDir));
    dir = Files.createDirectories(logDir.resolve("default_app_uid-1/app"));
    Files.writeString(dir.resolve("0.log"), "2025-01-02T03:04:05Z stdout F first run\n");
    Files.writeString(dir.resolve("1.log"), """
        2025-01-02T03:05:00.5Z stdout F one
        2025-01-02T03:05:01Z stderr F two
        2025-01-02T03:05:02Z stdout P thr
        2025-01-02T03:05:02Z stdout F ee
        2025-01-02T03:05:03Z stdout F unfinished""");
  }

  private String read(boolean previous, Map<String, List<String>> query) throws Exception {
    LogOptions options = LogOptions.of(query, Instant.parse("2025-01-02T03:05:03Z"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    logs.stream("default", "app", "app", logs.select("default", "app", "app", previous), options, new LogSink() {
      @Override
      public void write(String stream, byte[] bytes) {
        out.writeBytes(bytes);
      }

      @Override
      public boolean isClosed() {
        return false;
      }
    });
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void readsTheLastRunWithPartialLinesJoinedAndAnUnfinishedLineLeftOut() throws Exception {
    assertThat(read(false, Map.of())).isEqualTo("one\ntwo\nthree\n");
  }

  @Test
  void previousReadsTheRunBefore() throws Exception {
    assertThat(read(true, Map.of())).isEqualTo("first run\n");
  }

  @Test
  void tailSinceTimestampsAndLimit() throws Exception {
    assertThat(read(false, Map.of("tailLines", List.of("1")))).isEqualTo("ee\n");
    assertThat(read(false, Map.of("sinceSeconds", List.of("2")))).isEqualTo("two\nthree\n");
    assertThat(read(false, Map.of("timestamps", List.of("true"), "tailLines", List.of("3"))))
        .isEqualTo("2025-01-02T03:05:01Z two\n2025-01-02T03:05:02Z thr2025-01-02T03:05:02Z ee\n");
    assertThat(read(false, Map.of("limitBytes", List.of("6")))).isEqualTo("one\ntw");
  }

  @Test
  void aContainerWithOneRunHasNoPreviousAndBadOptionsAreRefused() throws Exception {
    Files.delete(dir.resolve("0.log"));
    assertThatThrownBy(() -> read(true, Map.of())).isInstanceOf(ContainerLogs.LogException.class)
        .hasMessage("previous terminated container \"app\" in pod \"app\" not found");
    assertThatThrownBy(() -> LogOptions.of(Map.of("tailLines", List.of("x")), Instant.now()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tailLines");
  }

  @Test
  void resizeMessagesFollowOneAnother() {
    List<int[]> sizes = new java.util.ArrayList<>();
    ResizeEvents.parse("{\"Width\":80,\"Height\":24}{\"Width\":101,\"Height\":33}".getBytes(StandardCharsets.UTF_8),
        (w, h) -> sizes.add(new int[] {w, h}));
    assertThat(sizes).containsExactly(new int[] {80, 24}, new int[] {101, 33});
  }
}

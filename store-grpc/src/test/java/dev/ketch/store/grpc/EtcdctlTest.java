package dev.ketch.store.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.store.embedded.EmbeddedStore;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stock etcdctl against the endpoint over an embedded store: what it prints, as with etcd. */
class EtcdctlTest {

  private static final long MEMBER_ID = 0x2e1259d415f2a040L;
  private static final long CLUSTER_ID = 0x48271e4c2b3c7a87L;

  private EmbeddedStore store;
  private EtcdEndpoint endpoint;
  private Etcdctl etcdctl;

  @BeforeEach
  void start() {
    store = EmbeddedStore.inMemory();
    endpoint =
        EtcdEndpoint.start(
            store, EtcdEndpointConfig.loopback().withIds(CLUSTER_ID, MEMBER_ID).withMemberName("m1"));
    etcdctl = new Etcdctl(endpoint.clientUrl());
  }

  @AfterEach
  void stop() {
    endpoint.close();
    store.close();
  }

  @Test
  void putThenGet() {
    assertThat(etcdctl.run("put", "key1", "value1").ok()).isEqualTo("OK\n");
    assertThat(etcdctl.run("get", "key1").ok()).isEqualTo("key1\nvalue1\n");
    assertThat(etcdctl.run("get", "missing").ok()).isEmpty();
  }

  @Test
  void getJsonCarriesTheHeader() {
    etcdctl.run("put", "key1", "value1").ok();
    long revision = store.status().revision();
    String json = etcdctl.run("get", "key1", "-w", "json").ok();
    assertThat(json)
        .contains("\"cluster_id\":" + Long.toUnsignedString(CLUSTER_ID))
        .contains("\"member_id\":" + Long.toUnsignedString(MEMBER_ID))
        .contains("\"revision\":" + revision)
        .contains("\"raft_term\":2")
        .contains(
            "\"create_revision\":" + revision + ",\"mod_revision\":" + revision + ",\"version\":1")
        .contains("\"count\":1");
  }

  @Test
  void getPrefixKeysOnly() {
    etcdctl.run("put", "/a", "1").ok();
    etcdctl.run("put", "/b", "2").ok();
    etcdctl.run("put", "other", "3").ok();
    assertThat(etcdctl.run("get", "/", "--prefix", "--keys-only").ok()).isEqualTo("/a\n\n/b\n\n");
    assertThat(etcdctl.run("get", "/", "--prefix", "--limit=1", "--order=DESCEND").ok())
        .isEqualTo("/b\n2\n");
  }

  @Test
  void getAtAnOlderRevision() {
    etcdctl.run("put", "k", "v1").ok();
    long revision = modRevision("k");
    etcdctl.run("put", "k", "v2").ok();
    assertThat(etcdctl.run("get", "k", "--rev=" + revision).ok()).isEqualTo("k\nv1\n");
    assertThat(etcdctl.run("get", "k").ok()).isEqualTo("k\nv2\n");
  }

  @Test
  void deleteAKeyAndAPrefix() {
    etcdctl.run("put", "k", "v").ok();
    etcdctl.run("put", "/d/1", "v").ok();
    etcdctl.run("put", "/d/2", "v").ok();
    assertThat(etcdctl.run("del", "k").ok()).isEqualTo("1\n");
    assertThat(etcdctl.run("del", "nothing").ok()).isEqualTo("0\n");
    assertThat(etcdctl.run("del", "/d/", "--prefix").ok()).isEqualTo("2\n");
    assertThat(etcdctl.run("get", "", "--from-key").ok()).isEmpty();
  }

  @Test
  void watchPrintsEventsAsTheyHappen() throws Exception {
    try (var watch = etcdctl.startRunning("watch", "wk")) {
      awaitWatches(1);
      etcdctl.run("put", "wk", "1").ok();
      assertThat(watch.nextLines(3)).containsExactly("PUT", "wk", "1");
      etcdctl.run("put", "other", "x").ok();
      etcdctl.run("del", "wk").ok();
      assertThat(watch.nextLines(2)).containsExactly("DELETE", "wk");
    }
  }

  @Test
  void watchFromARevisionReplaysHistoryWithPreviousValues() throws Exception {
    etcdctl.run("put", "wr", "a").ok();
    long first = modRevision("wr");
    etcdctl.run("put", "wr", "b").ok();
    try (var watch = etcdctl.startRunning("watch", "wr", "--rev=" + first, "--prev-kv")) {
      assertThat(watch.nextLines(3)).containsExactly("PUT", "wr", "a");
      assertThat(watch.nextLines(5)).containsExactly("PUT", "wr", "a", "wr", "b");
    }
  }

  @Test
  void watchAPrefixAsJson() throws Exception {
    try (var watch = etcdctl.startRunning("watch", "--prefix", "/w/", "-w", "json")) {
      awaitWatches(1);
      etcdctl.run("put", "/w/1", "x").ok();
      String line = watch.nextLines(1).getFirst();
      assertThat(line)
          .contains("\"member_id\":" + Long.toUnsignedString(MEMBER_ID))
          .contains("\"Events\":[{\"kv\":{\"key\":\"L3cvMQ==\"")
          .contains("\"Canceled\":false");
    }
  }

  @Test
  void interactiveTxn() {
    etcdctl.run("put", "tk", "v1").ok();
    String input = "value(\"tk\") = \"v1\"\n\nput tk v2\n\nput tk other\n\n";
    String out = etcdctl.runWithInput(input, "txn", "-i").ok();
    assertThat(out).endsWith("SUCCESS\n\nOK\n");
    assertThat(etcdctl.run("get", "tk").ok()).isEqualTo("tk\nv2\n");

    out = etcdctl.runWithInput(input, "txn", "-i").ok();
    assertThat(out).endsWith("FAILURE\n\nOK\n");
    assertThat(etcdctl.run("get", "tk").ok()).isEqualTo("tk\nother\n");
  }

  /** etcdctl 3.4 cannot parse a lease comparison, so that one is left to the jetcd tests. */
  @Test
  void txnWithEveryCompareTarget() {
    etcdctl.run("put", "c", "v").ok();
    long revision = modRevision("c");
    String input =
        "mod(\"c\") = \""
            + revision
            + "\"\ncreate(\"c\") = \""
            + revision
            + "\"\nver(\"c\") = \"1\"\nval(\"c\") = \"v\"\n\n"
            + "get c\ndel c\n\nget nothing\n\n";
    String out = etcdctl.runWithInput(input, "txn").ok();
    assertThat(out).isEqualTo("SUCCESS\n\nc\nv\n\n1\n");
  }

  @Test
  void leaseLifecycle() {
    String granted = etcdctl.run("lease", "grant", "100").ok();
    Matcher m = Pattern.compile("lease ([0-9a-f]+) granted with TTL\\(100s\\)\n").matcher(granted);
    assertThat(m.matches()).as(granted).isTrue();
    String lease = m.group(1);

    assertThat(etcdctl.run("put", "--lease=" + lease, "lk", "v").ok()).isEqualTo("OK\n");
    assertThat(etcdctl.run("lease", "timetolive", "--keys", lease).ok())
        .matches(
            "lease "
                + lease
                + " granted with TTL\\(100s\\), remaining\\((99|100)s\\), attached keys\\(\\[lk]\\)\n");
    assertThat(etcdctl.run("lease", "list").ok()).isEqualTo("found 1 leases\n" + lease + "\n");
    assertThat(etcdctl.run("lease", "keep-alive", "--once", lease).ok())
        .isEqualTo("lease " + lease + " keepalived with TTL(100)\n");
    assertThat(etcdctl.run("lease", "revoke", lease).ok())
        .isEqualTo("lease " + lease + " revoked\n");
    assertThat(etcdctl.run("get", "lk").ok()).isEmpty();
    assertThat(etcdctl.run("lease", "timetolive", lease).ok())
        .isEqualTo("lease " + lease + " already expired\n");
  }

  @Test
  void leaseErrorsAsEtcd() {
    assertThat(etcdctl.run("lease", "revoke", "1234").error())
        .isEqualTo("Error: failed to revoke lease (etcdserver: requested lease not found)");
    assertThat(etcdctl.run("put", "--lease=1234", "k", "v").error())
        .isEqualTo("Error: etcdserver: requested lease not found");
    assertThat(etcdctl.run("lease", "keep-alive", "--once", "1234").error())
        .isEqualTo("Error: etcdserver: requested lease not found");
    assertThat(etcdctl.run("lease", "grant", "99999999999").error())
        .isEqualTo("Error: failed to grant lease (etcdserver: too large lease TTL)");
  }

  @Test
  void compactionAndCompactedRevisions() throws Exception {
    etcdctl.run("put", "k", "v1").ok();
    etcdctl.run("put", "k", "v2").ok();
    long revision = modRevision("k");
    assertThat(etcdctl.run("compaction", Long.toString(revision)).ok())
        .isEqualTo("compacted revision " + revision + "\n");

    assertThat(etcdctl.run("get", "k", "--rev=" + (revision - 1)).error())
        .isEqualTo("Error: etcdserver: mvcc: required revision has been compacted");
    assertThat(etcdctl.run("compaction", Long.toString(revision - 1)).error())
        .isEqualTo("Error: etcdserver: mvcc: required revision has been compacted");
    assertThat(etcdctl.run("get", "k", "--rev=1000").error())
        .isEqualTo("Error: etcdserver: mvcc: required revision is a future revision");

    try (var watch = etcdctl.startRunning("watch", "k", "--rev=1")) {
      assertThat(watch.awaitExit()).isNotZero();
      assertThat(watch.stderr())
          .isEqualTo(
              "watch was canceled (etcdserver: mvcc: required revision has been compacted)\n"
                  + "Error: watch is canceled by the server\n");
    }
  }

  @Test
  void requestErrorsAsEtcd() {
    assertThat(etcdctl.run("get", "").error()).isEqualTo("Error: etcdserver: key is not provided");
    assertThat(etcdctl.run("put", "", "x").error())
        .isEqualTo("Error: etcdserver: key is not provided");
    assertThat(etcdctl.run("put", "absent", "--ignore-lease", "x").error())
        .isEqualTo("Error: etcdserver: key not found");
  }

  @Test
  void endpointStatus() {
    etcdctl.run("put", "k", "v").ok();
    long revision = store.status().revision();
    String url = endpoint.clientUrl().toString();
    assertThat(etcdctl.run("endpoint", "status").ok())
        .matches(
            Pattern.quote(url + ", " + Long.toHexString(MEMBER_ID) + ", 3.4.0+ketch, ")
                + "[0-9.]+ k?B, true, false, 2, "
                + revision
                + ", "
                + revision
                + ", \n");
    assertThat(etcdctl.run("endpoint", "status", "-w", "json").ok())
        .contains("\"Endpoint\":\"" + url + "\"")
        .contains("\"leader\":" + Long.toUnsignedString(MEMBER_ID))
        .contains("\"version\":\"3.4.0+ketch\"")
        .contains("\"raftTerm\":2");
    assertThat(etcdctl.run("endpoint", "status", "--cluster").ok()).startsWith(url + ", ");
  }

  /** etcdctl 3.4 prints the health report on standard error. */
  @Test
  void endpointHealth() {
    var result = etcdctl.run("endpoint", "health");
    result.ok();
    assertThat(result.stderr())
        .startsWith(endpoint.clientUrl() + " is healthy: successfully committed proposal: took = ");
  }

  @Test
  void memberList() {
    assertThat(etcdctl.run("member", "list").ok())
        .isEqualTo(
            Long.toHexString(MEMBER_ID) + ", started, m1, , " + endpoint.clientUrl() + ", false\n");
  }

  private long modRevision(String key) {
    String json = etcdctl.run("get", key, "-w", "json").ok();
    Matcher m = Pattern.compile("\"mod_revision\":(\\d+)").matcher(json);
    assertThat(m.find()).as(json).isTrue();
    return Long.parseLong(m.group(1));
  }

  /** etcdctl prints nothing when its watch is created, so the test asks the endpoint. */
  private void awaitWatches(int count) {
    await().atMost(Duration.ofSeconds(20)).until(() -> endpoint.watchCount() >= count);
  }
}

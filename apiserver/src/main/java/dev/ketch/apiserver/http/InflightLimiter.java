package dev.ketch.apiserver.http;

import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.request.RequestInfo;
import dev.ketch.apiserver.request.RequestInfoParser;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * Caps the requests being served at once, as kube-apiserver's {@code --max-requests-inflight} and
 * {@code --max-mutating-requests-inflight}: separate budgets for reads (GET, HEAD, OPTIONS) and
 * for everything else; a request over budget is refused at once with 429 and {@code Retry-After:
 * 1}. Long-running requests (watches, proxy, and the attach, exec, log, portforward and proxy
 * subresources) and members of {@code system:masters} are not counted, as upstream. A limit of 0
 * or less means no limit. Thread-safe.
 */
final class InflightLimiter {

  /** A place in a budget; closing it gives it back. Idempotent. */
  interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  private static final Permit FREE = () -> {};
  private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");
  private static final Set<String> LONG_RUNNING_VERBS = Set.of("watch", "proxy");
  private static final Set<String> LONG_RUNNING_SUBRESOURCES = Set.of("attach", "exec", "proxy", "log", "portforward");

  private final Semaphore readOnly;
  private final Semaphore mutating;

  InflightLimiter(int maxReadOnly, int maxMutating) {
    this.readOnly = maxReadOnly > 0 ? new Semaphore(maxReadOnly) : null;
    this.mutating = maxMutating > 0 ? new Semaphore(maxMutating) : null;
  }

  /**
   * @throws StatusException 429 TooManyRequests when the request's budget is spent
   */
  Permit acquire(String method, String path, Map<String, List<String>> query, UserInfo user) {
    if (user.inGroup(UserInfo.MASTERS_GROUP) || isLongRunning(method, path, query)) {
      return FREE;
    }
    Semaphore budget = READ_METHODS.contains(method.toUpperCase(Locale.ROOT)) ? readOnly : mutating;
    if (budget == null) {
      return FREE;
    }
    if (!budget.tryAcquire()) {
      throw StatusException.tooManyRequests("Too many requests, please try again later.", 1);
    }
    return new Permit() {
      private boolean released;

      @Override
      public synchronized void close() {
        if (!released) {
          released = true;
          budget.release();
        }
      }
    };
  }

  static boolean isLongRunning(String method, String path, Map<String, List<String>> query) {
    RequestInfo info = RequestInfoParser.parse(method, path, watchQuery(query.get("watch")));
    return LONG_RUNNING_VERBS.contains(info.verb()) || LONG_RUNNING_SUBRESOURCES.contains(info.subresource());
  }

  /** As kube-apiserver: any value of the first {@code watch} parameter but "0" and "false". */
  private static boolean watchQuery(List<String> values) {
    if (values == null || values.isEmpty()) {
      return false;
    }
    String v = values.getFirst().toLowerCase(Locale.ROOT);
    return !v.equals("0") && !v.equals("false");
  }
}

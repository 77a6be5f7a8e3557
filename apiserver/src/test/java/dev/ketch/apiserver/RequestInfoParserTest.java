package dev.ketch.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.apiserver.request.RequestInfo;
import dev.ketch.apiserver.request.RequestInfoParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestInfoParserTest {

  @ParameterizedTest(name = "{0} {1} watch={2} -> {4} {5}/{6} {7} {8} {9}")
  @CsvSource(
      nullValues = "-",
      value = {
        "GET,  /api/v1/pods,                                  false, true,  list,   '',   v1,      '',      pods,        '',    ''",
        "GET,  /api/v1/namespaces/default/pods,               false, true,  list,   '',   v1,      default, pods,        '',    ''",
        "GET,  /api/v1/namespaces/default/pods,               true,  true,  watch,  '',   v1,      default, pods,        '',    ''",
        "GET,  /api/v1/watch/namespaces/default/pods,         false, true,  watch,  '',   v1,      default, pods,        '',    ''",
        "GET,  /api/v1/namespaces/default/pods/web,           false, true,  get,    '',   v1,      default, pods,        web,   ''",
        "PUT,  /api/v1/namespaces/default/pods/web/status,    false, true,  update, '',   v1,      default, pods,        web,   status",
        "POST, /api/v1/namespaces/default/pods/web/binding,   false, true,  create, '',   v1,      default, pods,        web,   binding",
        "GET,  /api/v1/namespaces/kube-system,                false, true,  get,    '',   v1,      kube-system, namespaces, kube-system, ''",
        "PUT,  /api/v1/namespaces/kube-system/finalize,       false, true,  update, '',   v1,      kube-system, namespaces, kube-system, finalize",
        "GET,  /api/v1/namespaces,                            false, true,  list,   '',   v1,      '',      namespaces,  '',    ''",
        "DELETE, /apis/apps/v1/namespaces/ns1/deployments,    false, true,  deletecollection, apps, v1, ns1, deployments, '', ''",
        "PATCH, /apis/apps/v1/namespaces/ns1/deployments/d/scale, false, true, patch, apps, v1,    ns1,     deployments, d,     scale",
        "DELETE, /api/v1/nodes/n1,                            false, true,  delete, '',   v1,      '',      nodes,       n1,    ''",
      })
  void readsResourceRequests(
      String method, String path, boolean watch, boolean resourceRequest, String verb, String group,
      String version, String namespace, String resource, String name, String subresource) {
    RequestInfo info = RequestInfoParser.parse(method, path, watch);
    assertThat(info.resourceRequest()).isEqualTo(resourceRequest);
    assertThat(info.verb()).isEqualTo(verb);
    assertThat(info.groupVersion().group()).isEqualTo(group);
    assertThat(info.groupVersion().version()).isEqualTo(version);
    assertThat(info.namespace()).isEqualTo(namespace);
    assertThat(info.resource()).isEqualTo(resource);
    assertThat(info.name()).isEqualTo(name);
    assertThat(info.subresource()).isEqualTo(subresource);
  }

  @ParameterizedTest(name = "{0} is not a resource request")
  @CsvSource({"/version", "/healthz", "/api", "/apis", "/api/v1", "/apis/apps/v1", "/openapi/v3"})
  void readsOtherPaths(String path) {
    assertThat(RequestInfoParser.parse("GET", path, false).resourceRequest()).isFalse();
  }
}

package dev.ketch.apiserver.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.support.Fabric8;
import dev.ketch.apiserver.support.InProcessApiServer;
import dev.ketch.apiserver.support.InProcessApiServer.Answer;
import dev.ketch.apiserver.support.Kubectl;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reviews, answered from the request: over HTTP, through fabric8, and through {@code kubectl
 * auth can-i [--list]} and {@code kubectl auth whoami} (1.27 asks authentication.k8s.io/v1beta1,
 * 1.32 and 1.33 send protobuf).
 */
class ReviewsIT {

  private static final String SSAR = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
  @TempDir static Path tmp;
  static InProcessApiServer api;

  @BeforeAll
  static void start() throws Exception {
    api = InProcessApiServer.start(tmp);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void selfSubjectAccessReviewsAreAllowedWithTheReasonWhy() {
    Answer a = api.json("POST", SSAR, """
        {"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview","metadata":{"creationTimestamp":null},
         "spec":{"resourceAttributes":{"namespace":"default","verb":"create","group":"apps","resource":"deployments"}}}""");
    assertThat(a.status()).isEqualTo(201);
    assertThat(a.body().path("kind").asText()).isEqualTo("SelfSubjectAccessReview");
    assertThat(a.body().path("spec").path("resourceAttributes").path("resource").asText()).isEqualTo("deployments");
    assertThat(a.body().path("status").path("allowed").asBoolean()).isTrue();
    assertThat(a.body().path("status").path("reason").asText()).contains("RBAC is not enforced");
  }

  @Test
  void reviewsAreValidatedAsUpstream() {
    Answer neither = api.json("POST", SSAR, "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectAccessReview\",\"spec\":{}}");
    assertThat(neither.status()).isEqualTo(422);
    assertThat(neither.body().path("message").asText()).isEqualTo("SelfSubjectAccessReview.authorization.k8s.io \"\" is invalid: "
        + "spec.resourceAttributes: Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified");
    Answer local = api.json("POST", "/apis/authorization.k8s.io/v1/namespaces/default/localsubjectaccessreviews", """
        {"apiVersion":"authorization.k8s.io/v1","kind":"LocalSubjectAccessReview",
         "spec":{"user":"jane","resourceAttributes":{"namespace":"other","verb":"get","resource":"pods"}}}""");
    assertThat(local.status()).isEqualTo(400);
    assertThat(local.body().path("message").asText()).isEqualTo("spec.resourceAttributes.namespace must match namespace: default");
    assertThat(api.json("GET", SSAR, null).status()).isEqualTo(405);
  }

  @Test
  void discoveryListsTheReviewsAsCreateOnly() {
    JsonNode authz = api.ok("GET", "/apis/authorization.k8s.io/v1", null).body();
    List<String> names = new ArrayList<>();
    authz.path("resources").forEach(r -> {
      names.add(r.path("name").asText());
      assertThat(r.path("verbs").toString()).isEqualTo("[\"create\"]");
      assertThat(r.has("storageVersionHash")).isFalse();
    });
    assertThat(names).containsExactly("localsubjectaccessreviews", "selfsubjectaccessreviews", "selfsubjectrulesreviews",
        "subjectaccessreviews");
    JsonNode authn = api.ok("GET", "/apis/authentication.k8s.io", null).body();
    assertThat(authn.path("preferredVersion").path("version").asText()).isEqualTo("v1");
    assertThat(authn.path("versions").findValuesAsText("version")).containsExactly("v1", "v1beta1");
  }

  @Test
  void fabric8AsksWhoItIsAndWhatItMayDo() {
    try (KubernetesClient client = Fabric8.client(api.server().kubeconfigFiles().getFirst())) {
      SelfSubjectAccessReview review = client.resource(new SelfSubjectAccessReviewBuilder()
          .withNewSpec().withNewResourceAttributes().withNamespace("default").withVerb("delete").withResource("pods")
          .endResourceAttributes().endSpec().build()).create();
      assertThat(review.getStatus().getAllowed()).isTrue();

      SelfSubjectRulesReview rules = client.resource(new SelfSubjectRulesReviewBuilder()
          .withNewSpec().withNamespace("default").endSpec().build()).create();
      assertThat(rules.getStatus().getResourceRules()).singleElement().satisfies(r -> {
        assertThat(r.getVerbs()).containsExactly("*");
        assertThat(r.getResources()).containsExactly("*");
      });
      assertThat(rules.getStatus().getIncomplete()).isFalse();

      SelfSubjectReview me = client.resource(new SelfSubjectReview()).create();
      assertThat(me.getStatus().getUserInfo().getUsername()).isNotEmpty();
      assertThat(me.getStatus().getUserInfo().getGroups()).contains("system:masters", "system:authenticated");
    }
  }

  private static Kubectl kubectl(String version) {
    return new Kubectl(version, api.server().kubeconfigFiles().getFirst(), tmp);
  }

  @ParameterizedTest(name = "kubectl {0}")
  @ValueSource(strings = {"1.27", "1.32", "1.33"})
  void kubectlAuthCanI(String version) {
    Kubectl k = kubectl(version);
    assertThat(k.run("auth", "can-i", "create", "deployments").requireSuccess().stdout().trim()).isEqualTo("yes");
    assertThat(k.run("auth", "can-i", "delete", "nodes", "--all-namespaces").requireSuccess().stdout().trim()).isEqualTo("yes");
    assertThat(k.run("auth", "can-i", "get", "/healthz").requireSuccess().stdout().trim()).isEqualTo("yes");
    String list = k.run("auth", "can-i", "--list").requireSuccess().stdout();
    assertThat(list).contains("Resources", "Non-Resource URLs", "Verbs", "*.*", "[*]");
  }

  @ParameterizedTest(name = "kubectl {0}")
  @ValueSource(strings = {"1.27", "1.32", "1.33"})
  void kubectlAuthWhoami(String version) {
    String out = kubectl(version).run("auth", "whoami").requireSuccess().stdout();
    assertThat(out).contains("ATTRIBUTE", "Username", "Groups", "system:masters", "system:authenticated");
    String json = kubectl(version).run("auth", "whoami", "-o", "json").requireSuccess().stdout();
    assertThat(json).contains(version.equals("1.27") ? "authentication.k8s.io/v1beta1" : "authentication.k8s.io/v1\"");
  }
}

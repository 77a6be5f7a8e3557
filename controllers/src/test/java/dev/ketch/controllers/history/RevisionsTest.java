package dev.ketch.controllers.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

class RevisionsTest {

  private static PodTemplateSpec template(String image) {
    return new PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", "web").endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage(image).endContainer().endSpec().build();
  }

  @Test
  void dataIsTheSortedReplacePatchAndRestoresTheTemplate() {
    var data = Revisions.templatePatch(template("nginx:1"));
    assertThat(Revisions.json(data)).startsWith("{\"spec\":{\"template\":{\"$patch\":\"replace\",\"metadata\":");
    ControllerRevision r = new ControllerRevision();
    r.setData(data);
    // As read back from the API, the data is a raw extension.
    ControllerRevision read = new KubernetesSerialization().clone(r);
    assertThat(Revisions.template(read)).isEqualTo(template("nginx:1"));
    assertThat(Revisions.hasData(read, Revisions.templatePatch(template("nginx:1")))).isTrue();
    assertThat(Revisions.hasData(read, Revisions.templatePatch(template("nginx:2")))).isFalse();
  }

  @Test
  void hashesDependOnDataAndCollisionCountAndUseTheSafeAlphabet() {
    var one = Revisions.templatePatch(template("nginx:1"));
    String h = Revisions.hash(one, 0);
    assertThat(h).matches("[bcdfghjklmnpqrstvwxz2456789]+");
    assertThat(Revisions.hash(one, 0)).isEqualTo(h);
    assertThat(Revisions.hash(one, 1)).isNotEqualTo(h);
    assertThat(Revisions.hash(Revisions.templatePatch(template("nginx:2")), 0)).isNotEqualTo(h);
  }

  @Test
  void newRevisionsAreNamedAndOwnedByTheirParent() {
    var set = new StatefulSetBuilder().withNewMetadata().withName("web").withNamespace("ns").withUid("u1").endMetadata().build();
    ControllerRevision r = Revisions.newRevision(set, "apps/v1", "StatefulSet", template("x").getMetadata().getLabels(),
        Revisions.templatePatch(template("x")), 3, 0);
    assertThat(r.getMetadata().getName()).startsWith("web-").isEqualTo("web-" + r.getMetadata().getLabels().get(Revisions.HASH_LABEL));
    assertThat(r.getRevision()).isEqualTo(3L);
    assertThat(r.getMetadata().getOwnerReferences().getFirst().getController()).isTrue();
    assertThat(r.getMetadata().getLabels()).containsEntry("app", "web");
    assertThat(Revisions.name("x".repeat(300), "abc")).hasSize(227);
  }
}

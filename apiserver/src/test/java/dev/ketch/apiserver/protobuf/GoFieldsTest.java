package dev.ketch.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The table of Go field shapes, checked against the protobuf schema it describes. */
class GoFieldsTest {

  /** The messages of a file and of the files it imports, by full name. */
  private static void collect(FileDescriptor file, Map<String, Descriptor> out) {
    if (out.containsKey(file.getName())) {
      return;
    }
    out.put(file.getName(), null);
    file.getMessageTypes().forEach(m -> out.put(m.getFullName(), m));
    file.getDependencies().forEach(d -> collect(d, out));
  }

  @Test
  void everyEntryNamesAFieldOfTheRightKind() {
    Map<String, Descriptor> messages = new HashMap<>();
    for (String apiVersion : MessageTypes.apiVersions()) {
      for (Descriptor d : sample(apiVersion)) {
        collect(d.getFile(), messages);
      }
    }
    GoFields table = GoFields.builtIn();
    List<String> problems = new ArrayList<>();
    for (String message : table.messages()) {
      Descriptor type = messages.get(message);
      if (type == null) {
        problems.add(message + ": no such message");
        continue;
      }
      table.fields(message).forEach((name, shape) -> {
        FieldDescriptor field = type.findFieldByName(name);
        if (field == null) {
          problems.add(message + "." + name + ": no such field");
          return;
        }
        boolean isMessage = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isRepeated();
        switch (shape) {
          case INLINE -> {
            if (!isMessage) {
              problems.add(message + "." + name + ": inline but not a struct");
            }
          }
          case POINTER -> {
            if (isMessage || field.isRepeated()) {
              problems.add(message + "." + name + ": pointer shape is for scalars");
            }
          }
          case ALWAYS -> {
            if (isMessage) {
              problems.add(message + "." + name + ": structs are always written already");
            }
          }
          case OMIT_EMPTY -> problems.add(message + "." + name + ": omitempty is the default, not a table entry");
        }
      });
    }
    assertThat(problems).isEmpty();
  }

  /** A message or two from the file of a group version, enough to reach every file. */
  private static List<Descriptor> sample(String apiVersion) {
    List<Descriptor> out = new ArrayList<>();
    for (String kind : List.of("DeleteOptions", "Pod", "Deployment", "Job", "Scale", "HorizontalPodAutoscaler", "PodDisruptionBudget",
        "Ingress", "Role", "PriorityClass", "StorageClass", "Lease", "EndpointSlice", "Event", "RuntimeClass", "TokenReview",
        "SubjectAccessReview", "CertificateSigningRequest", "ValidatingWebhookConfiguration", "FlowSchema", "Status")) {
      MessageTypes.of(apiVersion, kind).ifPresent(out::add);
    }
    return out;
  }

  @Test
  void unlistedFieldsAreOmitEmpty() {
    GoFields table = GoFields.builtIn();

    assertThat(table.shape("k8s.io.api.core.v1.PodSpec", "hostNetwork")).isEqualTo(GoFields.Shape.OMIT_EMPTY);
    assertThat(table.shape("k8s.io.api.core.v1.PodSpec", "terminationGracePeriodSeconds")).isEqualTo(GoFields.Shape.POINTER);
    assertThat(table.shape("k8s.io.api.core.v1.Volume", "volumeSource")).isEqualTo(GoFields.Shape.INLINE);
    assertThat(table.shape("no.such.Message", "x")).isEqualTo(GoFields.Shape.OMIT_EMPTY);
  }

  @Test
  void malformedTablesAreRefused() {
    assertThatThrownBy(() -> GoFields.parse(new BufferedReader(new StringReader("a.B sometimes x\n"))))
        .hasMessageContaining(":1: unknown shape sometimes");
    assertThatThrownBy(() -> GoFields.parse(new BufferedReader(new StringReader("# c\na.B pointer x\na.B always x\n"))))
        .hasMessageContaining(":3: a.B.x listed twice");
    assertThatThrownBy(() -> GoFields.parse(new BufferedReader(new StringReader("a.B pointer\n"))))
        .hasMessageContaining(":1: expected");
  }
}

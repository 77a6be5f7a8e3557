package dev.ketch.kubelet.runtime.cri;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.kubelet.runtime.ContainerRuntimeException;
import dev.ketch.kubelet.runtime.ContainerRuntimeException.Code;
import dev.ketch.kubelet.runtime.cri.CriErrors.Call;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

class CriErrorsTest {

  static ContainerRuntimeException of(Call call, Status status) {
    return CriErrors.of(call, status.asRuntimeException());
  }

  @Test
  void aMissingImageAtCreateIsImageNotPresentWithContainerdsMessage() {
    ContainerRuntimeException e = of(Call.CREATE_CONTAINER,
        Status.NOT_FOUND.withDescription("failed to get image \"ketch.local/absent:1\": not found"));

    assertThat(e.code()).isEqualTo(Code.IMAGE_NOT_PRESENT);
    assertThat(e.getMessage()).contains("ketch.local/absent:1");
  }

  @Test
  void aMissingExecutableAtStartIsCommandNotFound() {
    ContainerRuntimeException e = of(Call.START_CONTAINER, Status.UNKNOWN.withDescription(
        "failed to create containerd task: exec: \"/no/such/binary\": stat /no/such/binary: no such file or directory"));

    assertThat(e.code()).isEqualTo(Code.COMMAND_NOT_FOUND);
  }

  @Test
  void aFailedPullIsAPullFailureAndAnUnreachableRuntimeIsTransient() {
    assertThat(of(Call.PULL_IMAGE, Status.UNKNOWN.withDescription("dial tcp: lookup registry")).code())
        .isEqualTo(Code.IMAGE_PULL_FAILED);
    ContainerRuntimeException down = of(Call.CREATE_CONTAINER, Status.UNAVAILABLE.withDescription("io exception"));
    assertThat(down.code()).isEqualTo(Code.UNAVAILABLE);
    assertThat(down.isTransient()).isTrue();
  }

  @Test
  void anExecIntoAContainerThatStoppedIsNotFound() {
    assertThat(of(Call.EXEC_SYNC, Status.UNKNOWN.withDescription("container is in CONTAINER_EXITED state")).code())
        .isEqualTo(Code.NOT_FOUND);
    assertThat(of(Call.EXEC_SYNC, Status.DEADLINE_EXCEEDED).code()).isEqualTo(Code.DEADLINE_EXCEEDED);
  }
}

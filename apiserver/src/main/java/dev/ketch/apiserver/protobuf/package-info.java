/**
 * Protobuf request bodies: {@link dev.ketch.apiserver.protobuf.ProtobufBodies} turns Kubernetes'
 * protobuf envelope ({@code k8s\0} and a runtime.Unknown) into the JSON object the client would
 * have sent as JSON, for the router's protobuf seam. The messages are client-java-proto's
 * generated schema ({@code MessageTypes}); {@code MessageJson} writes them as Go would write the
 * same object, guided by {@code GoFields} (pointer, non-omitempty and inline fields, from the
 * resource {@code go-fields.txt}) and {@code GoText} (the string forms of Time, MicroTime and
 * Duration).
 */
package dev.ketch.apiserver.protobuf;

/**
 * The three patch formats the API server applies to stored objects, with kube-apiserver's results
 * and errors: {@link dev.ketch.apiserver.patch.JsonPatch} (RFC 6902, kubectl rollout undo),
 * {@link dev.ketch.apiserver.patch.MergePatch} (RFC 7386, kubectl label/annotate/scale, fabric8)
 * and {@link dev.ketch.apiserver.patch.StrategicMergePatch} (kubectl apply, edit, set, rollout
 * restart), the last driven by {@link dev.ketch.apiserver.patch.PatchMetadata}.
 * {@link dev.ketch.apiserver.patch.Patcher} picks the engine for a
 * {@link dev.ketch.apiserver.patch.PatchType}.
 *
 * <p>All engines work on Jackson trees and are pure functions: they never change the stored
 * object or the patch and return a new tree. Failures are {@link
 * dev.ketch.apiserver.errors.StatusException}s carrying the code and message kube-apiserver sends.
 */
package dev.ketch.apiserver.patch;

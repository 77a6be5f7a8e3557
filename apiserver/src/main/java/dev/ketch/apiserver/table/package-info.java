/**
 * The meta.k8s.io Table that {@code kubectl get} asks for: {@link
 * dev.ketch.apiserver.table.TableConvertors} gives each resource a {@link
 * dev.ketch.apiserver.table.TableConvertor} with the columns and cell formatting of
 * kube-apiserver's printers ({@code pkg/printers/internalversion}), or its default Name and
 * Created At; {@link dev.ketch.apiserver.table.Table#toJson} writes what kube-apiserver writes.
 */
package dev.ketch.apiserver.table;

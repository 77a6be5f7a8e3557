/**
 * Label and field selectors as kube-apiserver reads them: {@link
 * dev.ketch.apiserver.selection.LabelSelector} and {@link
 * dev.ketch.apiserver.selection.FieldSelector} for the syntax and matching, {@link
 * dev.ketch.apiserver.selection.SelectableFields} for what each resource lets a request select on
 * and the values its objects have, and {@link dev.ketch.apiserver.selection.Selection} over {@link
 * dev.ketch.apiserver.selection.ObjectAttributes} read once per object. Refusals are 400
 * BadRequest StatusExceptions worded as upstream's.
 */
package dev.ketch.apiserver.selection;

package dev.ketch.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The outcome of a delete.
 *
 * @param object the object: as it was when deleted now, or as it is while deletion waits
 * @param deleted true if it is gone from the store; false if it waits (finalizers, grace period)
 */
public record DeleteResult(ObjectNode object, boolean deleted) {}

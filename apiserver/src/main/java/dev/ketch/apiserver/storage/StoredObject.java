package dev.ketch.apiserver.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An object as read from the store: its tree with {@code metadata.resourceVersion} set to the
 * store's modification revision of its key.
 *
 * @param key the store key
 * @param object the object; callers own this tree (it is a fresh copy)
 * @param resourceVersion the modification revision
 */
public record StoredObject(String key, ObjectNode object, long resourceVersion) {}

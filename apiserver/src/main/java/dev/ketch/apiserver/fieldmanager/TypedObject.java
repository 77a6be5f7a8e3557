package dev.ketch.apiserver.fieldmanager;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.fieldmanager.schema.TypeNode;

/**
 * An object in the form of one API version, with the schema of that version.
 *
 * @param value the object; null for one that does not exist (the live object of a create)
 * @param type its schema
 * @param apiVersion the API version of {@code value}'s form
 */
record TypedObject(JsonNode value, TypeNode type, String apiVersion) {}

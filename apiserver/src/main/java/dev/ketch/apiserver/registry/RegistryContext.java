package dev.ketch.apiserver.registry;

import dev.ketch.apiserver.fieldmanager.FieldManager;
import dev.ketch.apiserver.storage.ObjectKeys;
import dev.ketch.apiserver.storage.ObjectStorage;

/** What every resource's registry shares. */
record RegistryContext(
    ObjectKeys keys,
    ObjectStorage storage,
    Strategies strategies,
    Admission admission,
    ObjectLookup lookup,
    NamespaceCheck namespaces,
    SystemMetadata systemMetadata,
    FieldManager fieldManager) {}

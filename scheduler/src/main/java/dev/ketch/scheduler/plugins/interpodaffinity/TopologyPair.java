package dev.ketch.scheduler.plugins.interpodaffinity;

/**
 * A topology domain: a node label key and one of its values.
 *
 * @param key the topology key ("topology.kubernetes.io/zone")
 * @param value the value ("zone-a")
 */
record TopologyPair(String key, String value) {}

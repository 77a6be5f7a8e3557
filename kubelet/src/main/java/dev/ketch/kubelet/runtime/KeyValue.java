package dev.ketch.kubelet.runtime;

/** One environment variable, in the order the container sees them. */
public record KeyValue(String key, String value) {}

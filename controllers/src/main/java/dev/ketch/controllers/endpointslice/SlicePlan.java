package dev.ketch.controllers.endpointslice;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Which slices to create, update and delete so that the slices of one port set hold exactly the
 * desired endpoints, as upstream's reconcileByPortMapping: endpoints stay in the slice that has
 * them (changed ones updated in place), emptied slices go, slices being updated anyway are filled
 * up first (fullest first), a remainder smaller than a slice goes into the fullest unchanged slice
 * with room, and only then are new slices made. This keeps writes few when one pod changes. Not
 * thread-safe; one per pass.
 */
final class SlicePlan {

  final List<EndpointSlice> toCreate = new ArrayList<>();
  final Map<String, EndpointSlice> toUpdate = new LinkedHashMap<>();
  final Map<String, EndpointSlice> toDelete = new LinkedHashMap<>();

  private final int maxPerSlice;

  SlicePlan(int maxPerSlice) {
    this.maxPerSlice = maxPerSlice;
  }

  /**
   * Plans the slices of one address type and port set.
   *
   * @param existing the Service's current slices of these ports
   * @param desired endpoints by {@link SliceEndpoints#identity}, in the order to place them
   * @param labelsFor the labels a slice should have (given its current ones); null if unchanged
   * @param newSlice makes an empty slice of these ports
   */
  void plan(List<EndpointSlice> existing, TreeMap<String, Endpoint> desired,
      java.util.function.Function<EndpointSlice, Map<String, String>> labelsFor, Supplier<EndpointSlice> newSlice) {
    Map<String, EndpointSlice> byName = new LinkedHashMap<>();
    Set<String> unchanged = new LinkedHashSet<>();
    Set<String> update = new LinkedHashSet<>();
    for (EndpointSlice slice : existing) {
      String name = slice.getMetadata().getName();
      byName.put(name, slice);
      List<Endpoint> kept = new ArrayList<>();
      boolean changed = false;
      for (Endpoint e : slice.getEndpoints() == null ? List.<Endpoint>of() : slice.getEndpoints()) {
        Endpoint want = desired.remove(SliceEndpoints.identity(e));
        if (want != null) {
          kept.add(want);
          changed |= !SliceEndpoints.same(want, e);
        }
      }
      int had = slice.getEndpoints() == null ? 0 : slice.getEndpoints().size();
      Map<String, String> labels = labelsFor.apply(slice);
      if (changed || had != kept.size()) {
        if (kept.isEmpty()) {
          toDelete.put(name, slice);
        } else {
          EndpointSlice copy = new EndpointSliceBuilder(slice).withEndpoints(kept).build();
          if (labels != null) {
            copy.getMetadata().setLabels(labels);
          }
          byName.put(name, copy);
          update.add(name);
        }
      } else if (labels != null) {
        EndpointSlice copy = new EndpointSliceBuilder(slice).build();
        copy.getMetadata().setLabels(labels);
        byName.put(name, copy);
        update.add(name);
      } else {
        unchanged.add(name);
      }
    }
    if (!desired.isEmpty() && !update.isEmpty()) {
      List<EndpointSlice> updating = new ArrayList<>(update.stream().map(byName::get).toList());
      updating.sort(Comparator.comparingInt(SlicePlan::size).reversed());
      for (EndpointSlice s : updating) {
        fill(s, desired);
      }
    }
    while (!desired.isEmpty()) {
      EndpointSlice target = null;
      if (desired.size() < maxPerSlice && !unchanged.isEmpty()) {
        target = sliceToFill(unchanged.stream().map(byName::get).toList(), desired.size());
      }
      if (target == null) {
        target = newSlice.get();
      } else {
        target = new EndpointSliceBuilder(target).build();
        byName.put(target.getMetadata().getName(), target);
      }
      fill(target, desired);
      if (target.getMetadata().getName() != null) {
        update.add(target.getMetadata().getName());
        unchanged.remove(target.getMetadata().getName());
      } else {
        toCreate.add(target);
      }
    }
    for (String name : update) {
      toUpdate.put(name, byName.get(name));
    }
  }

  private void fill(EndpointSlice slice, TreeMap<String, Endpoint> desired) {
    List<Endpoint> endpoints = new ArrayList<>(slice.getEndpoints() == null ? List.of() : slice.getEndpoints());
    while (!desired.isEmpty() && endpoints.size() < maxPerSlice) {
      endpoints.add(desired.pollFirstEntry().getValue());
    }
    slice.setEndpoints(endpoints);
  }

  /** The fullest slice with room for {@code count} more endpoints, or null. */
  private EndpointSlice sliceToFill(List<EndpointSlice> slices, int count) {
    EndpointSlice best = null;
    for (EndpointSlice s : slices) {
      if (size(s) + count <= maxPerSlice && (best == null || size(s) > size(best))) {
        best = s;
      }
    }
    return best;
  }

  private static int size(EndpointSlice s) {
    return s.getEndpoints() == null ? 0 : s.getEndpoints().size();
  }
}

package dev.ketch.apiserver.fieldmanager.fieldpath;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A set of fields of an object, kept as structured-merge-diff keeps it: a trie whose nodes hold
 * the path elements that are members of the set ("this field is owned") and the children that
 * lead to deeper members. A path being a member says nothing about its parents: {@code
 * .spec.replicas} can be in a set without {@code .spec}.
 *
 * <p>Immutable and thread-safe; the set operations return new sets and follow upstream's
 * semantics exactly, including {@link #difference} leaving children of removed members in place
 * and {@link #recursiveDifference} removing them.
 */
public final class FieldSet {

  private static final FieldSet EMPTY = new FieldSet(new TreeSet<>(), new TreeMap<>());

  private final NavigableSet<PathElement> members;
  private final NavigableMap<PathElement, FieldSet> children;

  private FieldSet(NavigableSet<PathElement> members, NavigableMap<PathElement, FieldSet> children) {
    children.values().removeIf(FieldSet::isEmpty);
    this.members = Collections.unmodifiableNavigableSet(members);
    this.children = Collections.unmodifiableNavigableMap(children);
  }

  public static FieldSet empty() {
    return EMPTY;
  }

  /** The set of these paths (their parents are not members). */
  public static FieldSet of(FieldPath... paths) {
    return of(List.of(paths));
  }

  public static FieldSet of(Collection<FieldPath> paths) {
    Builder b = new Builder();
    paths.forEach(b::insert);
    return b.build();
  }

  /** A node of the trie: these members and these children (empty children are dropped). */
  public static FieldSet node(Collection<PathElement> members, Map<PathElement, FieldSet> children) {
    if (members.isEmpty() && children.isEmpty()) {
      return EMPTY;
    }
    return new FieldSet(new TreeSet<>(members), new TreeMap<>(children));
  }

  /** The path elements at this level that are members, in order. */
  public NavigableSet<PathElement> members() {
    return members;
  }

  /** The path elements at this level that lead to deeper members, with their subsets, in order. */
  public NavigableMap<PathElement, FieldSet> children() {
    return children;
  }

  public boolean isEmpty() {
    return members.isEmpty() && children.isEmpty();
  }

  /** The number of member paths. */
  public int size() {
    int n = members.size();
    for (FieldSet c : children.values()) {
      n += c.size();
    }
    return n;
  }

  /** Whether the path is a member; the empty path (the whole object) never is. */
  public boolean has(FieldPath path) {
    List<PathElement> p = path.elements();
    if (p.isEmpty()) {
      return false;
    }
    FieldSet s = this;
    for (int i = 0; i < p.size() - 1; i++) {
      s = s.children.get(p.get(i));
      if (s == null) {
        return false;
      }
    }
    return s.members.contains(p.getLast());
  }

  /** The subset under {@code element}, without the element itself; empty if there is none. */
  public FieldSet child(PathElement element) {
    FieldSet c = children.get(element);
    return c == null ? EMPTY : c;
  }

  public FieldSet union(FieldSet other) {
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    TreeSet<PathElement> m = new TreeSet<>(members);
    m.addAll(other.members);
    TreeMap<PathElement, FieldSet> c = new TreeMap<>(children);
    other.children.forEach((pe, s) -> c.merge(pe, s, FieldSet::union));
    return new FieldSet(m, c);
  }

  public FieldSet intersection(FieldSet other) {
    TreeSet<PathElement> m = new TreeSet<>(members);
    m.retainAll(other.members);
    TreeMap<PathElement, FieldSet> c = new TreeMap<>();
    children.forEach((pe, s) -> {
      FieldSet o = other.children.get(pe);
      if (o != null) {
        c.put(pe, s.intersection(o));
      }
    });
    return m.isEmpty() && c.isEmpty() ? EMPTY : new FieldSet(m, c);
  }

  /**
   * The members of this set that are not members of {@code other}. Only members are compared
   * level by level: a member of {@code other} does not remove this set's members below it.
   */
  public FieldSet difference(FieldSet other) {
    if (other.isEmpty() || isEmpty()) {
      return this;
    }
    TreeSet<PathElement> m = new TreeSet<>(members);
    m.removeAll(other.members);
    TreeMap<PathElement, FieldSet> c = new TreeMap<>();
    children.forEach((pe, s) -> {
      FieldSet o = other.children.get(pe);
      c.put(pe, o == null ? s : s.difference(o));
    });
    return m.isEmpty() && c.isEmpty() ? EMPTY : new FieldSet(m, c);
  }

  /**
   * Like {@link #difference}, but a member of {@code other} also removes everything below it in
   * this set: {@code {a.b.c} - {a.b} = {}}.
   */
  public FieldSet recursiveDifference(FieldSet other) {
    if (other.isEmpty() || isEmpty()) {
      return this;
    }
    TreeSet<PathElement> m = new TreeSet<>(members);
    m.removeAll(other.members);
    TreeMap<PathElement, FieldSet> c = new TreeMap<>();
    children.forEach((pe, s) -> {
      if (other.members.contains(pe)) {
        return;
      }
      FieldSet o = other.children.get(pe);
      c.put(pe, o == null ? s : s.recursiveDifference(o));
    });
    return m.isEmpty() && c.isEmpty() ? EMPTY : new FieldSet(m, c);
  }

  /** Calls {@code action} with every member path: each level's members, then its children, in order. */
  public void forEach(Consumer<FieldPath> action) {
    forEach(new ArrayList<>(), action);
  }

  private void forEach(List<PathElement> prefix, Consumer<FieldPath> action) {
    for (PathElement m : members) {
      prefix.add(m);
      action.accept(new FieldPath(prefix));
      prefix.removeLast();
    }
    for (Map.Entry<PathElement, FieldSet> e : children.entrySet()) {
      prefix.add(e.getKey());
      e.getValue().forEach(prefix, action);
      prefix.removeLast();
    }
  }

  /** Every member path, in {@link #forEach} order. */
  public List<FieldPath> paths() {
    List<FieldPath> out = new ArrayList<>();
    forEach(out::add);
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldSet s && members.equals(s.members) && children.equals(s.children);
  }

  @Override
  public int hashCode() {
    return Objects.hash(members, children);
  }

  /** One member path per line, as upstream prints sets. */
  @Override
  public String toString() {
    List<String> lines = new ArrayList<>();
    forEach(p -> lines.add(p.toString()));
    return String.join("\n", lines);
  }

  /** Builds a set by inserting paths. Not thread-safe. */
  public static final class Builder {
    private final TreeSet<PathElement> members = new TreeSet<>();
    private final TreeMap<PathElement, Builder> children = new TreeMap<>();

    /** Adds a path; the empty path (the whole object) is never tracked and is ignored. */
    public Builder insert(FieldPath path) {
      List<PathElement> p = path.elements();
      if (p.isEmpty()) {
        return this;
      }
      Builder b = this;
      for (int i = 0; i < p.size() - 1; i++) {
        b = b.children.computeIfAbsent(p.get(i), k -> new Builder());
      }
      b.members.add(p.getLast());
      return this;
    }

    public FieldSet build() {
      TreeMap<PathElement, FieldSet> c = new TreeMap<>();
      children.forEach((pe, b) -> c.put(pe, b.build()));
      if (members.isEmpty() && c.values().stream().allMatch(FieldSet::isEmpty)) {
        return EMPTY;
      }
      return new FieldSet(new TreeSet<>(members), c);
    }
  }
}

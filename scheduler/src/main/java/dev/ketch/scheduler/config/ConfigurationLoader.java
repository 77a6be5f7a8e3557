package dev.ketch.scheduler.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a KubeSchedulerConfiguration file (YAML or JSON, {@code kubescheduler.config.k8s.io/v1})
 * and resolves each profile against the default plugins, as kube-scheduler does: the defaults are
 * upstream's multiPoint list; {@code multiPoint} and per-extension-point {@code enabled} lists add
 * plugins (or change a default's weight), {@code disabled} lists remove them ({@code "*"} removes
 * all defaults there). Anything that cannot work is refused with the path of the field at fault.
 * Stateless and thread-safe.
 */
public final class ConfigurationLoader {

  public static final String API_VERSION = "kubescheduler.config.k8s.io/v1";
  public static final String KIND = "KubeSchedulerConfiguration";

  /** Upstream's default plugins, in order, with their score weights. */
  public static final List<PluginRef> DEFAULT_PLUGINS = List.of(
      PluginRef.of("PrioritySort"),
      PluginRef.of("NodeUnschedulable"),
      PluginRef.of("NodeName"),
      new PluginRef("TaintToleration", 3),
      new PluginRef("NodeAffinity", 2),
      PluginRef.of("NodePorts"),
      new PluginRef("NodeResourcesFit", 1),
      PluginRef.of("VolumeBinding"),
      new PluginRef("PodTopologySpread", 2),
      new PluginRef("InterPodAffinity", 2),
      PluginRef.of("DefaultPreemption"),
      new PluginRef("NodeResourcesBalancedAllocation", 1),
      new PluginRef("ImageLocality", 1),
      PluginRef.of("DefaultBinder"));

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final PluginCatalog catalog;

  public ConfigurationLoader(PluginCatalog catalog) {
    this.catalog = catalog;
  }

  /** The configuration kube-scheduler runs with when given none: one default-scheduler profile. */
  public SchedulerConfiguration defaults() {
    return parse(ConfigNode.root(YAML.createObjectNode().put("apiVersion", API_VERSION).put("kind", KIND)));
  }

  /**
   * Reads and resolves a configuration file.
   *
   * @throws ConfigurationException naming the file and the field at fault
   */
  public SchedulerConfiguration load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigurationException("cannot read scheduler configuration " + file + ": " + e.getMessage(), e);
    }
    try {
      return parse(text);
    } catch (ConfigurationException e) {
      throw new ConfigurationException("invalid scheduler configuration " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads and resolves a configuration document. */
  public SchedulerConfiguration parse(String text) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ConfigurationException("not valid YAML or JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new ConfigurationException("must be a KubeSchedulerConfiguration object");
    }
    return parse(ConfigNode.root(root));
  }

  private SchedulerConfiguration parse(ConfigNode root) {
    root.allowOnly("apiVersion", "kind", "parallelism", "percentageOfNodesToScore", "podInitialBackoffSeconds",
        "podMaxBackoffSeconds", "profiles", "leaderElection", "clientConnection", "enableProfiling",
        "enableContentionProfiling", "extenders", "delayCacheUntilActive", "healthzBindAddress", "metricsBindAddress");
    String apiVersion = root.field("apiVersion").string("");
    if (!API_VERSION.equals(apiVersion)) {
      throw root.field("apiVersion").error("must be \"" + API_VERSION + "\", got \"" + apiVersion + "\"");
    }
    String kind = root.field("kind").string("");
    if (!KIND.equals(kind)) {
      throw root.field("kind").error("must be \"" + KIND + "\", got \"" + kind + "\"");
    }
    if (!root.field("extenders").elements().isEmpty()) {
      throw root.field("extenders").error("scheduler extenders are not supported");
    }
    int parallelism = root.field("parallelism").integer(16, 1, 1024);
    int percentage = root.field("percentageOfNodesToScore").integer(0, 0, 100);
    long initial = root.field("podInitialBackoffSeconds").integer(1);
    if (initial <= 0) {
      throw root.field("podInitialBackoffSeconds").error("must be greater than 0, got " + initial);
    }
    long max = root.field("podMaxBackoffSeconds").integer(10);
    if (max < initial) {
      throw root.field("podMaxBackoffSeconds").error("must be greater than or equal to podInitialBackoffSeconds, got " + max);
    }
    List<ConfigNode> profileNodes = root.field("profiles").elements();
    List<Profile> profiles = new ArrayList<>();
    if (profileNodes.isEmpty()) {
      profiles.add(profile(ConfigNode.missing("profiles[0]")));
    } else {
      Set<String> names = new HashSet<>();
      for (ConfigNode p : profileNodes) {
        Profile profile = profile(p);
        if (!names.add(profile.schedulerName())) {
          throw p.field("schedulerName").error("duplicate value \"" + profile.schedulerName() + "\"");
        }
        profiles.add(profile);
      }
      List<PluginRef> firstSort = profiles.getFirst().at(ExtensionPoint.QUEUE_SORT);
      for (int i = 1; i < profiles.size(); i++) {
        if (!profiles.get(i).at(ExtensionPoint.QUEUE_SORT).equals(firstSort)) {
          throw profileNodes.get(i).field("plugins").field("queueSort").error("must be the same for all profiles");
        }
      }
    }
    return new SchedulerConfiguration(parallelism, percentage, Duration.ofSeconds(initial), Duration.ofSeconds(max),
        Duration.ofMinutes(5), profiles);
  }

  private Profile profile(ConfigNode node) {
    node.allowOnly("schedulerName", "percentageOfNodesToScore", "plugins", "pluginConfig");
    String name = node.field("schedulerName").string(SchedulerConfiguration.DEFAULT_SCHEDULER_NAME);
    if (name.isEmpty()) {
      throw node.field("schedulerName").error("required value");
    }
    Integer percentage = node.field("percentageOfNodesToScore").isMissing() ? null
        : node.field("percentageOfNodesToScore").integer(0, 0, 100);
    Map<ExtensionPoint, List<PluginRef>> plugins = plugins(node.field("plugins"));
    Map<String, Object> args = pluginArgs(node.field("pluginConfig"), plugins);
    return new Profile(name, percentage, plugins, args);
  }

  private Map<ExtensionPoint, List<PluginRef>> plugins(ConfigNode node) {
    List<String> fields = new ArrayList<>(List.of("multiPoint", "preEnqueue", "preBind", "postBind"));
    for (ExtensionPoint p : ExtensionPoint.values()) {
      fields.add(p.field());
    }
    node.allowOnly(fields.toArray(String[]::new));
    for (String unsupported : List.of("preEnqueue", "preBind", "postBind")) {
      if (!node.field(unsupported).field("enabled").elements().isEmpty()) {
        throw node.field(unsupported).field("enabled").error("no plugins exist for this extension point");
      }
    }
    // multiPoint: the defaults, less what it disables, plus what it enables.
    List<PluginRef> multi = new ArrayList<>(DEFAULT_PLUGINS);
    ConfigNode multiNode = node.field("multiPoint");
    applyDisabled(multi, multiNode.allowOnly("enabled", "disabled").field("disabled"));
    for (ConfigNode e : multiNode.field("enabled").elements()) {
      PluginRef ref = pluginRef(e, true);
      if (catalog.extensionPoints(ref.name()).isEmpty()) {
        throw e.field("name").error("plugin \"" + ref.name() + "\" implements no extension point");
      }
      upsert(multi, ref);
    }
    Map<ExtensionPoint, List<PluginRef>> out = new EnumMap<>(ExtensionPoint.class);
    for (ExtensionPoint point : ExtensionPoint.values()) {
      List<PluginRef> list = new ArrayList<>();
      for (PluginRef ref : multi) {
        if (catalog.extensionPoints(ref.name()).contains(point)) {
          list.add(point == ExtensionPoint.SCORE ? new PluginRef(ref.name(), Math.max(1, ref.weight())) : PluginRef.of(ref.name()));
        }
      }
      ConfigNode pointNode = node.field(point.field()).allowOnly("enabled", "disabled");
      applyDisabled(list, pointNode.field("disabled"));
      for (ConfigNode e : pointNode.field("enabled").elements()) {
        PluginRef ref = pluginRef(e, point == ExtensionPoint.SCORE);
        if (!catalog.extensionPoints(ref.name()).contains(point)) {
          throw e.field("name").error("plugin \"" + ref.name() + "\" does not implement the " + point.field() + " extension point");
        }
        if (point == ExtensionPoint.SCORE && ref.weight() == 0) {
          String n = ref.name();
          ref = new PluginRef(n, list.stream().filter(r -> r.name().equals(n)).mapToInt(PluginRef::weight).findFirst().orElse(1));
        }
        upsert(list, point == ExtensionPoint.SCORE ? ref : PluginRef.of(ref.name()));
      }
      out.put(point, list);
    }
    if (out.get(ExtensionPoint.QUEUE_SORT).size() != 1) {
      throw node.field("queueSort").error("exactly one queueSort plugin must be enabled, got " + out.get(ExtensionPoint.QUEUE_SORT).size());
    }
    if (out.get(ExtensionPoint.BIND).isEmpty()) {
      throw node.field("bind").error("at least one bind plugin must be enabled");
    }
    return out;
  }

  private PluginRef pluginRef(ConfigNode e, boolean weighted) {
    e.allowOnly("name", "weight");
    String name = e.field("name").requiredString();
    if (!catalog.contains(name)) {
      throw e.field("name").error("unknown plugin \"" + name + "\"");
    }
    int weight = 0;
    if (!e.field("weight").isMissing()) {
      if (!weighted) {
        throw e.field("weight").error("weights only apply to score plugins");
      }
      weight = e.field("weight").integer(0, 1, 100);
    }
    return new PluginRef(name, weight);
  }

  private void applyDisabled(List<PluginRef> list, ConfigNode disabled) {
    for (ConfigNode d : disabled.elements()) {
      d.allowOnly("name", "weight");
      String name = d.field("name").requiredString();
      if (name.equals("*")) {
        list.clear();
      } else if (!catalog.contains(name)) {
        throw d.field("name").error("unknown plugin \"" + name + "\"");
      } else {
        list.removeIf(r -> r.name().equals(name));
      }
    }
  }

  private static void upsert(List<PluginRef> list, PluginRef ref) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).name().equals(ref.name())) {
        list.set(i, ref);
        return;
      }
    }
    list.add(ref);
  }

  private Map<String, Object> pluginArgs(ConfigNode node, Map<ExtensionPoint, List<PluginRef>> plugins) {
    Map<String, ConfigNode> given = new LinkedHashMap<>();
    for (ConfigNode c : node.elements()) {
      c.allowOnly("name", "args");
      String name = c.field("name").requiredString();
      if (!catalog.contains(name)) {
        throw c.field("name").error("unknown plugin \"" + name + "\"");
      }
      if (given.put(name, c.field("args")) != null) {
        throw c.field("name").error("duplicate configuration for plugin \"" + name + "\"");
      }
    }
    Set<String> enabled = new HashSet<>();
    plugins.values().forEach(l -> l.forEach(r -> enabled.add(r.name())));
    Map<String, Object> out = new HashMap<>();
    for (String name : enabled) {
      ConfigNode args = given.getOrDefault(name, ConfigNode.missing(node.path() + "(" + name + ").args"));
      Object decoded = catalog.decodeArgs(name, args);
      if (decoded != null) {
        out.put(name, decoded);
      }
    }
    for (var e : given.entrySet()) {
      if (!enabled.contains(e.getKey())) {
        // Validated even when the plugin is off, as upstream validates every pluginConfig entry.
        catalog.decodeArgs(e.getKey(), e.getValue());
      }
    }
    return out;
  }
}

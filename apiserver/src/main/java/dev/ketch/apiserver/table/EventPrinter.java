package dev.ketch.apiserver.table;

import static dev.ketch.apiserver.table.Cells.str;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Events as upstream's {@code printEvent} shows them. Both API groups' events share one storage
 * and one printer upstream, which reads the core form; an events.k8s.io/v1 Event is read through
 * the same conversion ({@code regarding} as the involved object, {@code note} as the message, the
 * {@code deprecated*} fields as the old ones).
 */
final class EventPrinter {

  private EventPrinter() {}

  static final List<Column> COLUMNS = List.of(
      Columns.string("Last Seen", Columns.doc("core.v1.Event.lastTimestamp")),
      Columns.string("Type", Columns.doc("core.v1.Event.type")),
      Columns.string("Reason", Columns.doc("core.v1.Event.reason")),
      Columns.string("Object", Columns.doc("core.v1.Event.involvedObject")),
      Columns.wide("Subobject", Columns.doc("core.v1.ObjectReference.fieldPath")),
      Columns.wide("Source", Columns.doc("core.v1.Event.source")),
      Columns.string("Message", Columns.doc("core.v1.Event.message")),
      Columns.wide("First Seen", Columns.doc("core.v1.Event.firstTimestamp")),
      Columns.wide("Count", Columns.doc("core.v1.Event.count")),
      new Column("Name", "string", "name", Columns.doc("meta.v1.ObjectMeta.name"), 1));

  /** The fields the printer reads, in the core form. */
  private record View(
      ObjectMeta metadata, String type, String reason, ObjectReference involved, EventSource source,
      String reportingController, String reportingInstance, String message, String firstTimestamp,
      String lastTimestamp, MicroTime eventTime, Integer count, boolean series, Integer seriesCount,
      MicroTime seriesLastObserved) {}

  static final RowPrinter<Event> CORE = (e, now) -> cells(new View(
      e.getMetadata(), e.getType(), e.getReason(), e.getInvolvedObject(), e.getSource(), e.getReportingComponent(),
      e.getReportingInstance(), e.getMessage(), e.getFirstTimestamp(), e.getLastTimestamp(), e.getEventTime(), e.getCount(),
      e.getSeries() != null, e.getSeries() == null ? null : e.getSeries().getCount(),
      e.getSeries() == null ? null : e.getSeries().getLastObservedTime()), now);

  static final RowPrinter<io.fabric8.kubernetes.api.model.events.v1.Event> EVENTS_V1 = (e, now) -> cells(new View(
      e.getMetadata(), e.getType(), e.getReason(), e.getRegarding(), e.getDeprecatedSource(), e.getReportingController(),
      e.getReportingInstance(), e.getNote(), e.getDeprecatedFirstTimestamp(), e.getDeprecatedLastTimestamp(),
      e.getEventTime(), e.getDeprecatedCount(), e.getSeries() != null, e.getSeries() == null ? null : e.getSeries().getCount(),
      e.getSeries() == null ? null : e.getSeries().getLastObservedTime()), now);

  private static List<Object> cells(View e, Instant now) {
    String first = Cells.time(e.firstTimestamp()) != null ? Cells.age(e.firstTimestamp(), now) : Cells.age(micro(e.eventTime()), now);
    String last = Cells.time(e.lastTimestamp()) != null ? Cells.age(e.lastTimestamp(), now) : first;
    long count = Cells.count(e.count());
    if (e.series()) {
      last = Cells.age(micro(e.seriesLastObserved()), now);
      count = Cells.count(e.seriesCount());
    } else if (count == 0) {
      // Singleton events of the new API have no count.
      count = 1;
    }
    ObjectReference involved = e.involved() == null ? new ObjectReference() : e.involved();
    String kind = str(involved.getKind()).toLowerCase(Locale.ROOT);
    String target = str(involved.getName()).isEmpty() ? kind : kind + "/" + involved.getName();
    return List.of(
        last,
        str(e.type()),
        str(e.reason()),
        target,
        str(involved.getFieldPath()),
        source(e),
        Cells.trimSpace(str(e.message())),
        first,
        count,
        e.metadata() == null ? "" : str(e.metadata().getName()));
  }

  /** {@code component, host}, falling back to the reporting controller and instance. */
  private static String source(View e) {
    String component = e.source() == null ? "" : str(e.source().getComponent());
    String host = e.source() == null ? "" : str(e.source().getHost());
    component = component.isEmpty() ? str(e.reportingController()) : component;
    host = host.isEmpty() ? str(e.reportingInstance()) : host;
    return host.isEmpty() ? component : component + ", " + host;
  }

  private static String micro(MicroTime t) {
    return t == null ? null : t.getTime();
  }
}

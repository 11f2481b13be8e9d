package io.streamrec.jobs.recommend;

import io.streamrec.connectors.codec.DecodeResult;
import io.streamrec.connectors.codec.EventDecoder;
import io.streamrec.connectors.codec.RawRecord;
import io.streamrec.connectors.codec.RejectReason;
import io.streamrec.schemas.RejectedEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.util.EnumMap;
import java.util.Map;

/**
 * Decodes raw input records with {@link EventDecoder}. A valid event goes to the main output as an
 * {@link EnrichedEvent} carrying its arrival time; every other record goes to {@link #REJECTS}
 * with its reason, so no record is lost and bad input never fails the job.
 *
 * <p>Metrics: {@value #PARSED_EVENTS}, and {@value #REJECTED_RECORDS} in one group per reason
 * ({@code <operator>.rejectReason.<REASON>.rejectedRecords}). Stateless; keeps the input order.
 */
public class ParseFunction extends ProcessFunction<RawRecord, EnrichedEvent> {

    private static final long serialVersionUID = 1L;

    /** Side output of the records that could not be used. */
    public static final OutputTag<RejectedEvent> REJECTS =
            new OutputTag<>("rejected-records", TypeInformation.of(RejectedEvent.class));

    /** Counter of valid events. */
    public static final String PARSED_EVENTS = "parsedEvents";

    /** Name of the metric group holding one group per reject reason. */
    public static final String REJECT_REASON_GROUP = "rejectReason";

    /** Counter of rejected records, one per reason group. */
    public static final String REJECTED_RECORDS = "rejectedRecords";

    private final EventDecoder decoder;

    private transient Counter parsedEvents;
    private transient Map<RejectReason, Counter> rejectedRecords;

    public ParseFunction() {
        this(new EventDecoder());
    }

    public ParseFunction(EventDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public void open(OpenContext openContext) {
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        parsedEvents = metrics.counter(PARSED_EVENTS);
        rejectedRecords = new EnumMap<>(RejectReason.class);
        for (RejectReason reason : RejectReason.values()) {
            rejectedRecords.put(reason, metrics.addGroup(REJECT_REASON_GROUP, reason.name()).counter(REJECTED_RECORDS));
        }
    }

    @Override
    public void processElement(RawRecord record, Context ctx, Collector<EnrichedEvent> out) {
        long now = ctx.timerService().currentProcessingTime();
        DecodeResult result = decoder.decode(record, now);

        if (!result.isValid()) {
            rejectedRecords.get(result.reason()).inc();
            ctx.output(REJECTS, result.rejection());
            return;
        }

        parsedEvents.inc();
        long arrival = record.timestamp > 0 ? record.timestamp : now;
        out.collect(new EnrichedEvent(result.event(), arrival));
    }
}

package io.streamrec.jobs.recommend;

import io.streamrec.connectors.codec.RejectReason;
import io.streamrec.schemas.RejectedEvent;
import io.streamrec.schemas.StorefrontEvent;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.streamrec.jobs.recommend.TestData.NOW;
import static io.streamrec.jobs.recommend.TestData.T0;
import static io.streamrec.jobs.recommend.TestData.avroRecord;
import static io.streamrec.jobs.recommend.TestData.textRecord;
import static io.streamrec.jobs.recommend.TestData.view;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParseFunctionTest {

    private OneInputStreamOperatorTestHarness<io.streamrec.connectors.codec.RawRecord, EnrichedEvent> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forProcessFunction(new ParseFunction());
        harness.setProcessingTime(NOW);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void avroEventParsedWithArrivalTime() throws Exception {
        StorefrontEvent event = view("e1", "u1", "a", T0);

        harness.processElement(avroRecord(event, 7), T0);

        List<EnrichedEvent> out = harness.extractOutputValues();
        assertEquals(1, out.size());
        assertEquals(event, out.get(0).event);
        // The record's own timestamp is the arrival time.
        assertEquals(T0, out.get(0).arrivalMillis);
    }

    @Test
    void jsonWithoutTimestampArrivesNow() throws Exception {
        String json = "{\"eventId\":\"e1\",\"userId\":\"u1\",\"itemId\":\"a\",\"eventType\":\"VIEW\",\"eventTime\":" + T0 + "}";

        harness.processElement(textRecord(json, 1), T0);

        List<EnrichedEvent> out = harness.extractOutputValues();
        assertEquals(1, out.size(), () -> "rejects: " + rejects());
        assertEquals(NOW, out.get(0).arrivalMillis);
    }

    @Test
    void badRecordsRejectedWithReason() throws Exception {
        harness.processElement(textRecord("not an event", 3), T0);
        harness.processElement(textRecord("{\"eventId\":\"e2\",\"userId\":\"u1\"}", 4), T0);

        assertTrue(harness.extractOutputValues().isEmpty());
        List<RejectedEvent> rejects = rejects();
        assertEquals(2, rejects.size());
        assertEquals(RejectReason.UNDECODABLE.name(), rejects.get(0).getReason());
        assertEquals(3L, rejects.get(0).getSourceOffset());
        assertEquals(RejectReason.MISSING_FIELD.name(), rejects.get(1).getReason());
    }

    private List<RejectedEvent> rejects() {
        return harness.getSideOutput(ParseFunction.REJECTS) == null
                ? List.of()
                : harness.getSideOutput(ParseFunction.REJECTS).stream().map(StreamRecord::getValue).toList();
    }
}

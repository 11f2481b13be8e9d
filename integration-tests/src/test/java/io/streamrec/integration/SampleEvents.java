package io.streamrec.integration;

import io.streamrec.connectors.datasets.DatasetFiles;
import io.streamrec.connectors.datasets.DatasetFormat;
import io.streamrec.connectors.datasets.ParsedRow;
import io.streamrec.schemas.StorefrontEvent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Valid events of the real dataset samples, for the end-to-end tests. */
final class SampleEvents {

    /** The Taobao UserBehavior sample: 110,300 rows with non-decreasing timestamps over 2.2 hours. */
    static final String TAOBAO_SAMPLE = "taobao-userbehavior/UserBehavior_head110k_timeordered.csv.gz";

    private SampleEvents() {}

    /**
     * Returns the first {@code count} valid events of the Taobao sample in event-time order, or
     * skips the calling test when the data folder or the sample is absent. Rows the reader rejects
     * are left out.
     */
    static List<StorefrontEvent> firstTaobaoEvents(int count) throws IOException {
        Path sample = DataFolder.requireFile(TAOBAO_SAMPLE);
        List<ParsedRow> accepted =
                DatasetFiles.readSortedByEventTime(DatasetFormat.TAOBAO, sample, Map.of()).accepted();
        List<StorefrontEvent> events = new ArrayList<>(count);
        for (ParsedRow row : accepted.subList(0, Math.min(count, accepted.size()))) {
            events.add(row.event());
        }
        return events;
    }
}

package io.streamrec.connectors.datasets;

import io.streamrec.schemas.EventType;
import io.streamrec.schemas.StorefrontEvent;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads MovieLens ratings: {@code u.data} of ML-100K (tab-separated {@code user item rating
 * timestamp}, no header), {@code ratings.dat} of ML-1M/10M ({@code ::}-separated) or
 * {@code ratings.csv} of the newer releases (comma-separated, header
 * {@code userId,movieId,rating,timestamp}). The timestamp is Unix epoch seconds. The separator
 * is chosen per line: tab, then {@code ::}, then comma.
 *
 * <p>Ratings are explicit feedback, while the models here learn from implicit events. The mapping
 * follows the usual implicit reading of MovieLens, where a rating of 4 or more is a positive:
 *
 * <table>
 *   <caption>Rating to event type</caption>
 *   <tr><th>rating</th><th>event type</th><th>meaning</th></tr>
 *   <tr><td>4, 4.5, 5</td><td>FAVORITE</td><td>watched and liked</td></tr>
 *   <tr><td>0.5 to 3.5</td><td>VIEW</td><td>watched</td></tr>
 * </table>
 *
 * <p>So every rating counts as an interaction, and liked movies weigh more. The rating itself
 * goes to the event context under {@value #RATING}, as written in the file.
 */
final class MovieLensReader extends LineDatasetReader {
    static final String RATING = "rating";
    /** The lowest rating read as FAVORITE. */
    static final double FAVORITE_MIN_RATING = 4.0;

    private static final double MIN_RATING = 0.5;
    private static final double MAX_RATING = 5.0;
    private static final String SHAPE = "user item rating timestamp";

    MovieLensReader(Path path, String eventIdPrefix) throws IOException {
        super(DatasetFormat.MOVIELENS, path, eventIdPrefix);
        if (firstLine() != null && firstLine().trim().regionMatches(true, 0, "userId", 0, 6)) {
            skipFirstLine();
        }
    }

    @Override
    StorefrontEvent parseEvent(long lineNumber, String line) throws RowRejectedException {
        List<String> fields = split(line);
        Fields.requireColumnCount(fields, 4, SHAPE);

        String user = Fields.requireId(fields.get(0), "user");
        String item = Fields.requireId(fields.get(1), "item");
        String ratingText = Fields.require(fields.get(2), "rating");
        double rating = Fields.parseDecimal(ratingText, "rating");
        if (rating < MIN_RATING || rating > MAX_RATING) {
            throw Fields.invalid("rating", ratingText, "is outside " + MIN_RATING + " to " + MAX_RATING);
        }
        Instant time = EventTimes.fromEpochSeconds(fields.get(3), "timestamp");
        EventType type = rating >= FAVORITE_MIN_RATING ? EventType.FAVORITE : EventType.VIEW;

        return new StorefrontEvent(eventId(lineNumber), user, null, item, type, time, null, null, 1,
                Map.of(RATING, ratingText));
    }

    private static List<String> split(String line) throws RowRejectedException {
        if (line.indexOf('\t') >= 0) {
            return CsvLineSplitter.split(line, '\t');
        }
        if (line.contains("::")) {
            return Arrays.asList(line.split("::", -1));
        }
        return CsvLineSplitter.split(line, ',');
    }
}
